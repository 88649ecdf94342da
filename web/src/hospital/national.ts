// The national output shapes the workstation reads (1101, 2301, settlement), field names as the interface has them.

export interface BaseInfo {
  readonly psn_no: string;
  readonly psn_cert_type: string;
  readonly certno: string;
  readonly psn_name: string;
  readonly gend: string;
  readonly naty: string;
  readonly brdy: string;
  readonly age: number;
}

export interface InsuInfo {
  readonly balc: number;
  readonly insutype: string;
  readonly psn_type: string;
  readonly psn_insu_stas: string;
  readonly psn_insu_date: string;
  readonly cvlserv_flag: string;
  readonly insuplc_admdvs: string;
  readonly emp_name: string | null;
}

/** Extension of 1101: an off-site filing valid for this treatment place on the day asked. */
export interface DclaInfo {
  readonly trt_dcla_detl_sn: string;
  readonly insutype: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
}

export interface PersonInfo {
  readonly baseinfo: BaseInfo;
  readonly insuinfo: readonly InsuInfo[];
  readonly dclainfo: readonly DclaInfo[];
}

/** How the patient was read (1101 mdtrt_cert_type 01 e-voucher, 02 ID number, 03 card + card_sn). */
export interface Credential {
  readonly mdtrt_cert_type: '01' | '02' | '03';
  readonly mdtrt_cert_no: string;
  readonly card_sn?: string;
}

export interface Patient {
  readonly person: PersonInfo;
  readonly credential: Credential;
  /** The insuinfo row chosen for this visit. */
  readonly insurance: InsuInfo;
  readonly read_at: string;
}

/** One row of 2301/2204 result[]: the node's split of the line with the treatment place's catalogue. */
export interface FeeResult {
  readonly feedetl_sn: string;
  readonly det_item_fee_sumamt: number;
  readonly cnt: number;
  readonly pric: number;
  readonly pric_uplmt_amt: number | null;
  readonly selfpay_prop: number;
  readonly fulamt_ownpay_amt: number;
  readonly overlmt_amt: number;
  readonly preselfpay_amt: number;
  readonly inscp_scp_amt: number;
  readonly chrgitm_lv: string;
  readonly med_chrgitm_type: string | null;
  readonly memo: string;
}

export interface SetlInfo {
  readonly setl_id?: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly insutype: string;
  readonly setl_time: string;
  readonly med_type: string;
  readonly medfee_sumamt: number;
  readonly fulamt_ownpay_amt: number;
  readonly overlmt_selfpay: number;
  readonly preselfpay_amt: number;
  readonly inscp_scp_amt: number;
  readonly act_pay_dedc: number;
  readonly hifp_pay: number;
  readonly pool_prop_selfpay: number;
  readonly cvlserv_pay: number;
  readonly hifob_pay: number;
  readonly hifmi_pay: number;
  readonly maf_pay: number;
  readonly oth_pay: number;
  readonly fund_pay_sumamt: number;
  readonly psn_part_amt: number;
  readonly hosp_part_amt: number;
  readonly acct_pay: number;
  readonly psn_cash_pay: number;
  readonly balc: number;
  readonly clr_type: string;
  readonly clr_optins: string;
  readonly pay_loc: string;
  readonly insuplc_admdvs: string;
  readonly dcla_type: string | null;
  readonly trt_dcla_detl_sn: string | null;
  readonly refd_setl_flag?: string;
  readonly init_setl_id?: string | null;
  readonly cancelled_by?: string | null;
}

export interface SetlDetail {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  readonly inscp_scp_amt: number;
  readonly crt_payb_lmt_amt: number;
  readonly fund_payamt: number;
  readonly setl_proc_info: string;
}

/** The answer of 2303/2304/2305 (and 2206/2207/2208, 5203). */
export interface Settlement {
  readonly setlinfo: SetlInfo;
  readonly setldetail: readonly SetlDetail[];
}
