// 2201 门诊挂号: registers an outpatient visit; across provinces only with a valid filing (or an emergency).
// Extension: `med_type` (default 11) and `exp_content.er_flag` let the filing check see an emergency at registration.

import { type HisTransaction, inputNode } from './transaction.ts';
import { admitCommand } from './visit-input.ts';

export const registration: HisTransaction = {
  infno: '2201',
  name: '门诊挂号',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const visit = await context.node.treatment.admit(admitCommand(context, data, 'input.data', false));
    return { data: { mdtrt_id: visit.mdtrt_id, psn_no: visit.psn_no, ipt_otp_no: visit.ipt_otp_no } };
  },
};
