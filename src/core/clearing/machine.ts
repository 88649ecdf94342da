// 清算流程: one period's clearing as a state machine with named transitions; pure, the service persists each state.
import { adjustedBy, type ClearingAdjustment, hospitalKey, pairKey } from './adjustments.ts';
import type { Period } from './facts.ts';
import type { ClearingDifference } from './reconcile.ts';
import type { HospitalStatement, PairTotals } from './totals.ts';

export type Side = 'treatment' | 'insured';

export interface Confirmation {
  readonly province: string;
  readonly side: Side;
  /** Who confirmed (the staff member's username). */
  readonly by: string;
  /** When, China time (yyyy-MM-dd HH:mm:ss), given by the caller: core reads no clock. */
  readonly at: string;
}

/** What the ledger answered when the period was posted (transfers and payment instructions, as it shapes them). */
export interface Posting {
  /** How many ledger transfers the posting made. */
  readonly transfers: number;
  /** Payment instructions (who pays whom, from 预付金 or 财政专户) and net positions, as the ledger shapes them. */
  readonly instructions: readonly unknown[];
  readonly positions: readonly unknown[];
  /** The ledger had posted this period before (same answer). */
  readonly replayed: boolean;
}

/** What collecting and reconciling the facts of a period found. */
export interface ClearingOutcome {
  readonly treatment_facts: number;
  readonly insured_facts: number;
  readonly matched: number;
  readonly pairs: readonly PairTotals[];
  readonly hospitals: readonly HospitalStatement[];
  readonly differences: readonly ClearingDifference[];
  /** 协查核减 booked into the period (absent in runs stored before 协查 existed: none). */
  readonly adjustments?: readonly ClearingAdjustment[];
}

/** Whether a period has anything to clear: settlements or adjustments. */
const hasFacts = (outcome: ClearingOutcome): boolean =>
  outcome.pairs.length > 0 || (outcome.adjustments?.length ?? 0) > 0;

/** The pairs a period concerns: those with records and those with only adjustments. */
function pairsOf(outcome: ClearingOutcome): { treatment_province: string; insured_province: string }[] {
  const seen = new Set(outcome.pairs.map(pairKey));
  const extra = (outcome.adjustments ?? []).filter((a) => !seen.has(pairKey(a)) && seen.add(pairKey(a)));
  return [...outcome.pairs, ...extra];
}

interface RunBase {
  readonly period: Period;
}

/**
 * draft → (reconcile) → blocked | reconciled → (confirmTreatment / confirmInsured …) → confirmed → (post) → posted.
 * A blocked or unconfirmed reconciled period may be reconciled again; from the first confirmation on the facts are
 * frozen and a re-run changes nothing.
 */
export type ClearingRun =
  | (RunBase & { readonly status: 'draft' })
  | (RunBase & { readonly status: 'blocked'; readonly outcome: ClearingOutcome })
  | (RunBase & {
      readonly status: 'reconciled' | 'confirmed';
      readonly outcome: ClearingOutcome;
      readonly confirmations: readonly Confirmation[];
    })
  | (RunBase & {
      readonly status: 'posted';
      readonly outcome: ClearingOutcome;
      readonly confirmations: readonly Confirmation[];
      readonly posting: Posting;
    });

export type ClearingStatus = ClearingRun['status'];

/** A domain failure with a stable code (the edge maps it: REST 409/403, CLI exit code). */
export class ClearingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ClearingBlockedError extends ClearingError {
  constructor(period: Period, differences: number) {
    super('clearing-blocked', `${period}清算对账有${differences}处差异，须先处理差异再确认`);
  }
}

export class ClearingNotReconciledError extends ClearingError {
  constructor(period: Period) {
    super('clearing-not-reconciled', `${period}尚未对账，请先执行清算`);
  }
}

export class NotAPartyError extends ClearingError {
  constructor(period: Period, province: string, side: Side) {
    super(
      'clearing-not-a-party',
      `${province}在${period}没有作为${side === 'treatment' ? '就医地' : '参保地'}的清算数据，无需确认`,
    );
  }
}

export class ClearingNotConfirmedError extends ClearingError {
  constructor(period: Period, missing: readonly string[]) {
    super('clearing-not-confirmed', `${period}尚有未确认的一方：${missing.join('、')}`);
  }
}

export class ClearingEmptyError extends ClearingError {
  constructor(period: Period) {
    super('clearing-empty', `${period}没有跨省结算数据，无需过账`);
  }
}

export class PeriodNotClosedError extends ClearingError {
  constructor(period: Period) {
    super('period-not-closed', `${period}尚未结束，月度清算须在次月进行`);
  }
}

/** A period may be cleared once it is over: `today` (China date, yyyy-MM-dd) is in a later month. */
export function assertPeriodClosed(period: Period, today: string): void {
  if (today.slice(0, 7) <= period) throw new PeriodNotClosedError(period);
}

export const draftRun = (period: Period): ClearingRun => ({ period, status: 'draft' });

/** Whether the facts are frozen: a re-run returns the stored run unchanged. */
export function isFrozen(run: ClearingRun): boolean {
  return (
    run.status === 'posted' ||
    run.status === 'confirmed' ||
    (run.status === 'reconciled' && run.confirmations.length > 0)
  );
}

/** draft | blocked | reconciled (unconfirmed) → blocked | reconciled; a frozen run stays as it is. */
export function reconcileRun(run: ClearingRun, outcome: ClearingOutcome): ClearingRun {
  if (isFrozen(run)) return run;
  if (outcome.differences.length > 0) return { period: run.period, status: 'blocked', outcome };
  return withConfirmations(run.period, outcome, []);
}

/** Who must confirm: each treatment province and each insured province of every pair, in that role. */
export function requiredConfirmations(outcome: ClearingOutcome): { province: string; side: Side }[] {
  const seen = new Set<string>();
  const out: { province: string; side: Side }[] = [];
  for (const pair of pairsOf(outcome))
    for (const [province, side] of [
      [pair.treatment_province, 'treatment'],
      [pair.insured_province, 'insured'],
    ] as const) {
      const id = `${side}|${province}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ province, side });
    }
  return out.sort((a, b) =>
    a.side === b.side ? (a.province < b.province ? -1 : 1) : a.side === 'treatment' ? -1 : 1,
  );
}

export function missingConfirmations(run: ClearingRun): string[] {
  if (run.status === 'draft' || run.status === 'blocked') return [];
  return requiredConfirmations(run.outcome)
    .filter((r) => !run.confirmations.some((c) => c.province === r.province && c.side === r.side))
    .map((r) => `${r.province}（${r.side === 'treatment' ? '就医地' : '参保地'}）`);
}

/** 就医地确认: the treatment province confirms every pair it advanced for. */
export const confirmTreatment = (run: ClearingRun, province: string, by: string, at: string): ClearingRun =>
  confirm(run, { province, side: 'treatment', by, at });

/** 参保地确认: the insured province confirms every pair it owes. */
export const confirmInsured = (run: ClearingRun, province: string, by: string, at: string): ClearingRun =>
  confirm(run, { province, side: 'insured', by, at });

function confirm(run: ClearingRun, confirmation: Confirmation): ClearingRun {
  if (run.status === 'draft') throw new ClearingNotReconciledError(run.period);
  if (run.status === 'blocked') throw new ClearingBlockedError(run.period, run.outcome.differences.length);
  const { province, side } = confirmation;
  if (!requiredConfirmations(run.outcome).some((r) => r.province === province && r.side === side))
    throw new NotAPartyError(run.period, province, side);
  // Confirming twice is confirming once: the first confirmation (who, when) stands.
  if (run.confirmations.some((c) => c.province === province && c.side === side)) return run;
  if (run.status === 'posted') return run;
  return withConfirmations(run.period, run.outcome, [...run.confirmations, confirmation]);
}

function withConfirmations(
  period: Period,
  outcome: ClearingOutcome,
  confirmations: readonly Confirmation[],
): ClearingRun {
  const run: ClearingRun = { period, status: 'reconciled', outcome, confirmations };
  // A period without facts has nobody to confirm and stays open: it may still be run once its facts arrive.
  return hasFacts(outcome) && missingConfirmations(run).length === 0 ? { ...run, status: 'confirmed' } : run;
}

/** What posting a run means now: call the ledger, or answer what it answered before. */
export function postingStep(run: ClearingRun): 'post' | 'replay' {
  if (run.status === 'posted') return 'replay';
  if (run.status === 'draft') throw new ClearingNotReconciledError(run.period);
  if (run.status === 'blocked') throw new ClearingBlockedError(run.period, run.outcome.differences.length);
  if (!hasFacts(run.outcome)) throw new ClearingEmptyError(run.period);
  if (run.status !== 'confirmed') throw new ClearingNotConfirmedError(run.period, missingConfirmations(run));
  return 'post';
}

/** confirmed → posted, with the ledger's answer; a posted run stays as it was. */
export function postRun(run: ClearingRun, posting: Posting): ClearingRun {
  if (postingStep(run) === 'replay') return run;
  const confirmed = run as Extract<ClearingRun, { status: 'reconciled' | 'confirmed' }>;
  return {
    period: run.period,
    status: 'posted',
    outcome: confirmed.outcome,
    confirmations: confirmed.confirmations,
    posting,
  };
}

/**
 * What clearing asks the ledger to post: what the insured province owes the treatment province, the funds' share and
 * the personal-account payments (个人账户) apart, per pair and per hospital.
 */
export interface ClearingPostings {
  readonly pairs: readonly {
    treatment_province: string;
    insured_province: string;
    fund_fen: number;
    acct_pay_fen: number;
  }[];
  readonly hospitals: readonly {
    province: string;
    fixmedins_code: string;
    fund_fen: number;
    acct_pay_fen: number;
  }[];
}

export function postingsOf(outcome: ClearingOutcome): ClearingPostings {
  const adjustments = outcome.adjustments ?? [];
  const byPair = adjustedBy(adjustments, pairKey);
  const byHospital = adjustedBy(adjustments, hospitalKey);
  const pairs = new Map(
    outcome.pairs.map((p) => [
      pairKey(p),
      {
        treatment_province: p.treatment_province,
        insured_province: p.insured_province,
        // 协查核减: the insured place owes that much less of the fund's share.
        fund_fen: p.fund_fen - (byPair.get(pairKey(p)) ?? 0),
        // The treatment place advanced the account payments to the hospital too; the insured place repays both.
        acct_pay_fen: p.acct_pay_fen,
      },
    ]),
  );
  const hospitals = new Map(
    outcome.hospitals.map((h) => [
      hospitalKey(h),
      {
        province: h.treatment_province,
        fixmedins_code: h.fixmedins_code,
        // What the agency advanced to the hospital (就医地垫付), less what 协查 took back from it; a posted period has
        // no difference, so the rest is all cleared.
        fund_fen: h.fund_fen - (byHospital.get(hospitalKey(h)) ?? 0),
        acct_pay_fen: h.acct_pay_fen,
      },
    ]),
  );
  // A pair or hospital with an adjustment but no record this period is owed back the adjustment alone.
  for (const a of adjustments) {
    if (!pairs.has(pairKey(a)))
      pairs.set(pairKey(a), {
        treatment_province: a.treatment_province,
        insured_province: a.insured_province,
        fund_fen: -(byPair.get(pairKey(a)) ?? 0),
        acct_pay_fen: 0,
      });
    if (!hospitals.has(hospitalKey(a)))
      hospitals.set(hospitalKey(a), {
        province: a.treatment_province,
        fixmedins_code: a.fixmedins_code,
        fund_fen: -(byHospital.get(hospitalKey(a)) ?? 0),
        acct_pay_fen: 0,
      });
  }
  return { pairs: [...pairs.values()], hospitals: [...hospitals.values()] };
}
