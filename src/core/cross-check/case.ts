// 协查: a cross-check case between the insured place (asks, concludes) and the treatment place (answers), as each
// side keeps it — requested → answered → concluded — and the messages that carry it through the hub. Pure: the node
// and the hub apply the same transitions, so a message delivered twice or late changes nothing (docs/cross-checks.md).
import { formatYuan } from '../money.ts';
import { addMonths } from '../stats/settlement-stats.ts';

export type CrossCheckStatus = 'requested' | 'answered' | 'concluded';
export type CrossCheckOutcome = 'confirmed' | 'adjusted' | 'refused';
export type CrossCheckRole = 'insured' | 'treatment';

export const OUTCOMES: readonly CrossCheckOutcome[] = ['confirmed', 'adjusted', 'refused'];
export const STATUS_NAMES: Readonly<Record<CrossCheckStatus, string>> = {
  requested: '待答复',
  answered: '已答复待认定',
  concluded: '已办结',
};
export const OUTCOME_NAMES: Readonly<Record<CrossCheckOutcome, string>> = {
  confirmed: '费用属实',
  adjusted: '核减',
  refused: '拒付',
};

/** A one-time inpatient stay above this medical fee is asked about automatically unless the province sets its own. */
export const DEFAULT_AUTO_THRESHOLD_FEN = 3_000_000;
/** Who asked, for a case the national level opened on the insured place's behalf. */
export const AUTOMATIC_REQUESTER = '系统自动（住院费用超过协查阈值）';
/** Documents an answer may carry, and their size in all (they travel in one message). */
export const MAX_DOCUMENTS = 3;
export const MAX_DOCUMENT_BYTES = 256 * 1024;
export const MAX_TEXT = 2_000;

/** The settlement a case is about, as the national level recorded it (no person). */
export interface SettlementRef {
  readonly setl_id: string;
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly setl_time: string;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
}

export interface RequestMessage extends SettlementRef {
  readonly kind: 'request';
  readonly case_id: string;
  readonly automatic: boolean;
  readonly insured_province: string;
  readonly reason: string;
  readonly requested_by: string;
  /** China time, yyyy-MM-dd HH:mm:ss. */
  readonly requested_at: string;
}

export interface DocumentBody {
  readonly name: string;
  readonly content_type: string;
  /** The bytes, base64. */
  readonly data: string;
}

export interface AnswerMessage {
  readonly kind: 'answer';
  readonly case_id: string;
  readonly findings: string;
  readonly proposal: CrossCheckOutcome;
  readonly proposed_fen: number;
  /** The treated person, from the treatment place's settlement: the insured place learns whom the case is about. */
  readonly psn_no: string | null;
  readonly psn_name: string | null;
  readonly documents: readonly DocumentBody[];
  readonly answered_by: string;
  readonly answered_at: string;
}

export interface OutcomeMessage {
  readonly kind: 'outcome';
  readonly case_id: string;
  readonly outcome: CrossCheckOutcome;
  readonly adjustment_fen: number;
  readonly note: string;
  readonly concluded_by: string;
  readonly concluded_at: string;
  /** Filled in by the hub when it books the adjustment and passes the outcome on. */
  readonly clearing_period: string | null;
}

export type CrossCheckMessage = RequestMessage | AnswerMessage | OutcomeMessage;

/** A case as one side keeps it. */
export interface CrossCheckCase extends SettlementRef {
  readonly case_id: string;
  readonly role: CrossCheckRole;
  readonly automatic: boolean;
  readonly status: CrossCheckStatus;
  readonly insured_province: string;
  readonly reason: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly psn_no: string | null;
  readonly psn_name: string | null;
  readonly findings: string | null;
  readonly proposal: CrossCheckOutcome | null;
  readonly proposed_fen: number | null;
  readonly answered_by: string | null;
  readonly answered_at: string | null;
  readonly outcome: CrossCheckOutcome | null;
  readonly adjustment_fen: number | null;
  readonly outcome_note: string | null;
  readonly concluded_by: string | null;
  readonly concluded_at: string | null;
  readonly clearing_period: string | null;
}

/** A transition that cannot happen, with a stable code (REST 409/422) and the field at fault when there is one. */
export class CrossCheckError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CrossCheckError';
  }
}

/** The case id of the automatic request for a settlement: one per settlement, whoever sees the settlement first. */
export const automaticCaseId = (setlId: string): string => `XCA${setlId}`;

/** A manual case's id: the insured province and a unique suffix the caller draws. */
export const manualCaseId = (insuredProvince: string, suffix: string): string =>
  `XC${insuredProvince.slice(0, 2)}${suffix}`;

/** Whether a settlement is asked about automatically: a one-time inpatient stay (not a cancel) above the threshold. */
export function needsAutomaticRequest(
  fact: { med_type: string; refd_setl_flag: string; medfee_fen: number },
  thresholdFen: number,
): boolean {
  return fact.refd_setl_flag === '0' && fact.med_type.startsWith('2') && fact.medfee_fen > thresholdFen;
}

/** A new case from its request message, in this side's role. */
export function caseOfRequest(message: RequestMessage, role: CrossCheckRole): CrossCheckCase {
  return {
    case_id: message.case_id,
    role,
    automatic: message.automatic,
    status: 'requested',
    setl_id: message.setl_id,
    insured_province: message.insured_province,
    treatment_province: message.treatment_province,
    fixmedins_code: message.fixmedins_code,
    insuplc_admdvs: message.insuplc_admdvs,
    med_type: message.med_type,
    setl_time: message.setl_time,
    medfee_fen: message.medfee_fen,
    fund_pay_fen: message.fund_pay_fen,
    reason: message.reason,
    requested_by: message.requested_by,
    requested_at: message.requested_at,
    psn_no: null,
    psn_name: null,
    findings: null,
    proposal: null,
    proposed_fen: null,
    answered_by: null,
    answered_at: null,
    outcome: null,
    adjustment_fen: null,
    outcome_note: null,
    concluded_by: null,
    concluded_at: null,
    clearing_period: null,
  };
}

/**
 * What the settlement's fund payment still allows to be taken back: the fund paid less what earlier concluded cases
 * of the same settlement already adjusted.
 */
export const adjustableFen = (fundPayFen: number, adjustedBeforeFen: number): number =>
  Math.max(0, fundPayFen - adjustedBeforeFen);

/**
 * The amount an outcome takes back: nothing for confirmed, the given amount for adjusted (1 … adjustable), all that
 * is adjustable for refused. Throws naming the field.
 */
export function adjustmentOf(
  outcome: CrossCheckOutcome,
  amountFen: number | undefined,
  adjustable: number,
  field = 'adjustment_fen',
): number {
  if (outcome === 'confirmed' || outcome === 'refused') {
    if (amountFen !== undefined && outcome === 'confirmed' && amountFen !== 0)
      throw new CrossCheckError('amount-invalid', `${field}：费用属实时不核减金额`, field);
    return outcome === 'refused' ? adjustable : 0;
  }
  if (amountFen === undefined)
    throw new CrossCheckError('amount-invalid', `${field}：核减须给出核减金额`, field);
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    throw new CrossCheckError('amount-invalid', `${field}：核减金额须为正的整数分`, field);
  if (amountFen > adjustable)
    throw new CrossCheckError(
      'amount-too-large',
      `${field}：核减金额${formatYuan(amountFen)}元超过可核减的基金支付${formatYuan(adjustable)}元`,
      field,
    );
  return amountFen;
}

/**
 * Applies an answer: requested → answered. The same answer again changes nothing; another answer to an answered or
 * concluded case is refused (`already`), as is an answer to a case this side does not have.
 */
export function applyAnswer(current: CrossCheckCase, message: AnswerMessage): CrossCheckCase {
  if (current.status !== 'requested') {
    if (current.answered_at === message.answered_at && current.answered_by === message.answered_by)
      return current;
    throw new CrossCheckError('already-answered', `协查${current.case_id}已答复，不能再次答复`);
  }
  return {
    ...current,
    status: 'answered',
    findings: message.findings,
    proposal: message.proposal,
    proposed_fen: message.proposed_fen,
    psn_no: current.psn_no ?? message.psn_no,
    psn_name: current.psn_name ?? message.psn_name,
    answered_by: message.answered_by,
    answered_at: message.answered_at,
  };
}

/**
 * Applies an outcome: answered → concluded. The same outcome again only fills in the clearing period the hub booked
 * (it arrives on the hub's copy of the message); another outcome of a concluded case is refused.
 */
export function applyOutcome(current: CrossCheckCase, message: OutcomeMessage): CrossCheckCase {
  if (current.status === 'concluded') {
    if (current.concluded_at !== message.concluded_at || current.outcome !== message.outcome)
      throw new CrossCheckError('already-concluded', `协查${current.case_id}已办结，不能再次认定`);
    return message.clearing_period && !current.clearing_period
      ? { ...current, clearing_period: message.clearing_period }
      : current;
  }
  if (current.status !== 'answered')
    throw new CrossCheckError('not-answered', `协查${current.case_id}尚未答复，不能认定结果`);
  return {
    ...current,
    status: 'concluded',
    outcome: message.outcome,
    adjustment_fen: message.adjustment_fen,
    outcome_note: message.note,
    concluded_by: message.concluded_by,
    concluded_at: message.concluded_at,
    clearing_period: message.clearing_period,
  };
}

/**
 * The month a concluded adjustment is booked in: that of the conclusion, or the first later one whose clearing has not
 * been reconciled yet (`closed`: periods reconciled, confirmed or posted), so that no settled statement changes.
 */
export function bookingPeriod(concludedAt: string, closed: ReadonlySet<string>): string {
  let period = concludedAt.slice(0, 7);
  while (closed.has(period)) period = addMonths(period, 1);
  return period;
}
