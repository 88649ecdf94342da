// 9001 签到: an operator of the institution signs in and gets the sign_no later calls carry.
import { randomInt } from 'node:crypto';
import { formatChinaDateTime } from '../../core/time.ts';
import { stampOf } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const signIn: HisTransaction = {
  infno: '9001',
  name: '签到',
  needsSignIn: false,
  async handle({ request, his, now }) {
    const data = inputNode(request, 'signIn');
    const opterNo = inputText(data, 'input.signIn', 'opter_no', true);
    // 30 characters like the national ones: a time stamp and a random tail nobody can guess.
    const signNo = `${stampOf(now.getTime())}${String(randomInt(10 ** 12)).padStart(13, '0')}`;
    await his.signIn(signNo, request.fixmedins_code, opterNo, now);
    return { signinoutb: { sign_time: formatChinaDateTime(now.getTime()), sign_no: signNo } };
  },
};
