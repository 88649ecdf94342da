// 2405 出院办理撤销: reopens a discharged stay.
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const dischargeCancel: HisTransaction = {
  infno: '2405',
  name: '出院办理撤销',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    const data = inputNode(request, 'data');
    await node.treatment.undoDischarge(
      institution,
      inputText(data, 'input.data', 'mdtrt_id', true),
      inputText(data, 'input.data', 'psn_no', true),
    );
    return {};
  },
};
