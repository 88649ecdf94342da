// 2205 门诊费用明细信息撤销: a charge batch's unsettled lines; chrg_bchno 0000 withdraws every unsettled line.
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const outpatientFeesCancel: HisTransaction = {
  infno: '2205',
  name: '门诊费用明细信息撤销',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    const data = inputNode(request, 'data');
    const batch = inputText(data, 'input.data', 'chrg_bchno', true);
    const withdrawn = await node.treatment.withdrawFees(
      institution,
      inputText(data, 'input.data', 'mdtrt_id', true),
      inputText(data, 'input.data', 'psn_no', true),
      batch === '0000' ? {} : { chrg_bchno: batch },
    );
    return { withdrawn };
  },
};
