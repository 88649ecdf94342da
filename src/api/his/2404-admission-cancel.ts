// 2404 入院办理撤销: only an admission without fee lines (withdraw them first with 2302).
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const admissionCancel: HisTransaction = {
  infno: '2404',
  name: '入院办理撤销',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    const data = inputNode(request, 'data');
    await node.treatment.cancelVisit(
      institution,
      inputText(data, 'input.data', 'mdtrt_id', true),
      inputText(data, 'input.data', 'psn_no', true),
    );
    return {};
  },
};
