// 2303 住院预结算: pre-settles the bill: the insured side decides on a snapshot of the accumulators and nothing changes.
import { settleCommand } from './settle-input.ts';
import type { HisTransaction } from './transaction.ts';

export const inpatientPresettle: HisTransaction = {
  infno: '2303',
  name: '住院预结算',
  needsSignIn: true,
  handle: (context) => context.node.settlement.settle(settleCommand(context, true, true)),
};
