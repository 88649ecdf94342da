// 2305 住院结算撤销: the insured side reverts its decision exactly (accumulators, account); the answer is the settlement negated.
import { cancelCommand } from './settle-input.ts';
import type { HisTransaction } from './transaction.ts';

export const inpatientSettleCancel: HisTransaction = {
  infno: '2305',
  name: '住院结算撤销',
  needsSignIn: true,
  handle: (context) => context.node.settlement.cancel(cancelCommand(context, true)),
};
