// 2202 门诊挂号撤销: only a registration without fee lines (withdraw them first with 2205).
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const registrationCancel: HisTransaction = {
  infno: '2202',
  name: '门诊挂号撤销',
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
