// 2502 转院备案撤销: the hospital that made a referral filing withdraws it; the national index follows.
import type { FilingCancelReply, FilingCancelRequest } from '../../node/insured-messages.ts';
import { askInsuredPlace } from './filing-input.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';
import { insuredPlaceOf } from './visit-input.ts';

export const referralFilingCancel: HisTransaction = {
  infno: '2502',
  name: '转院备案撤销',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const reply = await askInsuredPlace<FilingCancelRequest, FilingCancelReply>(context, 'filing.cancel', {
      kind: 'referral',
      insuplc_admdvs: insuredPlaceOf(context),
      trt_dcla_detl_sn: inputText(data, 'input.data', 'trt_dcla_detl_sn', true),
      psn_no: inputText(data, 'input.data', 'psn_no', true),
      fixmedins_code: context.institution.fixmedins_code,
      memo: inputText(data, 'input.data', 'memo') ?? null,
    });
    if (reply.filing) await context.platform.hub.store.indexFiling(reply.filing);
    return {};
  },
};
