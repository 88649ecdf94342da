// 2601 冲正交易: undoes exactly the effect of the message named by omsgid, if it had one; a message never seen is
// recorded as reversed, so that it is refused if it arrives late (and, for a settlement, so is its decision).
import { fieldError } from './envelope.ts';
import { type HisContext, type HisTransaction, inputNode, inputText } from './transaction.ts';

/** What a reversal did: undone, nothing to undo (the original failed or never came), or recorded for later. */
type Outcome = 'reversed' | 'no-effect' | 'recorded';

const REVERSIBLE = new Set(['2201', '2401', '2204', '2301', '2207', '2304']);
const SETTLEMENTS = new Set(['2207', '2304']);

export const reversal: HisTransaction = {
  infno: '2601',
  name: '冲正交易',
  needsSignIn: true,
  async handle(context) {
    const { request, his } = context;
    const data = inputNode(request, 'data');
    const psnNo = inputText(data, 'input.data', 'psn_no', true);
    const omsgid = inputText(data, 'input.data', 'omsgid', true);
    const oinfno = inputText(data, 'input.data', 'oinfno', true);
    if (omsgid === request.msgid) throw fieldError('input.data.omsgid', '不能冲正本报文');
    if (oinfno === '2601') throw fieldError('input.data.oinfno', '冲正交易本身不能再冲正');
    const original = await his.findMessage(request.fixmedins_code, omsgid);
    if (original && original.request_hash !== '' && original.infno !== oinfno)
      throw fieldError('input.data.oinfno', `与原报文的交易编号${original.infno}不一致`);

    let outcome: Outcome;
    if (!original || original.response === null) {
      // Never answered (or only reversed before): a settlement it made is cancelled; otherwise its key is spent,
      // in case the insured side decided while the answer was lost.
      outcome = SETTLEMENTS.has(oinfno) ? await reverseUnanswered(context, psnNo, omsgid) : 'recorded';
    } else if ((original.response as { infcode?: number }).infcode !== 0) {
      outcome = 'no-effect';
    } else {
      if (!REVERSIBLE.has(oinfno))
        throw fieldError('input.data.oinfno', `${oinfno}交易不支持冲正，请使用对应的撤销交易`);
      await undo(context, oinfno, omsgid, psnNo);
      outcome = 'reversed';
    }
    await his.markReversed(request.fixmedins_code, omsgid, oinfno);
    return { data: { omsgid, oinfno, rvs_rslt: outcome } };
  },
};

/** Undoes one successful message; every step is safe to repeat (a retried 2601 finds it done). */
async function undo(context: HisContext, oinfno: string, omsgid: string, psnNo: string): Promise<void> {
  const { node, institution, request, now } = context;
  const treatment = node.treatment;
  switch (oinfno) {
    case '2207':
    case '2304': {
      const settlement = await node.settlement.settlementMadeBy(institution, omsgid);
      if (settlement && settlement.psn_no !== psnNo)
        throw fieldError('input.data.psn_no', '与原结算的人员编号不一致');
      if (settlement && settlement.cancelled_by === null)
        await node.settlement.cancelSettlement(settlement, request.msgid, now);
      return;
    }
    case '2201':
    case '2401': {
      const visit = await treatment.store.visitOpenedBy(institution.fixmedins_code, omsgid);
      if (visit) await treatment.cancelVisit(institution, visit.mdtrt_id, psnNo);
      return;
    }
    case '2204':
    case '2301': {
      const visits = await treatment.store.visitsOf(institution.fixmedins_code, psnNo);
      const lines = await treatment.store.linesUploadedBy(
        omsgid,
        visits.map((v) => v.mdtrt_id),
      );
      const settled = lines.find((l) => l.setl_id !== null);
      if (settled)
        throw fieldError(
          'input.data.omsgid',
          `原报文上传的费用已结算（结算ID ${settled.setl_id}），请先撤销结算`,
        );
      for (const mdtrtId of new Set(lines.map((l) => l.mdtrt_id)))
        await treatment.store.deleteFeeLines(mdtrtId, { msgid: omsgid });
      return;
    }
  }
}

/**
 * A 2304/2207 whose answer the HIS never got may still have been decided on the insured side. Its key is spent
 * there: a decision is reverted, an absent one can no longer be made.
 */
async function reverseUnanswered(context: HisContext, psnNo: string, omsgid: string): Promise<Outcome> {
  const { node, institution, request, now } = context;
  const settlement = await node.settlement.settlementMadeBy(institution, omsgid);
  if (settlement) {
    if (settlement.cancelled_by === null)
      await node.settlement.cancelSettlement(settlement, request.msgid, now);
    return 'reversed';
  }
  const [visit] = await node.treatment.store.visitsOf(institution.fixmedins_code, psnNo);
  if (!visit) return 'recorded'; // no visit of the person here: no settlement of theirs can be in flight
  const spent = await node.settlement.spendDecision(institution, omsgid, visit);
  return spent.outcome === 'reverted' ? 'reversed' : 'recorded';
}
