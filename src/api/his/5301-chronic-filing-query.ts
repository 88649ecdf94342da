// 5301 人员慢特病备案查询: a person's chronic and special disease qualifications, asked of the insured place.
import { FILING_STATUS } from '../../core/dictionaries.ts';
import type { FilingQueryReply, FilingQueryRequest } from '../../node/insured-messages.ts';
import { askInsuredPlace } from './filing-input.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';
import { insuredPlaceOf } from './visit-input.ts';

export const chronicFilingQuery: HisTransaction = {
  infno: '5301',
  name: '人员慢特病备案查询',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const reply = await askInsuredPlace<FilingQueryRequest, FilingQueryReply>(context, 'filing.query', {
      kind: 'chronic',
      insuplc_admdvs: insuredPlaceOf(context),
      psn_no: inputText(data, 'input.data', 'psn_no', true),
    });
    return {
      feedetail: reply.chronic.map((c) => ({
        opsp_dise_code: c.opsp_dise_code,
        opsp_dise_name: c.opsp_dise_name,
        begndate: c.begndate,
        enddate: c.enddate,
        // Extensions: where the qualification comes from and whether it stands.
        insutype: c.insutype,
        trt_dcla_detl_sn: c.trt_dcla_detl_sn,
        status: c.status,
        status_name: FILING_STATUS[c.status as keyof typeof FILING_STATUS] ?? c.status,
        fixmedins_code: c.fixmedins_code,
        hosp_ide_date: c.hosp_ide_date,
      })),
    };
  },
};
