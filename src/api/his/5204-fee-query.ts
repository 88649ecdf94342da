// 5204 费用明细查询: the institution's own fee lines of a settlement or a visit, with the split the node answered.
import { fenToYuan } from '../../core/money.ts';
import type { FeeLineRecord } from '../../store/treatment-store.ts';
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

const PATH = 'input.data';

export const feeQuery: HisTransaction = {
  infno: '5204',
  name: '费用明细查询',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    const data = inputNode(request, 'data');
    const psnNo = inputText(data, PATH, 'psn_no', true);
    const setlId = inputText(data, PATH, 'setl_id');
    const mdtrtId = inputText(data, PATH, 'mdtrt_id');
    const store = node.treatment.store;
    if (setlId !== undefined) {
      const settlement = await store.settlement(setlId);
      if (
        !settlement ||
        settlement.fixmedins_code !== institution.fixmedins_code ||
        settlement.psn_no !== psnNo ||
        (mdtrtId !== undefined && settlement.mdtrt_id !== mdtrtId)
      )
        throw fieldError(`${PATH}.setl_id`, `本机构没有该人员结算ID为${setlId}的结算记录`);
      const lines = await store.feeLines(settlement.mdtrt_id, { setl_id: setlId });
      return { feedetail: lines.map((l) => feeRow(l, psnNo)) };
    }
    if (mdtrtId === undefined) throw fieldError(`${PATH}.setl_id`, '结算ID与就诊ID至少填写一个');
    const visit = await node.treatment.ownVisit(institution, mdtrtId, psnNo);
    const lines = await store.feeLines(visit.mdtrt_id);
    return { feedetail: lines.map((l) => feeRow(l, psnNo)) };
  },
};

/** The line as the HIS uploaded it (amounts in yuan) merged with the 2301/2204 result row it was answered. */
function feeRow(record: FeeLineRecord, psnNo: string): Record<string, unknown> {
  const { line } = record;
  return {
    ...record.result,
    feedetl_sn: line.feedetl_sn,
    mdtrt_id: record.mdtrt_id,
    psn_no: psnNo,
    chrg_bchno: record.chrg_bchno,
    fee_ocur_time: line.fee_ocur_time,
    med_list_codg: line.med_list_codg,
    medins_list_codg: line.medins_list_codg ?? null,
    det_item_fee_sumamt: fenToYuan(line.amount_fen),
    cnt: line.cnt_e4 / 10_000,
    pric: line.pric_e6 / 1_000_000,
    hosp_appr_flag: line.hosp_appr_flag,
    setl_id: record.setl_id,
  };
}
