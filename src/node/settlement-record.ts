// A settlement as the treatment node stores it and the HIS reads it: setlinfo and setldetail[] in the national shapes.
import type { Institution } from '../core/dataset/model.ts';
import { isInpatientMedType } from '../core/dictionaries.ts';
import type { BillTotals } from '../core/engine/model.ts';
import { setldetail, setlinfo } from '../core/engine/national-shapes.ts';
import { fenToYuan } from '../core/money.ts';
import { ageOn } from '../core/time.ts';
import type { SettlementRecord, VisitRecord } from '../store/treatment-store.ts';
import type { DecideReply } from './insured-messages.ts';

/** 清算类别 (national base): 21 住院, 41 药店购药, 11 门诊. */
export function clearingTypeOf(medType: string): string {
  if (isInpatientMedType(medType)) return '21';
  if (medType === '41') return '41';
  return '11';
}

/** 清算方式 01 按项目: every settlement here is itemised. */
const CLR_WAY = '01';

export interface SettlementFacts {
  readonly setl_id: string | null;
  readonly visit: VisitRecord;
  readonly institution: Institution;
  readonly med_type: string;
  readonly mdtrt_cert_type: string | null;
  readonly setl_time: string;
  readonly msgid: string;
  readonly decision_key: string;
  readonly chrg_bchno: string | null;
  readonly totals: BillTotals;
  readonly reply: DecideReply;
  readonly crossProvince: boolean;
}

export function settlementOutput(facts: SettlementFacts): SettlementRecord {
  const { visit, reply, totals } = facts;
  const person = reply.person;
  const decision = reply.decision;
  const clrType = clearingTypeOf(facts.med_type);
  const info = {
    mdtrt_id: visit.mdtrt_id,
    ...(facts.setl_id === null ? {} : { setl_id: facts.setl_id }),
    psn_no: person.psn_no,
    psn_name: person.psn_name,
    psn_cert_type: person.psn_cert_type,
    certno: person.certno,
    gend: person.gend,
    naty: person.naty,
    brdy: person.brdy,
    age: ageOn(person.brdy, facts.setl_time.slice(0, 10)),
    insutype: person.insutype,
    psn_type: person.psn_type,
    cvlserv_flag: person.cvlserv_flag,
    setl_time: facts.setl_time,
    mdtrt_cert_type: facts.mdtrt_cert_type,
    med_type: facts.med_type,
    ...setlinfo(totals, decision),
    acct_mulaid_pay: 0,
    hifdm_pay: 0,
    medins_setl_id: facts.msgid,
    clr_optins: facts.institution.pooling_admdvs,
    clr_way: CLR_WAY,
    clr_type: clrType,
    // Extensions: where the patient is insured and whether the settlement is cross-province (pay_loc 4).
    insuplc_admdvs: visit.insuplc_admdvs,
    pay_loc: facts.crossProvince ? '4' : '2',
    dcla_type: reply.dcla_type,
    trt_dcla_detl_sn: visit.trt_dcla_detl_sn,
  };
  return {
    setl_id: facts.setl_id ?? '',
    mdtrt_id: visit.mdtrt_id,
    chrg_bchno: facts.chrg_bchno,
    fixmedins_code: visit.fixmedins_code,
    psn_no: visit.psn_no,
    insutype: visit.insutype,
    insuplc_admdvs: visit.insuplc_admdvs,
    med_type: facts.med_type,
    clr_type: clrType,
    setl_time: facts.setl_time,
    refd_setl_flag: '0',
    init_setl_id: null,
    cancelled_by: null,
    msgid: facts.msgid,
    decision_key: facts.decision_key,
    medfee_sumamt_fen: totals.medfee_fen,
    fund_pay_sumamt_fen: decision.fund_pay_fen,
    psn_part_amt_fen: decision.psn_part_fen,
    hosp_part_amt_fen: decision.hosp_part_fen,
    acct_pay_fen: decision.account?.paid_fen ?? 0,
    psn_cash_pay_fen: decision.psn_cash_fen,
    setlinfo: info,
    setldetail: setldetail(decision),
  };
}

/** Amount fields of setlinfo / setldetail that a cancel negates (ratios, balances and identities stay). */
const NEGATED = new Set([
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'hosp_part_amt',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'acct_mulaid_pay',
  'hifdm_pay',
  'fund_payamt',
]);

function negated<T extends Readonly<Record<string, unknown>>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const key of Object.keys(out))
    if (NEGATED.has(key) && typeof out[key] === 'number')
      out[key] = (out[key] as number) === 0 ? 0 : -(out[key] as number);
  return out as T;
}

/** The cancel record of a settlement: the same amounts negated, as real platforms answer 2208/2305. */
export function cancelRecordOf(
  original: SettlementRecord,
  cancel: { setl_id: string; msgid: string; setl_time: string; balance_after_fen: number },
): SettlementRecord {
  return {
    ...original,
    setl_id: cancel.setl_id,
    setl_time: cancel.setl_time,
    refd_setl_flag: '1',
    init_setl_id: original.setl_id,
    cancelled_by: null,
    msgid: cancel.msgid,
    medfee_sumamt_fen: -original.medfee_sumamt_fen,
    fund_pay_sumamt_fen: -original.fund_pay_sumamt_fen,
    psn_part_amt_fen: -original.psn_part_amt_fen,
    hosp_part_amt_fen: -original.hosp_part_amt_fen,
    acct_pay_fen: -original.acct_pay_fen,
    psn_cash_pay_fen: -original.psn_cash_pay_fen,
    setlinfo: {
      ...negated(original.setlinfo),
      setl_id: cancel.setl_id,
      init_setl_id: original.setl_id,
      setl_time: cancel.setl_time,
      medins_setl_id: cancel.msgid,
      refd_setl_flag: '1',
      balc: fenToYuan(cancel.balance_after_fen),
    },
    setldetail: original.setldetail.map(negated),
  };
}

/** Settlements not cancelled (of one charge batch, for outpatient). */
export function standingOf(settlements: readonly SettlementRecord[], chrgBchno?: string): SettlementRecord[] {
  return settlements.filter(
    (s) =>
      s.refd_setl_flag === '0' &&
      s.cancelled_by === null &&
      (chrgBchno === undefined || s.chrg_bchno === chrgBchno),
  );
}
