// The shapes of the portal and public API answers this area reads (docs/portal.md), as far as the screens use them.

export interface Person {
  readonly psn_no: string;
  readonly psn_name: string;
  readonly certno: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
}

export interface Insurance {
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly psn_type: string;
  readonly psn_insu_stas: string;
  readonly emp_name: string | null;
}

/** GET /api/portal/me */
export interface Me {
  readonly person: Person;
  readonly insurances: readonly Insurance[];
}

export interface LoginCodeAnswer {
  readonly sent: boolean;
  readonly expires_at: string;
  /** Only in the demo world, which has no SMS gateway. */
  readonly demo_code?: string;
}

export interface FilingRules {
  readonly auto_approve_commitment: boolean;
  readonly change_wait_months: number;
  readonly temporary_months: number;
  readonly temporary_shorter_allowed: boolean;
  readonly backdate_max_days: number;
}

/** GET /api/portal/filing-notice: the 备案告知书 and 个人承诺书 of the insured region, and its rules. */
export interface FilingNotice {
  readonly notice_version: string;
  readonly notice: string;
  readonly commitment_version: string;
  readonly commitment: string;
  readonly rules: FilingRules;
}

// A filing's shape is declared once, beside the server code that answers it.
import type { FilingContact as Contact } from '../../../src/core/filing/view-contract.ts';

export type {
  FilingContact as Contact,
  FilingHistoryView as FilingHistoryEntry,
  FilingMaterialView as Material,
  FilingProofView as FilingProof,
  FilingView as Filing,
  ShownFilingStatus as FilingStatus,
} from '../../../src/core/filing/view-contract.ts';

export interface ApplicationBody {
  readonly insutype: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate?: string | null;
  readonly contact: Contact;
  readonly notice_version: string;
  readonly proof:
    | { readonly kind: 'materials'; readonly material_ids: readonly string[] }
    | { readonly kind: 'commitment'; readonly text_version: string; readonly signed_name: string }
    | null;
}

/** One pooling region (统筹区) of GET /api/public/regions, with what is open there. */
export interface RegionStatus {
  readonly admdvs: string;
  readonly name: string;
  readonly province: string;
  readonly province_name: string;
  readonly inpatient: boolean;
  readonly outpatient: boolean;
  readonly chronic: readonly string[];
  readonly hospitals: number;
  readonly pharmacies: number;
}

export interface Institution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  /** 1 医疗机构, 2 零售药店 */
  readonly fixmedins_type: string;
  readonly hosp_lv: string;
  readonly admdvs: string;
  readonly pooling_admdvs: string;
  readonly province: string;
  readonly services: {
    readonly inpatient: boolean;
    readonly outpatient: boolean;
    readonly chronic?: readonly string[];
  };
  readonly addr: string | null;
  readonly tel: string | null;
}

export interface Page<T> {
  readonly total: number;
  readonly page: number;
  readonly page_size: number;
  readonly items: readonly T[];
}

export interface Agency {
  readonly admdvs: string;
  readonly region_name: string;
  readonly province: string;
  readonly province_name: string;
  readonly name: string;
  readonly tel: string | null;
  readonly addr: string | null;
  readonly hours: string | null;
}

/** Yuan as text with two decimals ("17500.00"), as the record routes answer money. */
type Yuan = string;

export interface SettlementItem {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly kind: 'settlement' | 'cancel';
  readonly status: 'settled' | 'cancelled';
  readonly status_name: string;
  readonly cancel: { readonly setl_id: string; readonly setl_time: string } | null;
  readonly init_setl_id: string | null;
  readonly cross_province: boolean;
  readonly insutype: string;
  readonly insutype_name: string;
  readonly treatment: {
    readonly admdvs: string;
    readonly name: string;
    readonly province: string;
    readonly province_name: string;
  };
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly med_type: string;
  readonly med_type_name: string;
  readonly inpatient: boolean;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly setl_time: string;
  readonly medfee_sumamt: Yuan;
  readonly fund_pay_sumamt: Yuan;
  readonly psn_part_amt: Yuan;
  readonly acct_pay: Yuan;
  readonly psn_cash_pay: Yuan;
  readonly hosp_part_amt: Yuan;
  readonly advance_avoided: Yuan;
}

export interface SettlementList {
  readonly year: number | null;
  readonly summary: {
    readonly settled: number;
    readonly cancelled: number;
    readonly medfee_sumamt: Yuan;
    readonly fund_pay_sumamt: Yuan;
    readonly psn_part_amt: Yuan;
    readonly advance_avoided: Yuan;
  };
  readonly settlements: readonly SettlementItem[];
}

export interface FeeLine {
  readonly feedetl_sn: string;
  readonly fee_ocur_time: string;
  readonly med_list_codg: string;
  readonly name: string | null;
  readonly chrgitm_lv: string;
  readonly chrgitm_lv_name: string;
  readonly med_chrgitm_type_name: string | null;
  readonly cnt: number;
  readonly pric: string;
  readonly pric_uplmt_amt: Yuan | null;
  readonly selfpay_prop: number;
  readonly det_item_fee_sumamt: Yuan;
  readonly fulamt_ownpay_amt: Yuan;
  readonly overlmt_amt: Yuan;
  readonly preselfpay_amt: Yuan;
  readonly inscp_scp_amt: Yuan;
  readonly memo: string;
}

export interface FundLayer {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  readonly inscp_scp_amt: Yuan;
  readonly crt_payb_lmt_amt: Yuan;
  readonly fund_payamt: Yuan;
  /** The engine's own explanation, e.g. 起付线1000.00；10000.00×85%+10000.00×90%=17500.00 */
  readonly setl_proc_info: string;
}

export interface SettlementDetail extends SettlementItem {
  readonly catalogue: {
    readonly medfee_sumamt: Yuan;
    readonly fulamt_ownpay_amt: Yuan;
    readonly overlmt_selfpay: Yuan;
    readonly preselfpay_amt: Yuan;
    readonly inscp_scp_amt: Yuan;
  };
  readonly act_pay_dedc: Yuan;
  readonly pool_prop_selfpay: number | null;
  readonly balc: Yuan | null;
  readonly funds: readonly FundLayer[];
  readonly lines: readonly FeeLine[];
  readonly lines_note: string | null;
  readonly conservation: {
    readonly holds: boolean;
    readonly checks: readonly { readonly rule: string; readonly holds: boolean; readonly text: string }[];
  };
}

/** A 门诊慢特病 qualification (参保地认定 or a hospital's 2503 filing). */
export interface Qualification {
  readonly id: string;
  readonly index: number;
  readonly trt_dcla_detl_sn: string | null;
  readonly insutype: string;
  readonly opsp_dise_code: string;
  readonly opsp_dise_name: string | null;
  readonly source: 'insured-place' | 'hospital';
  readonly source_name: string;
  readonly fixmedins_name: string | null;
  readonly hosp_ide_date: string | null;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
  readonly state: 'valid' | 'not-yet-valid' | 'expired' | 'cancelled';
  readonly state_name: string;
  readonly memo: string | null;
  readonly notice: string;
}

export interface ChronicNotice {
  readonly title: string;
  readonly notice_version: string;
  readonly issued_on: string;
  readonly person: {
    readonly psn_name: string;
    readonly certno: string;
    readonly insutype_name: string;
    readonly insuplc_name: string;
  };
  readonly qualification: Omit<Qualification, 'notice'>;
  readonly places: readonly {
    readonly trt_dcla_detl_sn: string;
    readonly dcla_type_name: string;
    readonly place_name: string;
    readonly begndate: string;
    readonly enddate: string | null;
    readonly institutions: readonly {
      readonly fixmedins_code: string;
      readonly fixmedins_name: string;
      readonly hosp_lv_name: string;
      readonly place_name: string;
      readonly addr: string | null;
      readonly tel: string | null;
    }[];
  }[];
  readonly bring: readonly string[];
  readonly notes: readonly string[];
  readonly text: string;
}

/** POST /api/portal/evoucher */
export interface Evoucher {
  readonly token: string;
  readonly expires_at: string;
  readonly insuplc_admdvs: string;
  readonly psn_name_masked: string;
}
