// 清算事实: one cross-province settlement or cancel as each side of the saga records it, in fen, keyed alike.
import { parseYuan } from '../money.ts';
import { formatChinaDateTime, parseChinaDateTime } from '../time.ts';

/** A clearing period: a calendar month, China time (yyyy-MM). */
export type Period = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isPeriod = (text: unknown): text is Period => typeof text === 'string' && PERIOD.test(text);

/** The period after `period` (2026-12 → 2027-01). */
export function nextPeriod(period: Period): Period {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** A settlement (+) or the record of its cancellation (amounts negated), which lands in its own period. */
export type FactKind = 'settle' | 'cancel';

/** 个人账户 in setldetail: paid from the person's account, not a fund (it is acct_pay). */
export const ACCOUNT_FUND_TYPE = '310200';

export interface FactAmounts {
  /** 医疗费总额. */
  readonly medfee_fen: number;
  /** 基金支付总额 (sum of fund_by_type). */
  readonly fund_fen: number;
  /** 基金支付 by fund_pay_type (统筹基金 310100, 大额 330100, 大病 390200, …); a cancel's are negative. */
  readonly fund_by_type: Readonly<Record<string, number>>;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}

/**
 * How far past a period's ends both sides are read. A settlement stamped 23:59:59 on the 31st may have its decision
 * recorded a moment later, on the 1st: each fact belongs to the month of its treatment record's time (clearing
 * follows setl_time), so both sides of a boundary event are read in both months and counted in one.
 */
export const BOUNDARY_GRACE_MS = 10 * 60_000;

/** The times read for a period, China time text (`yyyy-MM-dd HH:mm:ss`), from included, to excluded. */
export function periodWindow(period: Period, graceMs = BOUNDARY_GRACE_MS): { from: string; to: string } {
  const start = parseChinaDateTime(`${period}-01 00:00:00`)!;
  const end = parseChinaDateTime(`${nextPeriod(period)}-01 00:00:00`)!;
  return { from: formatChinaDateTime(start - graceMs), to: formatChinaDateTime(end + graceMs) };
}

/** The month of a China time text. */
export const periodOf = (at: string): Period => at.slice(0, 7);

interface FactIdentity {
  /** `<fixmedins_code>:<msgid>`: the idempotency key both sides share. */
  readonly decision_key: string;
  readonly kind: FactKind;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly psn_no: string;
  /** When, China time: the record's setl_time, or the decision's (reversal's) recording time. */
  readonly at: string;
}

/** What the treatment node recorded (就医地): a settlement row or a cancel row of `settlements`. */
export interface TreatmentFact extends FactIdentity, FactAmounts {
  readonly setl_id: string;
  readonly med_type: string;
}

/** What the insured node decided (参保地): a benefit decision, or its reversal (negated). */
export type InsuredFact = FactIdentity & FactAmounts;

/** The key two facts must share to be the same event. */
export const factKey = (fact: { decision_key: string; kind: FactKind }): string =>
  `${fact.decision_key}#${fact.kind}`;

/** The institution of a decision key (`<fixmedins_code>:<msgid>`). */
export const institutionOfKey = (decisionKey: string): string => decisionKey.split(':')[0] ?? '';

/** One setldetail row as stored (the national shape: yuan numbers). */
export interface SetldetailRow {
  readonly fund_pay_type?: unknown;
  readonly fund_payamt?: unknown;
}

/** Fund payments by fund type from setldetail, in fen; the personal account row is not a fund. */
export function fundByTypeOfSetldetail(rows: readonly SetldetailRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) {
    const type = String(row.fund_pay_type ?? '');
    if (type === '' || type === ACCOUNT_FUND_TYPE) continue;
    const parsed = parseYuan(String(row.fund_payamt ?? '0'));
    if (!parsed.ok) throw new Error(`setldetail fund_payamt of ${type} is not an amount: ${row.fund_payamt}`);
    out[type] = (out[type] ?? 0) + parsed.value;
  }
  return withoutZeros(out);
}

/** One layer of a stored decision (参保地's split). */
export interface DecisionLayer {
  readonly fund_pay_type: string;
  readonly paid_fen: number;
}

/** Fund payments by fund type from a decision's layers, in fen. */
export function fundByTypeOfLayers(layers: readonly DecisionLayer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const layer of layers) out[layer.fund_pay_type] = (out[layer.fund_pay_type] ?? 0) + layer.paid_fen;
  return withoutZeros(out);
}

/** The amounts negated (a cancel or a reversal); zero stays zero, not −0. */
export function negatedAmounts(amounts: FactAmounts): FactAmounts {
  const neg = (n: number) => (n === 0 ? 0 : -n);
  return {
    medfee_fen: neg(amounts.medfee_fen),
    fund_fen: neg(amounts.fund_fen),
    fund_by_type: Object.fromEntries(Object.entries(amounts.fund_by_type).map(([k, v]) => [k, neg(v)])),
    acct_pay_fen: neg(amounts.acct_pay_fen),
    psn_cash_fen: neg(amounts.psn_cash_fen),
  };
}

export function withoutZeros(byType: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(byType)
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Adds fund-type maps. */
export function addByType(
  into: Record<string, number>,
  add: Readonly<Record<string, number>>,
): Record<string, number> {
  for (const [type, fen] of Object.entries(add)) into[type] = (into[type] ?? 0) + fen;
  return into;
}
