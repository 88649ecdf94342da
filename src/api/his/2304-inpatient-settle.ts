// 2304 住院结算: the saga: split here, decided by the insured node through the hub in one transaction, stored here.
import { settleCommand } from './settle-input.ts';
import type { HisTransaction } from './transaction.ts';

export const inpatientSettle: HisTransaction = {
  infno: '2304',
  name: '住院结算',
  needsSignIn: true,
  handle: (context) => context.node.settlement.settle(settleCommand(context, true, false)),
};
