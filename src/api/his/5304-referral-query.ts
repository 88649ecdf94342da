// 5304 转院信息查询: a person's referral filings (异地转诊) whose period meets [begntime, endtime].
import { FILING_STATUS } from '../../core/dictionaries.ts';
import { isCrossProvince } from '../../core/filing/validity.ts';
import type { FilingQueryReply, FilingQueryRequest } from '../../node/insured-messages.ts';
import { fieldError } from './envelope.ts';
import { askInsuredPlace } from './filing-input.ts';
import { type HisTransaction, inputDateTime, inputNode, inputText } from './transaction.ts';
import { insuredPlaceOf } from './visit-input.ts';

const PATH = 'input.data';
/** refmedin fields kept with a filing that 5304 gives back. */
const ECHOED = [
  'tel',
  'addr',
  'insu_optins',
  'diag_code',
  'diag_name',
  'dise_cond_dscr',
  'reflin_medins_no',
  'reflin_medins_name',
  'refl_type',
  'refl_date',
  'refl_rea',
  'refl_opnn',
  'hosp_agre_refl_flag',
  'refl_used_flag',
] as const;

export const referralQuery: HisTransaction = {
  infno: '5304',
  name: '转院信息查询',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const psnNo = inputText(data, PATH, 'psn_no', true);
    const begntime = inputDateTime(data, PATH, 'begntime', true);
    const endtime = inputDateTime(data, PATH, 'endtime', true);
    if (endtime < begntime) throw fieldError(`${PATH}.endtime`, `结束时间${endtime}早于开始时间${begntime}`);
    const reply = await askInsuredPlace<FilingQueryRequest, FilingQueryReply>(context, 'filing.query', {
      kind: 'referral',
      insuplc_admdvs: insuredPlaceOf(context),
      psn_no: psnNo,
      begndate: begntime.slice(0, 10),
      enddate: endtime.slice(0, 10),
    });
    const { person } = reply;
    return {
      refmedin: reply.referrals.map((f) => ({
        insutype: f.insutype,
        dcla_souc: f.dcla_souc,
        psn_no: f.psn_no,
        psn_cert_type: person.psn_cert_type,
        certno: person.certno,
        psn_name: person.psn_name,
        gend: person.gend,
        brdy: person.brdy,
        ...Object.fromEntries(ECHOED.map((k) => [k, f.info[k] ?? null])),
        out_flag: isCrossProvince(f.insuplc_admdvs, f.mdtrtarea_admdvs) ? '1' : '0',
        begndate: f.begndate,
        enddate: f.enddate,
        // Extensions: the filing's id, place, state and the institution that made it.
        trt_dcla_detl_sn: f.trt_dcla_detl_sn,
        dcla_type: f.dcla_type,
        mdtrtarea_admdvs: f.mdtrtarea_admdvs,
        status: f.status,
        status_name: FILING_STATUS[f.status as keyof typeof FILING_STATUS] ?? f.status,
        fixmedins_code: f.fixmedins_code,
        memo: f.memo,
      })),
    };
  },
};
