// 2204 门诊费用明细信息上传: lines of one charge batch (chrg_bchno), split with this province's catalogue.
import { feeUpload } from './fee-input.ts';
import type { HisTransaction } from './transaction.ts';

export const outpatientFees: HisTransaction = {
  infno: '2204',
  name: '门诊费用明细信息上传',
  needsSignIn: true,
  inputPath: 'input',
  async handle({ request, node, institution, now }) {
    const result = await node.treatment.uploadFees(
      institution,
      request.msgid,
      feeUpload(request, true),
      false,
      now,
    );
    return { result };
  },
};
