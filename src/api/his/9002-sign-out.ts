// 9002 签退: ends a sign-in session of the institution.
import { formatChinaDateTime } from '../../core/time.ts';
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const signOut: HisTransaction = {
  infno: '9002',
  name: '签退',
  needsSignIn: false,
  async handle({ request, his, now }) {
    const data = inputNode(request, 'signOut');
    const signNo = inputText(data, 'input.signOut', 'sign_no', true);
    if (!(await his.signOut(signNo, request.fixmedins_code, now)))
      throw fieldError('input.signOut.sign_no', '签到流水号不存在或已签退');
    return { signoutoutb: { sign_time: formatChinaDateTime(now.getTime()) } };
  },
};
