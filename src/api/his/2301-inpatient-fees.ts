// 2301 住院费用明细上传: each line split with the catalogue version valid on its day (就医地目录); result[] per line.
import { feeUpload } from './fee-input.ts';
import type { HisTransaction } from './transaction.ts';

export const inpatientFees: HisTransaction = {
  infno: '2301',
  name: '住院费用明细上传',
  needsSignIn: true,
  inputPath: 'input',
  async handle({ request, node, institution, now }) {
    const result = await node.treatment.uploadFees(
      institution,
      request.msgid,
      feeUpload(request, false),
      true,
      now,
    );
    return { result };
  },
};
