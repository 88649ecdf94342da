// 2207 门诊结算: settles a charge batch through the same saga as 2304.
import { settleCommand } from './settle-input.ts';
import type { HisTransaction } from './transaction.ts';

export const outpatientSettle: HisTransaction = {
  infno: '2207',
  name: '门诊结算',
  needsSignIn: true,
  handle: (context) => context.node.settlement.settle(settleCommand(context, false, false)),
};
