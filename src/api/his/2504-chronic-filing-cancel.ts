// 2504 人员慢特病备案撤销: only a chronic disease filing this institution made.
import { cancelFiling } from './filing-input.ts';
import type { HisTransaction } from './transaction.ts';

export const chronicFilingCancel: HisTransaction = {
  infno: '2504',
  name: '人员慢特病备案撤销',
  needsSignIn: true,
  async handle(context) {
    await cancelFiling(context, 'chronic');
    return {};
  },
};
