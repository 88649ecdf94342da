// The settlement engine's data: fee lines, their split, accumulators and the benefit decision, money in fen.
import type { CatalogueItem } from '../dataset/model.ts';

/** One 费用明细 line as the engine reads it: amount in fen, quantity ×10⁴, unit price ×10⁶ yuan. */
export interface FeeLine {
  readonly feedetl_sn: string;
  readonly med_list_codg: string;
  readonly medins_list_codg?: string | undefined;
  readonly amount_fen: number;
  readonly cnt_e4: number;
  readonly pric_e6: number;
  /** `yyyy-MM-dd HH:mm:ss`, UTC+8. */
  readonly fee_ocur_time: string;
  readonly hosp_appr_flag: string;
}

/** The catalogue split of one line (就医地目录); the four parts add up to the line's amount. */
export interface LineSplit {
  readonly line: FeeLine;
  /** The catalogue version that applied, if the item was found. */
  readonly item: CatalogueItem | undefined;
  readonly fulamt_ownpay_fen: number;
  readonly overlmt_fen: number;
  readonly preselfpay_fen: number;
  readonly inscp_fen: number;
  readonly memo: string;
}

export interface BillTotals {
  readonly medfee_fen: number;
  readonly fulamt_ownpay_fen: number;
  readonly overlmt_fen: number;
  readonly preselfpay_fen: number;
  readonly inscp_fen: number;
}

export interface Visit {
  readonly med_type: string;
  readonly hosp_lv: string;
  readonly begntime: string;
  /** Null while the visit is open (fees may then run up to the settlement time). */
  readonly endtime: string | null;
  readonly dise_codg: string | null;
}

/** Year-to-date counters of one person and insurance type; counter values in fen. */
export interface Accumulators {
  readonly year: number;
  readonly admissions: number;
  readonly counters: Readonly<Record<string, number>>;
}

/** What a settlement adds to the accumulators; a cancel subtracts exactly this. */
export interface AccumulatorDelta {
  readonly year: number;
  readonly admissions: number;
  readonly counters: Readonly<Record<string, number>>;
}

/** The person as the insured side's policy sees them. */
export interface Insured {
  readonly psn_type: string;
  readonly brdy: string;
  readonly cvlserv_flag: string;
  readonly acct_balc_fen: number;
  readonly idet: readonly {
    readonly psn_idet_type: string;
    readonly begntime: string;
    readonly endtime: string | null;
  }[];
}

/** One layer's payment, for setldetail. */
export interface LayerPayment {
  readonly id: string;
  readonly fund_pay_type: string;
  readonly basis_fen: number;
  /** Cap room before this settlement; for a layer without a cap, its payment. */
  readonly limit_fen: number;
  readonly paid_fen: number;
  readonly deductible_fen: number;
  readonly over_cap_fen: number;
  readonly explanation: string;
}

export interface AccountPayment {
  readonly covered_fen: number;
  readonly balance_before_fen: number;
  readonly paid_fen: number;
}

/** The insured side's decision (参保地待遇) on a bill's totals. */
export interface BenefitDecision {
  readonly benefit: string;
  readonly layers: readonly LayerPayment[];
  readonly act_pay_dedc_fen: number;
  /** The basic layer's adjusted ratio where its eligible amount starts on the ladder. */
  readonly pool_prop_bp: number;
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
  readonly hosp_part_fen: number;
  readonly account: AccountPayment | undefined;
  readonly psn_cash_fen: number;
  readonly balance_after_fen: number;
  readonly delta: AccumulatorDelta;
  readonly accumulators: Accumulators;
  readonly warnings: readonly string[];
}

export type { CatalogueItem };
