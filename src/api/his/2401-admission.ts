// 2401 入院办理: admits a patient; across provinces only with a valid filing for this place (or an emergency).

import { type HisTransaction, inputNode } from './transaction.ts';
import { admitCommand } from './visit-input.ts';

export const admission: HisTransaction = {
  infno: '2401',
  name: '入院办理',
  needsSignIn: true,
  inputPath: 'input.mdtrtinfo',
  async handle(context) {
    const node = inputNode(context.request, 'mdtrtinfo');
    const visit = await context.node.treatment.admit(admitCommand(context, node, 'input.mdtrtinfo', true));
    return { result: { mdtrt_id: visit.mdtrt_id } };
  },
};
