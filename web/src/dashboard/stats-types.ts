// The answer of GET /api/public/stats as the dashboard reads it (src/api/rest/public-stats-shapes.ts): yuan as text.

export interface Figures {
  readonly settlements: number;
  readonly medfee_sumamt: string;
  readonly fund_pay_sumamt: string;
  readonly psn_part_amt: string;
  readonly acct_pay: string;
  readonly psn_cash_pay: string;
  /** 人均减少垫付, yuan; null without settlements. */
  readonly advance_avoided_per_settlement: string | null;
  /** 实际报销比例 0–1; null without cost. */
  readonly reimbursement_ratio: number | null;
}

export interface FiguresByKind extends Figures {
  readonly inpatient: Figures;
  readonly outpatient: Figures;
}

export interface Coverage {
  readonly hospitals: number;
  readonly pharmacies: number;
  readonly counties: number;
  readonly counties_with_hospital: number;
  readonly county_share: number | null;
}

export interface ProvinceStats {
  readonly province: string;
  readonly name: string;
  readonly as_treatment: Figures;
  readonly as_insured: Figures;
  readonly coverage: Coverage;
}

export interface FlowStats {
  readonly insured_province: string;
  readonly insured_name: string;
  readonly treatment_province: string;
  readonly treatment_name: string;
  readonly settlements: number;
  readonly fund_pay_sumamt: string;
}

export interface NationalStats {
  readonly from: string;
  readonly to: string;
  readonly generated_at: string;
  readonly nodes: {
    readonly asked: number;
    readonly answered: number;
    readonly missing: readonly { readonly province: string; readonly error: string }[];
  };
  readonly totals: FiguresByKind;
  readonly months: readonly (FiguresByKind & { readonly month: string })[];
  readonly provinces: readonly ProvinceStats[];
  readonly flows: readonly FlowStats[];
  readonly coverage: Coverage;
}
