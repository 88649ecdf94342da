// 2502 转院备案撤销: the hospital that made a referral filing withdraws it; the national index follows.
import { cancelFiling } from './filing-input.ts';
import type { HisTransaction } from './transaction.ts';

export const referralFilingCancel: HisTransaction = {
  infno: '2502',
  name: '转院备案撤销',
  needsSignIn: true,
  async handle(context) {
    await cancelFiling(context, 'referral');
    return {};
  },
};
