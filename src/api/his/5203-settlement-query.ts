// 5203 结算信息查询: a settlement (or cancel record) of this institution, as it was answered, with its status.
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const settlementQuery: HisTransaction = {
  infno: '5203',
  name: '结算信息查询',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    const data = inputNode(request, 'data');
    const psnNo = inputText(data, 'input.data', 'psn_no', true);
    const setlId = inputText(data, 'input.data', 'setl_id', true);
    const mdtrtId = inputText(data, 'input.data', 'mdtrt_id');
    const settlement = await node.treatment.store.settlement(setlId);
    if (
      !settlement ||
      settlement.fixmedins_code !== institution.fixmedins_code ||
      settlement.psn_no !== psnNo ||
      (mdtrtId !== undefined && settlement.mdtrt_id !== mdtrtId)
    )
      throw fieldError('input.data.setl_id', `本机构没有该人员结算ID为${setlId}的结算记录`);
    return {
      setlinfo: {
        ...settlement.setlinfo,
        refd_setl_flag: settlement.refd_setl_flag,
        // Extension: whether a standing settlement has been cancelled since, and by which record.
        cancelled_by: settlement.cancelled_by,
      },
      setldetail: settlement.setldetail,
    };
  },
};
