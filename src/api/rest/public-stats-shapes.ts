// 全国统计 at the edge: fen to yuan text with two decimals, basis points to ratios, codes with their names.
import { bpToRatio, formatYuan } from '../../core/money.ts';
import { regionOf } from '../../core/regions.ts';
import type { Coverage } from '../../core/stats/coverage.ts';
import type { FiguresByKind, SettlementFigures } from '../../core/stats/settlement-stats.ts';
import type { NationalStatistics } from '../../hub/national-stats.ts';

const Nullable = (type: string) => ({ type: [type, 'null'] }) as const;
const YUAN = { type: 'string', description: '元，两位小数' } as const;
const INTEGER = { type: 'integer' } as const;

const FIGURE_PROPERTIES = {
  settlements: { type: 'integer', description: '结算人次（已扣除撤销）' },
  medfee_sumamt: YUAN,
  fund_pay_sumamt: YUAN,
  psn_part_amt: YUAN,
  acct_pay: YUAN,
  psn_cash_pay: YUAN,
  advance_avoided_per_settlement: {
    ...Nullable('string'),
    description: '人均减少垫付（基金支付 ÷ 结算人次），元',
  },
  reimbursement_ratio: { ...Nullable('number'), description: '实际报销比例（基金支付 ÷ 医疗费用），0–1' },
} as const;
const FIGURES = { type: 'object', properties: FIGURE_PROPERTIES } as const;
const FIGURES_BY_KIND = {
  type: 'object',
  properties: { ...FIGURE_PROPERTIES, inpatient: FIGURES, outpatient: FIGURES },
} as const;
const COVERAGE = {
  type: 'object',
  properties: {
    hospitals: { type: 'integer', description: '联网定点医疗机构' },
    pharmacies: { type: 'integer', description: '联网定点零售药店' },
    counties: { type: 'integer', description: '县级行政区' },
    counties_with_hospital: { type: 'integer', description: '至少有一家联网定点医疗机构的县级行政区' },
    county_share: { ...Nullable('number'), description: '县域覆盖率，0–1' },
  },
} as const;

export const NATIONAL_STATS_SCHEMA = {
  type: 'object',
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    generated_at: { type: 'string', description: '统计时间（北京时间）' },
    nodes: {
      type: 'object',
      properties: {
        asked: INTEGER,
        answered: INTEGER,
        missing: {
          type: 'array',
          items: { type: 'object', properties: { province: { type: 'string' }, error: { type: 'string' } } },
        },
      },
    },
    totals: FIGURES_BY_KIND,
    months: {
      type: 'array',
      items: { type: 'object', properties: { month: { type: 'string' }, ...FIGURES_BY_KIND.properties } },
    },
    provinces: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          province: { type: 'string' },
          name: { type: 'string' },
          as_treatment: { ...FIGURES, description: '作为就医地：本省医院为外省参保人的结算' },
          as_insured: { ...FIGURES, description: '作为参保地：本省参保人在外省的结算' },
          coverage: COVERAGE,
        },
      },
    },
    flows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          insured_province: { type: 'string' },
          insured_name: { type: 'string' },
          treatment_province: { type: 'string' },
          treatment_name: { type: 'string' },
          settlements: INTEGER,
          fund_pay_sumamt: YUAN,
        },
      },
    },
    coverage: COVERAGE,
  },
} as const;

const yuanOrNull = (fen: number | null): string | null => (fen === null ? null : formatYuan(fen));

function figures(f: SettlementFigures) {
  return {
    settlements: f.settlements,
    medfee_sumamt: formatYuan(f.medfee_fen),
    fund_pay_sumamt: formatYuan(f.fund_pay_fen),
    psn_part_amt: formatYuan(f.psn_part_fen),
    acct_pay: formatYuan(f.acct_pay_fen),
    psn_cash_pay: formatYuan(f.psn_cash_fen),
    advance_avoided_per_settlement: yuanOrNull(f.advance_avoided_per_settlement_fen),
    reimbursement_ratio: f.reimbursement_ratio_bp === null ? null : bpToRatio(f.reimbursement_ratio_bp),
  };
}

const byKind = (f: FiguresByKind) => ({
  ...figures(f),
  inpatient: figures(f.inpatient),
  outpatient: figures(f.outpatient),
});

function coverage(c: Coverage) {
  return {
    hospitals: c.hospitals,
    pharmacies: c.pharmacies,
    counties: c.counties,
    counties_with_hospital: c.counties_with_hospital,
    county_share: c.county_share_bp === null ? null : bpToRatio(c.county_share_bp),
  };
}

const nameOf = (province: string): string => regionOf(province)?.name ?? province;

export function nationalStatsAnswer(stats: NationalStatistics, generatedAt: string) {
  const coverageOf = new Map(stats.coverage.provinces.map((c) => [c.province, c]));
  return {
    from: stats.from,
    to: stats.to,
    generated_at: generatedAt,
    nodes: stats.nodes,
    totals: byKind(stats.totals),
    months: stats.months.map((m) => ({ month: m.month, ...byKind(m) })),
    provinces: stats.provinces.map((p) => ({
      province: p.province,
      name: nameOf(p.province),
      as_treatment: figures(p.as_treatment),
      as_insured: figures(p.as_insured),
      coverage: coverage(coverageOf.get(p.province)!),
    })),
    flows: stats.flows.map((f) => ({
      insured_province: f.insured_province,
      insured_name: nameOf(f.insured_province),
      treatment_province: f.treatment_province,
      treatment_name: nameOf(f.treatment_province),
      settlements: f.settlements,
      fund_pay_sumamt: formatYuan(f.fund_pay_fen),
    })),
    coverage: coverage(stats.coverage.national),
  };
}
