// 2402 出院办理: the discharge time closes the visit; fees after it are refused.
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputDateTime, inputNode, inputText, optionalList } from './transaction.ts';

export const discharge: HisTransaction = {
  infno: '2402',
  name: '出院办理',
  needsSignIn: true,
  inputPath: 'input.dscginfo',
  async handle({ request, node, institution }) {
    const path = 'input.dscginfo';
    const dscginfo = inputNode(request, 'dscginfo');
    const endtime = inputDateTime(dscginfo, path, 'endtime', true);
    const diseinfo = optionalList(request, 'diseinfo');
    const dscgWay = inputText(dscginfo, path, 'dscg_way');
    if (dscgWay !== undefined && !/^[1-59]$/.test(dscgWay))
      throw fieldError(`${path}.dscg_way`, '应为1至5或9');
    await node.treatment.discharge(
      institution,
      inputText(dscginfo, path, 'mdtrt_id', true),
      inputText(dscginfo, path, 'psn_no', true),
      endtime,
      {
        dise_codg: inputText(dscginfo, path, 'dise_codg') ?? undefined,
        info: { dscginfo, ...(diseinfo.length > 0 ? { dscg_diseinfo: diseinfo } : {}) },
      },
      request.msgid,
    );
    return {};
  },
};
