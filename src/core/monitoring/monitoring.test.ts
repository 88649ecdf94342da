import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MONITORING_SETTINGS,
  daysBefore,
  daysBetween,
  type InstitutionGroup,
  monitor,
  monthAfter,
  monthsBetween,
  type Stay,
  scopeReport,
  summarize,
} from './monitoring.ts';

const group = (extra: Partial<InstitutionGroup> = {}): InstitutionGroup => ({
  fixmedins_code: 'H46010800012',
  fixmedins_name: '海口市第一人民医院',
  pooling_admdvs: '460100',
  insured_province: '130000',
  settlements: 10,
  medfee_fen: 10_000_000,
  selfpaid_fen: 1_000_000,
  inpatient_admissions: 10,
  inpatient_medfee_fen: 10_000_000,
  ...extra,
});
const other = (extra: Partial<InstitutionGroup> = {}) =>
  group({
    fixmedins_code: 'H46020000001',
    fixmedins_name: '三亚市人民医院',
    pooling_admdvs: '460200',
    ...extra,
  });

const stay = (extra: Partial<Stay> = {}): Stay => ({
  mdtrt_id: '46000001',
  psn_no: 'P1',
  fixmedins_code: 'H46010800012',
  pooling_admdvs: '460100',
  insuplc_admdvs: '130100',
  begntime: '2026-05-01 09:00:00',
  endtime: '2026-05-05 10:00:00',
  medfee_fen: 1_000_000,
  ...extra,
});
const SINCE = '2026-05-01';
const kinds = (report: ReturnType<typeof monitor>) => report.alerts.map((a) => a.kind);

describe('monitor', () => {
  it("uses the province's own average of inpatient cost as the norm unless the settings give one", () => {
    const report = monitor({
      groups: [group(), other({ inpatient_medfee_fen: 20_000_000 })],
      stays: [],
      since: SINCE,
    });
    expect(report.norm_fen).toBe(1_500_000);
    expect(report.institutions.map((f) => [f.average_fen, f.over_norm_bp])).toEqual([
      [1_000_000, -3333],
      [2_000_000, 3333],
    ]);
    const given = monitor(
      { groups: [group()], stays: [], since: SINCE },
      { ...DEFAULT_MONITORING_SETTINGS, norm_fen: 800_000 },
    );
    expect(given.norm_fen).toBe(800_000);
  });

  it('alerts an institution more than 30 % over the norm and is silent at exactly 30 %', () => {
    const settings = { ...DEFAULT_MONITORING_SETTINGS, norm_fen: 1_000_000 };
    const over = monitor(
      { groups: [group({ inpatient_medfee_fen: 13_000_001 })], stays: [], since: SINCE },
      settings,
    );
    expect(kinds(over)).toEqual(['cost-over-norm']);
    expect(over.alerts[0]!.explanation).toBe(
      '海口市第一人民医院参保地130000住院次均费用13000.00元，高于本省标准10000.00元30%（阈值30%，10人次）',
    );
    expect(over.alerts[0]!.figures).toEqual({
      average_fen: 1_300_000,
      norm_fen: 1_000_000,
      over_norm_bp: 3000,
      admissions: 10,
    });
    const at = monitor(
      { groups: [group({ inpatient_medfee_fen: 13_000_000 })], stays: [], since: SINCE },
      settings,
    );
    expect(kinds(at)).toEqual([]);
  });

  it('alerts a self-paid share above 20 % and is silent at 20 %', () => {
    const above = monitor({ groups: [group({ selfpaid_fen: 2_000_001 })], stays: [], since: SINCE });
    expect(kinds(above)).toEqual(['selfpaid-share']);
    expect(above.alerts[0]!.figures).toEqual({
      selfpaid_fen: 2_000_001,
      medfee_fen: 10_000_000,
      selfpaid_share_bp: 2000,
    });
    expect(above.alerts[0]!.explanation).toContain('自付费用20000.01元占医疗费用100000.00元的20%，超过20%');
    expect(kinds(monitor({ groups: [group({ selfpaid_fen: 2_000_000 })], stays: [], since: SINCE }))).toEqual(
      [],
    );
  });

  it('has no average, share or alert for a group without admissions or medfee (all cancelled)', () => {
    const report = monitor({
      groups: [
        group({
          settlements: 0,
          medfee_fen: 0,
          selfpaid_fen: 0,
          inpatient_admissions: 0,
          inpatient_medfee_fen: 0,
        }),
      ],
      stays: [],
      since: SINCE,
    });
    expect(report.norm_fen).toBeNull();
    expect(report.institutions[0]).toMatchObject({
      average_fen: null,
      over_norm_bp: null,
      selfpaid_share_bp: null,
    });
    expect(report.alerts).toEqual([]);
  });

  it('counts a readmission on day 15 after the discharge date, not on day 16, at any institution of the province', () => {
    const first = stay({ endtime: '2026-05-05 10:00:00' });
    const day15 = stay({
      mdtrt_id: '46000002',
      fixmedins_code: 'H46020000001',
      pooling_admdvs: '460200',
      begntime: '2026-05-20 08:00:00',
      endtime: null,
    });
    const day16 = stay({ mdtrt_id: '46000003', begntime: '2026-05-21 08:00:00', endtime: null });
    const report = monitor({ groups: [group(), other()], stays: [first, day15], since: SINCE });
    expect(report.alerts).toEqual([
      {
        kind: 'readmission',
        fixmedins_code: 'H46020000001',
        pooling_admdvs: '460200',
        insured_province: '130000',
        mdtrt_id: '46000002',
        psn_no: 'P1',
        figures: {
          days: 15,
          previous_mdtrt_id: '46000001',
          previous_fixmedins_code: 'H46010800012',
          previous_endtime: '2026-05-05 10:00:00',
          begntime: '2026-05-20 08:00:00',
        },
        explanation:
          '参保人P1于2026-05-05从海口市第一人民医院出院，15天后（2026-05-20）再次入住三亚市人民医院（15天内再入院）',
      },
    ]);
    expect(monitor({ groups: [], stays: [first, day16], since: SINCE }).alerts).toEqual([]);
    // Another person's admission is not a readmission; nor is one before the range.
    expect(monitor({ groups: [], stays: [first, { ...day15, psn_no: 'P2' }], since: SINCE }).alerts).toEqual(
      [],
    );
    expect(monitor({ groups: [], stays: [first, day15], since: '2026-06-01' }).alerts).toEqual([]);
  });

  it('alerts one inpatient stay above 30,000 yuan and is silent at 30,000.00', () => {
    const high = monitor({ groups: [], stays: [stay({ medfee_fen: 3_000_001 })], since: SINCE });
    expect(kinds(high)).toEqual(['high-cost']);
    expect(high.alerts[0]!.figures).toEqual({ medfee_fen: 3_000_001, threshold_fen: 3_000_000 });
    expect(high.alerts[0]!.explanation).toBe(
      '参保人P1在H46010800012一次住院医疗费用30000.01元，超过30000.00元（大额费用）',
    );
    expect(kinds(monitor({ groups: [], stays: [stay({ medfee_fen: 3_000_000 })], since: SINCE }))).toEqual(
      [],
    );
  });

  it("scopes a report to a pooling region's institutions and keeps the province's norm", () => {
    const report = monitor({
      groups: [group(), other({ inpatient_medfee_fen: 20_000_000 })],
      stays: [],
      since: SINCE,
    });
    const sanya = scopeReport(report, '460200');
    expect(sanya.norm_fen).toBe(1_500_000);
    expect(sanya.institutions.map((f) => f.fixmedins_code)).toEqual(['H46020000001']);
    expect(sanya.alerts.map((a) => [a.kind, a.fixmedins_code])).toEqual([['cost-over-norm', 'H46020000001']]);
    expect(scopeReport(report, '460100').alerts).toEqual([]);
  });
});

describe('summarize', () => {
  it('adds the rows up per report and per institution over its insured provinces, rounding as the rows do', () => {
    const report = monitor({
      groups: [
        group(),
        group({
          insured_province: '110000',
          settlements: 1,
          medfee_fen: 1,
          selfpaid_fen: 1,
          inpatient_admissions: 1,
          inpatient_medfee_fen: 1,
        }),
        other({ inpatient_medfee_fen: 20_000_000 }),
      ],
      stays: [stay({ medfee_fen: 4_000_000 })],
      since: SINCE,
    });
    const summary = summarize(report);
    expect(summary).toMatchObject({
      settlements: 21,
      medfee_fen: 20_000_001,
      selfpaid_fen: 2_000_001,
      selfpaid_share_bp: 1000,
      inpatient_admissions: 21,
      // 30,000,001 fen over 21 admissions.
      average_fen: 1_428_571,
      alerts: report.alerts.length,
      alerts_by_kind: { 'cost-over-norm': 1, 'selfpaid-share': 1, readmission: 0, 'high-cost': 1 },
    });
    expect(summary.per_institution).toEqual([
      {
        fixmedins_code: 'H46010800012',
        fixmedins_name: '海口市第一人民医院',
        inpatient_admissions: 11,
        average_fen: 909_091,
        over_norm_bp: -3636,
      },
      {
        fixmedins_code: 'H46020000001',
        fixmedins_name: '三亚市人民医院',
        inpatient_admissions: 10,
        average_fen: 2_000_000,
        over_norm_bp: 4000,
      },
    ]);
    expect(summarize(scopeReport(report, '460300'))).toMatchObject({
      settlements: 0,
      average_fen: null,
      selfpaid_share_bp: null,
      per_institution: [],
    });
  });
});

describe('month and day arithmetic', () => {
  it('counts months inclusive, the first day after a month, calendar days and days before', () => {
    expect(monthsBetween('2026-01', '2026-12')).toBe(12);
    expect(monthsBetween('2025-12', '2026-12')).toBe(13);
    expect(monthsBetween('2026-05', '2026-04')).toBe(0);
    expect(monthAfter('2026-12')).toBe('2027-01-01');
    expect(monthAfter('2026-05')).toBe('2026-06-01');
    expect(daysBetween('2026-02-28 23:59:59', '2026-03-01 00:00:00')).toBe(1);
    expect(daysBefore('2026-03-01', 15)).toBe('2026-02-14');
  });
});
