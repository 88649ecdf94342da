// What a treatment node asks an insured node (through the hub) and what it answers: plain JSON, money in fen.
import type { Accumulators, BenefitDecision, BillTotals, Visit } from '../core/engine/model.ts';
import type { ChronicQualification, FilingRecord } from '../store/filing-store.ts';

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
  /**
   * The 门诊慢特病 the person is qualified for on `day` under `insutype` (the record's 参保地认定 and hospitals'
   * 2503 filings), codes like M03900, each once: the treatment side's audit (chronic-disease-item) judges the
   * visit's items against them. Optional: a node that does not send it yet leaves the rule nothing to judge.
   */
  readonly opsp_dise_codes?: readonly string[];
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
  /**
   * The cancel's time as the treatment side stamps its record (China time text), so that both sides put the reversal
   * in the same clearing month; absent (a reversal with no record of its own), the insured node's clock.
   */
  readonly at?: string;
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

// ── filings made by hospitals (2501–2504) and their queries (5301, 5304) ────────────────────────────────────

export type { ChronicQualification, FilingRecord };

interface FilingCreateCommon extends ToInsured {
  /** Idempotency key `<fixmedins_code>:<msgid>`: a retry gets the filing the first message made. */
  readonly request_key: string;
  /** The institution filing (it alone may cancel). */
  readonly fixmedins_code: string;
  /** The day the message arrived (the serial's date). */
  readonly day: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly info: Readonly<Record<string, unknown>>;
}

/** 2501 转院备案: a temporary referral filing to another province's place. */
export interface ReferralFilingRequest extends FilingCreateCommon {
  readonly kind: 'referral';
  readonly mdtrtarea_admdvs: string;
}

/** 2503 人员慢特病备案. */
export interface ChronicFilingRequest extends FilingCreateCommon {
  readonly kind: 'chronic';
  readonly opsp_dise_code: string;
  readonly opsp_dise_name: string;
  readonly hosp_ide_date: string | null;
}

export type FilingCreateRequest = ReferralFilingRequest | ChronicFilingRequest;

export interface FilingCreateReply {
  readonly trt_dcla_detl_sn: string;
  /** The referral filing for the hub's index (null for a chronic filing, which the index does not hold). */
  readonly filing: FilingRecord | null;
  /** True when the request key had made the filing before. */
  readonly replayed: boolean;
}

/** 2502 / 2504: cancels a filing the institution made. */
export interface FilingCancelRequest {
  readonly kind: 'referral' | 'chronic';
  readonly insuplc_admdvs: string;
  readonly psn_no: string;
  readonly trt_dcla_detl_sn: string;
  readonly fixmedins_code: string;
  readonly memo: string | null;
}

export interface FilingCancelReply {
  /** cancelled: now; already: before (a retry). */
  readonly outcome: 'cancelled' | 'already';
  readonly filing: FilingRecord | null;
}

/** 5301 / 5304: a person's chronic qualifications, or referral filings overlapping [begndate, enddate]. */
export interface FilingQueryRequest {
  readonly kind: 'chronic' | 'referral';
  readonly insuplc_admdvs: string;
  readonly psn_no: string;
  readonly begndate?: string;
  readonly enddate?: string;
}

export interface FilingQueryReply {
  /** Identity of the person (the first insurance type), for 5304's rows. */
  readonly person: PersonIdentity;
  readonly chronic: readonly (ChronicQualification & { readonly insutype: string })[];
  readonly referrals: readonly FilingRecord[];
}

/** ReplyError codes of the filing operations, with the field each is about on the HIS side. */
export const FILING_REFUSAL_FIELDS: Readonly<Record<string, string>> = {
  'filing-duplicate': 'begndate',
  'filing-place': 'mdtrtarea_admdvs',
  'filing-period': 'enddate',
  'filing-not-found': 'trt_dcla_detl_sn',
};
