// 2504 人员慢特病备案撤销: only a chronic disease filing this institution made.
import type { FilingCancelReply, FilingCancelRequest } from '../../node/insured-messages.ts';
import { askInsuredPlace } from './filing-input.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';
import { insuredPlaceOf } from './visit-input.ts';

export const chronicFilingCancel: HisTransaction = {
  infno: '2504',
  name: '人员慢特病备案撤销',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    await askInsuredPlace<FilingCancelRequest, FilingCancelReply>(context, 'filing.cancel', {
      kind: 'chronic',
      insuplc_admdvs: insuredPlaceOf(context),
      trt_dcla_detl_sn: inputText(data, 'input.data', 'trt_dcla_detl_sn', true),
      psn_no: inputText(data, 'input.data', 'psn_no', true),
      fixmedins_code: context.institution.fixmedins_code,
      memo: inputText(data, 'input.data', 'memo') ?? null,
    });
    return {};
  },
};
