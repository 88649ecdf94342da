import { describe, expect, it } from 'vitest';
import {
  addMonths,
  aggregatesOfNode,
  figuresOf,
  kindOfMedType,
  mergeAggregates,
  monthSpan,
  monthsBetween,
  type SettlementAggregate,
  type SettlementGroup,
  summarizeSettlements,
  ZERO_SUMS,
} from './settlement-stats.ts';

/** 老张's settlement in 海口: 25,000.00, fund 17,500.00, own 7,500.00 in cash. */
const LAOZHANG = {
  settlements: 1,
  medfee_fen: 2_500_000,
  fund_pay_fen: 1_750_000,
  psn_part_fen: 750_000,
  acct_pay_fen: 0,
  psn_cash_fen: 750_000,
};
const negated = (s: typeof LAOZHANG) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, -v])) as typeof LAOZHANG;

const group = (month: string, insuplc: string, medType: string, sums = LAOZHANG): SettlementGroup => ({
  month,
  insuplc_admdvs: insuplc,
  med_type: medType,
  ...sums,
});

const aggregate = (
  month: string,
  insured: string,
  treatment: string,
  kind: 'inpatient' | 'outpatient',
  sums = LAOZHANG,
): SettlementAggregate => ({
  month,
  insured_province: insured,
  treatment_province: treatment,
  kind,
  ...sums,
});

describe('months', () => {
  it('counts and steps across year ends', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-05', -11)).toBe('2025-06');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthSpan('2025-06', '2026-05')).toBe(12);
    expect(monthSpan('2026-05', '2026-04')).toBe(0);
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError);
  });
});

describe('kinds of care', () => {
  it('counts 医疗类别 2x and 52 生育住院 as inpatient, everything else as outpatient', () => {
    for (const code of ['21', '22', '24', '28', '2101', '52']) expect(kindOfMedType(code)).toBe('inpatient');
    for (const code of ['11', '13', '14', '41', '51']) expect(kindOfMedType(code)).toBe('outpatient');
  });
});

describe('figures', () => {
  it('derives 人均减少垫付 and 实际报销比例 from the sums, rounded once half up', () => {
    expect(figuresOf(LAOZHANG)).toMatchObject({
      advance_avoided_per_settlement_fen: 1_750_000,
      reimbursement_ratio_bp: 7000,
    });
    // 100.00 over 3 settlements is 33.333… → 33.33; 2/3 of the cost is 6666.67 bp → 6667.
    expect(
      figuresOf({ ...ZERO_SUMS, settlements: 3, fund_pay_fen: 10_000, medfee_fen: 15_000 }),
    ).toMatchObject({ advance_avoided_per_settlement_fen: 3333, reimbursement_ratio_bp: 6667 });
    // 0.05 over 2 settlements is 2.5 fen → 3 (half away from zero).
    expect(figuresOf({ ...ZERO_SUMS, settlements: 2, fund_pay_fen: 5, medfee_fen: 5 })).toMatchObject({
      advance_avoided_per_settlement_fen: 3,
      reimbursement_ratio_bp: 10_000,
    });
  });

  it('has no ratio over nothing, nor over a month where more was cancelled than settled', () => {
    expect(figuresOf(ZERO_SUMS)).toMatchObject({
      advance_avoided_per_settlement_fen: null,
      reimbursement_ratio_bp: null,
    });
    expect(figuresOf(negated(LAOZHANG))).toMatchObject({
      settlements: -1,
      advance_avoided_per_settlement_fen: null,
      reimbursement_ratio_bp: null,
    });
  });
});

describe('a node’s groups', () => {
  it('keeps only other provinces’ insured, folds 医疗类别 into kinds and regions into provinces', () => {
    const aggregates = aggregatesOfNode('460000', [
      group('2026-05', '130100', '21'),
      group('2026-05', '130200', '22'),
      group('2026-05', '130100', '11', { ...LAOZHANG, medfee_fen: 20_000, fund_pay_fen: 10_000 }),
      group('2026-05', '460100', '21'), // a 海口 patient in a 海口 hospital: not cross-province
    ]);
    expect(aggregates).toEqual([
      aggregate('2026-05', '130000', '460000', 'inpatient', {
        settlements: 2,
        medfee_fen: 5_000_000,
        fund_pay_fen: 3_500_000,
        psn_part_fen: 1_500_000,
        acct_pay_fen: 0,
        psn_cash_fen: 1_500_000,
      }),
      aggregate('2026-05', '130000', '460000', 'outpatient', {
        ...LAOZHANG,
        medfee_fen: 20_000,
        fund_pay_fen: 10_000,
      }),
    ]);
  });
});

describe('merging the nodes’ answers', () => {
  it('adds what shares month, provinces and kind, and drops what nets to nothing', () => {
    const merged = mergeAggregates([
      [aggregate('2026-05', '130000', '460000', 'inpatient')],
      [
        aggregate('2026-05', '130000', '460000', 'inpatient'),
        aggregate('2026-04', '460000', '130000', 'outpatient'),
      ],
      [
        aggregate('2026-04', '460000', '130000', 'outpatient', negated(LAOZHANG)),
        aggregate('2026-05', '110000', '460000', 'inpatient'),
      ],
    ]);
    expect(merged).toEqual([
      aggregate('2026-05', '110000', '460000', 'inpatient'),
      aggregate('2026-05', '130000', '460000', 'inpatient', {
        ...LAOZHANG,
        settlements: 2,
        medfee_fen: 5_000_000,
        fund_pay_fen: 3_500_000,
        psn_part_fen: 1_500_000,
        psn_cash_fen: 1_500_000,
      }),
    ]);
  });
});

describe('the national picture', () => {
  const aggregates = mergeAggregates([
    [
      aggregate('2026-04', '130000', '460000', 'inpatient'),
      // 老张's April settlement cancelled in May: −1 in May, April keeps its +1.
      aggregate('2026-05', '130000', '460000', 'inpatient', negated(LAOZHANG)),
      aggregate('2026-05', '130000', '460000', 'outpatient', {
        ...ZERO_SUMS,
        settlements: 4,
        medfee_fen: 80_000,
        fund_pay_fen: 40_000,
        psn_part_fen: 40_000,
        psn_cash_fen: 40_000,
      }),
      aggregate('2026-03', '110000', '460000', 'inpatient'), // before the range
    ],
    [aggregate('2026-05', '460000', '130000', 'inpatient')],
  ]);
  const stats = summarizeSettlements(aggregates, { from: '2026-04', to: '2026-06' }, [
    '130000',
    '460000',
    '110000',
  ]);

  it('totals the range, net of cancels, in total and by kind', () => {
    expect(stats.totals).toMatchObject({
      settlements: 5,
      medfee_fen: 2_580_000,
      fund_pay_fen: 1_790_000,
      advance_avoided_per_settlement_fen: 358_000,
      reimbursement_ratio_bp: 6938, // 17,900.00 ÷ 25,800.00 = 69.38 %
      inpatient: { settlements: 1, fund_pay_fen: 1_750_000, reimbursement_ratio_bp: 7000 },
      outpatient: { settlements: 4, fund_pay_fen: 40_000, reimbursement_ratio_bp: 5000 },
    });
  });

  it('lists every month of the range, also an empty one', () => {
    expect(stats.months.map((m) => [m.month, m.settlements, m.fund_pay_fen])).toEqual([
      ['2026-04', 1, 1_750_000],
      ['2026-05', 4, 40_000],
      ['2026-06', 0, 0],
    ]);
    expect(stats.months[1]!.inpatient).toMatchObject({ settlements: 0, fund_pay_fen: 0 });
  });

  it('counts each province as treatment place and as insured place', () => {
    expect(
      stats.provinces.map((p) => [p.province, p.as_treatment.settlements, p.as_insured.settlements]),
    ).toEqual([
      ['130000', 1, 4],
      ['460000', 4, 1],
      ['110000', 0, 0],
    ]);
  });

  it('gives the flows insured → treatment, most settlements first', () => {
    expect(stats.flows).toEqual([
      { insured_province: '130000', treatment_province: '460000', settlements: 4, fund_pay_fen: 40_000 },
      { insured_province: '460000', treatment_province: '130000', settlements: 1, fund_pay_fen: 1_750_000 },
    ]);
  });
});
