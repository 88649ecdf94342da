// What a treatment node asks an insured node (through the hub) and what it answers: plain JSON, money in fen.
import type { Accumulators, BenefitDecision, BillTotals, Visit } from '../core/engine/model.ts';

/** The identity fields a settlement sheet and setlinfo carry, as the insured side knows them. */
export interface PersonIdentity {
  readonly psn_no: string;
  readonly psn_name: string;
  readonly psn_cert_type: string;
  readonly certno: string;
  readonly gend: string;
  readonly naty: string;
  readonly brdy: string;
  readonly insutype: string;
  readonly psn_type: string;
  readonly cvlserv_flag: string;
  readonly insuplc_admdvs: string;
}

/** Every request to the insured side names the insured place; the hub routes on it. */
interface ToInsured {
  readonly insuplc_admdvs: string;
  readonly psn_no: string;
  readonly insutype: string;
}

/** 2401/2201: may this person be admitted here on this day, and under which filing? */
export interface EligibilityRequest extends ToInsured {
  /** The institution's region: filings name a province or a pooling region. */
  readonly treatment_admdvs: string;
  readonly day: string;
  readonly emergency: boolean;
}

export interface EligibilityReply {
  readonly person: PersonIdentity;
  /** The filing that applies, or null for an emergency without one or a patient of the same province. */
  readonly filing: { readonly trt_dcla_detl_sn: string; readonly dcla_type: string } | null;
}

/** 2303/2304, 2206/2207: decide the funds' share of a bill. */
export interface DecideRequest extends ToInsured {
  /** Idempotency key: the same key always gets the same decision, applied once. */
  readonly decision_key: string;
  /** Pre-settlement: decide and change nothing. */
  readonly trial: boolean;
  readonly treatment_admdvs: string;
  readonly mdtrt_id: string;
  readonly visit: Visit;
  readonly emergency: boolean;
  readonly totals: BillTotals;
  readonly acct_used: boolean;
  readonly setl_time: string;
}

export interface DecideReply {
  readonly decision: BenefitDecision;
  readonly person: PersonIdentity;
  /** The filing category the decision used (after the emergency rule). */
  readonly dcla_type: string | null;
  /** True when the key had been decided before and this is the stored decision. */
  readonly replayed: boolean;
}

/** 2305/2208 and 2601: undo a decision exactly; a key never decided is spent so a late decision is refused. */
export interface RevertRequest extends ToInsured {
  readonly decision_key: string;
  readonly treatment_admdvs: string;
}

export interface RevertReply {
  /** reverted: undone now; already: undone before; spent: there was no decision, and there will be none. */
  readonly outcome: 'reverted' | 'already' | 'spent';
  readonly decision: BenefitDecision | null;
  /** The personal account's balance after the reversal. */
  readonly balance_fen: number;
}

/** 5206: a person's accumulators. */
export interface AccumulatorsRequest extends ToInsured {}
export interface AccumulatorsReply {
  readonly person: PersonIdentity;
  readonly accumulators: readonly (Accumulators & { readonly insutype: string })[];
}

/** Operations the insured node serves and the hub forwards, by bus subject suffix. */
export const INSURED_OPERATIONS = [
  'visit.eligibility',
  'benefit.decide',
  'benefit.revert',
  'accumulators.query',
  'filing.create',
  'filing.cancel',
  'filing.query',
] as const;
export type InsuredOperation = (typeof INSURED_OPERATIONS)[number];

/** The hub's ReplyError code when the insured node did not answer: the caller may retry with the same key. */
export const INSURED_UNAVAILABLE = 'insured-unavailable';
