// 2206 门诊预结算: pre-settles a charge batch: decided on a snapshot, nothing changes.
import { settleCommand } from './settle-input.ts';
import type { HisTransaction } from './transaction.ts';

export const outpatientPresettle: HisTransaction = {
  infno: '2206',
  name: '门诊预结算',
  needsSignIn: true,
  handle: (context) => context.node.settlement.settle(settleCommand(context, false, true)),
};
