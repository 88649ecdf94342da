// 医疗行为监控: figures per institution × insured province and the alerts they raise (docs/audit.md, "Monitoring").
// Pure: the store hands in grouped figures and bounded rows, this turns them into figures and alerts.
import { formatYuan } from '../money.ts';
import { provinceOf } from '../regions.ts';
import { addMonths, monthsBetween as monthList } from '../stats/settlement-stats.ts';
import { addDays, daysBetween } from '../time.ts';

/** Thresholds of the monitoring; a province stores its own over these defaults (settings.ts). */
export interface MonitoringSettings {
  /** An institution's average cost per admission more than this over the norm raises an alert (3000 = 30 %). */
  readonly cost_over_norm_bp: number;
  /** A self-paid share above this raises an alert (2000 = 20 %). */
  readonly selfpaid_share_bp: number;
  /** A new admission at most this many days after a discharge is a readmission (day 15 counts, day 16 not). */
  readonly readmission_days: number;
  /** One inpatient stay's medfee above this is a high-cost case (大额费用). */
  readonly high_cost_fen: number;
  /** The norm of the average cost per admission; null = the province's own average over the range. */
  readonly norm_fen: number | null;
}

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = {
  cost_over_norm_bp: 3_000,
  selfpaid_share_bp: 2_000,
  readmission_days: 15,
  high_cost_fen: 3_000_000,
  norm_fen: null,
};

/** Grouped figures of one institution for one insured province, settlements net of their cancels. */
export interface InstitutionGroup {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly pooling_admdvs: string;
  /** The insured province, XX0000. */
  readonly insured_province: string;
  readonly settlements: number;
  readonly medfee_fen: number;
  /** 全自费 + 超限价 + 先行自付, in fen. */
  readonly selfpaid_fen: number;
  /** Inpatient settlements net of cancels, and their medfee. */
  readonly inpatient_admissions: number;
  readonly inpatient_medfee_fen: number;
}

/** One inpatient stay (visit) of a cross-province patient; times as the HIS wrote them (yyyy-MM-dd HH:mm:ss). */
export interface Stay {
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly fixmedins_code: string;
  readonly pooling_admdvs: string;
  readonly insuplc_admdvs: string;
  readonly begntime: string;
  readonly endtime: string | null;
  /** Net medfee of the stay's settlements (0 when not settled). */
  readonly medfee_fen: number;
}

export interface InstitutionFigures extends InstitutionGroup {
  /** Average medfee per inpatient admission, rounded half up; null without admissions. */
  readonly average_fen: number | null;
  readonly norm_fen: number | null;
  /** (average − norm) / norm in basis points; null without an average or a norm. */
  readonly over_norm_bp: number | null;
  /** selfpaid / medfee in basis points; null when medfee is 0. */
  readonly selfpaid_share_bp: number | null;
}

export type AlertKind = 'cost-over-norm' | 'selfpaid-share' | 'readmission' | 'high-cost';

export interface MonitoringAlert {
  readonly kind: AlertKind;
  readonly fixmedins_code: string;
  readonly pooling_admdvs: string;
  readonly insured_province: string;
  /** The visit it is about (readmission: the second one; high-cost: the stay). */
  readonly mdtrt_id: string | null;
  readonly psn_no: string | null;
  /** The figures behind the alert: amounts in fen, ratios in basis points, days. */
  readonly figures: Readonly<Record<string, number | string>>;
  readonly explanation: string;
}

export interface MonitoringReport {
  readonly norm_fen: number | null;
  readonly institutions: readonly InstitutionFigures[];
  readonly alerts: readonly MonitoringAlert[];
}

/** a / b rounded half up, for non-negative integers (b > 0). */
const ratioRounded = (a: number, b: number): number => Math.floor((2 * a + b) / (2 * b));

/** Basis points of a over b, rounded half up (a may be negative after cancels: clamped at 0). */
export const basisPoints = (a: number, b: number): number => ratioRounded(Math.max(a, 0) * 10_000, b);

const yuan = formatYuan;
const percent = (bp: number): string => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

export { daysBetween };

/** The province's norm: its institutions' inpatient medfee over their admissions, or the settings' own. */
export function normOf(groups: readonly InstitutionGroup[], settings: MonitoringSettings): number | null {
  if (settings.norm_fen !== null) return settings.norm_fen;
  const admissions = groups.reduce((n, g) => n + g.inpatient_admissions, 0);
  const medfee = groups.reduce((n, g) => n + g.inpatient_medfee_fen, 0);
  return admissions > 0 && medfee >= 0 ? ratioRounded(medfee, admissions) : null;
}

/**
 * Readmissions: a person admitted again (at any institution of the province) at most `readmission_days` calendar days
 * after the date of an earlier stay's discharge — discharged on 05-01, admitted 05-16 is day 15 and counts, 05-17 not.
 * Only stays that begin at or after `since` (the first day of the range) are reported as the second admission.
 */
export function readmissionsOf(
  stays: readonly Stay[],
  settings: MonitoringSettings,
  since: string,
): { readonly first: Stay; readonly second: Stay; readonly days: number }[] {
  const byPerson = new Map<string, Stay[]>();
  for (const stay of stays) byPerson.set(stay.psn_no, [...(byPerson.get(stay.psn_no) ?? []), stay]);
  const found: { first: Stay; second: Stay; days: number }[] = [];
  for (const own of byPerson.values()) {
    const ordered = [...own].sort(
      (a, b) => a.begntime.localeCompare(b.begntime) || a.mdtrt_id.localeCompare(b.mdtrt_id),
    );
    ordered.forEach((second, i) => {
      if (second.begntime < since) return;
      // The latest discharge before this admission decides.
      const first = ordered
        .slice(0, i)
        .filter((s): s is Stay & { endtime: string } => s.endtime !== null && s.endtime <= second.begntime)
        .sort((a, b) => b.endtime.localeCompare(a.endtime))[0];
      if (!first) return;
      const days = daysBetween(first.endtime, second.begntime);
      if (days <= settings.readmission_days) found.push({ first, second, days });
    });
  }
  return found.sort((a, b) => b.second.begntime.localeCompare(a.second.begntime));
}

/** The figures per institution × insured province and the alerts, ordered by kind then institution. */
export function monitor(
  input: {
    readonly groups: readonly InstitutionGroup[];
    readonly stays: readonly Stay[];
    readonly since: string;
  },
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
): MonitoringReport {
  const norm = normOf(input.groups, settings);
  const institutions = input.groups.map((g): InstitutionFigures => {
    const average =
      g.inpatient_admissions > 0
        ? ratioRounded(Math.max(g.inpatient_medfee_fen, 0), g.inpatient_admissions)
        : null;
    return {
      ...g,
      average_fen: average,
      norm_fen: norm,
      over_norm_bp:
        average !== null && norm !== null && norm > 0 ? Math.round(((average - norm) * 10_000) / norm) : null,
      selfpaid_share_bp: g.medfee_fen > 0 ? basisPoints(g.selfpaid_fen, g.medfee_fen) : null,
    };
  });
  const alerts: MonitoringAlert[] = [];
  for (const f of institutions) {
    const base = {
      fixmedins_code: f.fixmedins_code,
      pooling_admdvs: f.pooling_admdvs,
      insured_province: f.insured_province,
      mdtrt_id: null,
      psn_no: null,
    };
    // In integers: total > norm × admissions × (1 + X).
    if (
      f.average_fen !== null &&
      norm !== null &&
      f.inpatient_medfee_fen * 10_000 > norm * f.inpatient_admissions * (10_000 + settings.cost_over_norm_bp)
    )
      alerts.push({
        ...base,
        kind: 'cost-over-norm',
        figures: {
          average_fen: f.average_fen,
          norm_fen: norm,
          over_norm_bp: f.over_norm_bp ?? 0,
          admissions: f.inpatient_admissions,
        },
        explanation: `${f.fixmedins_name}参保地${f.insured_province}住院次均费用${yuan(f.average_fen)}元，高于本省标准${yuan(norm)}元${percent(f.over_norm_bp ?? 0)}（阈值${percent(settings.cost_over_norm_bp)}，${f.inpatient_admissions}人次）`,
      });
    if (f.selfpaid_share_bp !== null && f.selfpaid_fen * 10_000 > f.medfee_fen * settings.selfpaid_share_bp)
      alerts.push({
        ...base,
        kind: 'selfpaid-share',
        figures: {
          selfpaid_fen: f.selfpaid_fen,
          medfee_fen: f.medfee_fen,
          selfpaid_share_bp: f.selfpaid_share_bp,
        },
        explanation: `${f.fixmedins_name}参保地${f.insured_province}自付费用${yuan(f.selfpaid_fen)}元占医疗费用${yuan(f.medfee_fen)}元的${percent(f.selfpaid_share_bp)}，超过${percent(settings.selfpaid_share_bp)}`,
      });
  }
  const nameOf = new Map(input.groups.map((g) => [g.fixmedins_code, g.fixmedins_name]));
  const name = (code: string) => nameOf.get(code) ?? code;
  for (const { first, second, days } of readmissionsOf(input.stays, settings, input.since))
    alerts.push({
      kind: 'readmission',
      fixmedins_code: second.fixmedins_code,
      pooling_admdvs: second.pooling_admdvs,
      insured_province: provinceOf(second.insuplc_admdvs),
      mdtrt_id: second.mdtrt_id,
      psn_no: second.psn_no,
      figures: {
        days,
        previous_mdtrt_id: first.mdtrt_id,
        previous_fixmedins_code: first.fixmedins_code,
        previous_endtime: first.endtime ?? '',
        begntime: second.begntime,
      },
      explanation: `参保人${second.psn_no}于${first.endtime?.slice(0, 10)}从${name(first.fixmedins_code)}出院，${days}天后（${second.begntime.slice(0, 10)}）再次入住${name(second.fixmedins_code)}（${settings.readmission_days}天内再入院）`,
    });
  const high = input.stays
    .filter((s) => s.begntime >= input.since || (s.endtime ?? '') >= input.since)
    .filter((s) => s.medfee_fen > settings.high_cost_fen)
    .sort((a, b) => b.begntime.localeCompare(a.begntime));
  for (const stay of high)
    alerts.push({
      kind: 'high-cost',
      fixmedins_code: stay.fixmedins_code,
      pooling_admdvs: stay.pooling_admdvs,
      insured_province: provinceOf(stay.insuplc_admdvs),
      mdtrt_id: stay.mdtrt_id,
      psn_no: stay.psn_no,
      figures: { medfee_fen: stay.medfee_fen, threshold_fen: settings.high_cost_fen },
      explanation: `参保人${stay.psn_no}在${name(stay.fixmedins_code)}一次住院医疗费用${yuan(stay.medfee_fen)}元，超过${yuan(settings.high_cost_fen)}元（大额费用）`,
    });
  return { norm_fen: norm, institutions, alerts };
}

/** How many months from `from` to `to` (yyyy-MM), both included; 0 when `to` comes first. */
export const monthsBetween = (from: string, to: string): number => monthList(from, to).length;

/** The first day of the month after `month` (yyyy-MM → yyyy-MM-01). */
export const monthAfter = (month: string): string => `${addMonths(month, 1)}-01`;

/**
 * The part of a report a pooling region's clerk sees: its institutions' figures and alerts. The norm stays the
 * province's (computed before scoping), and a readmission is the region's when its second admission is.
 */
export function scopeReport(report: MonitoringReport, pooling_admdvs: string): MonitoringReport {
  return {
    norm_fen: report.norm_fen,
    institutions: report.institutions.filter((f) => f.pooling_admdvs === pooling_admdvs),
    alerts: report.alerts.filter((a) => a.pooling_admdvs === pooling_admdvs),
  };
}

/** The report in a few figures (the console's cards) and each institution over all insured provinces (its chart). */
export interface MonitoringSummary {
  readonly settlements: number;
  readonly medfee_fen: number;
  readonly selfpaid_fen: number;
  readonly selfpaid_share_bp: number | null;
  readonly inpatient_admissions: number;
  readonly average_fen: number | null;
  readonly alerts: number;
  readonly alerts_by_kind: Readonly<Record<AlertKind, number>>;
  readonly per_institution: readonly {
    readonly fixmedins_code: string;
    readonly fixmedins_name: string;
    readonly inpatient_admissions: number;
    readonly average_fen: number | null;
    readonly over_norm_bp: number | null;
  }[];
}

/** Sums a (possibly scoped) report, with the same rounding as its rows. */
export function summarize(report: MonitoringReport): MonitoringSummary {
  const sum = (rows: readonly InstitutionFigures[], pick: (f: InstitutionFigures) => number) =>
    rows.reduce((n, f) => n + pick(f), 0);
  const averageOf = (rows: readonly InstitutionFigures[]) => {
    const admissions = sum(rows, (f) => f.inpatient_admissions);
    return admissions > 0
      ? ratioRounded(
          Math.max(
            sum(rows, (f) => f.inpatient_medfee_fen),
            0,
          ),
          admissions,
        )
      : null;
  };
  const rows = report.institutions;
  const medfee = sum(rows, (f) => f.medfee_fen);
  const selfpaid = sum(rows, (f) => f.selfpaid_fen);
  const byCode = new Map<string, InstitutionFigures[]>();
  for (const f of rows) byCode.set(f.fixmedins_code, [...(byCode.get(f.fixmedins_code) ?? []), f]);
  const norm = report.norm_fen;
  const alerts_by_kind: Record<AlertKind, number> = {
    'cost-over-norm': 0,
    'selfpaid-share': 0,
    readmission: 0,
    'high-cost': 0,
  };
  for (const a of report.alerts) alerts_by_kind[a.kind] += 1;
  return {
    settlements: sum(rows, (f) => f.settlements),
    medfee_fen: medfee,
    selfpaid_fen: selfpaid,
    selfpaid_share_bp: medfee > 0 ? basisPoints(selfpaid, medfee) : null,
    inpatient_admissions: sum(rows, (f) => f.inpatient_admissions),
    average_fen: averageOf(rows),
    alerts: report.alerts.length,
    alerts_by_kind,
    per_institution: [...byCode.values()].map((own) => {
      const average = averageOf(own);
      return {
        fixmedins_code: own[0]!.fixmedins_code,
        fixmedins_name: own[0]!.fixmedins_name,
        inpatient_admissions: sum(own, (f) => f.inpatient_admissions),
        average_fen: average,
        over_norm_bp:
          average !== null && norm !== null && norm > 0
            ? Math.round(((average - norm) * 10_000) / norm)
            : null,
      };
    }),
  };
}

/** The calendar day `days` before `day` (yyyy-MM-dd). */
export const daysBefore = (day: string, days: number): string => addDays(day, -days);
