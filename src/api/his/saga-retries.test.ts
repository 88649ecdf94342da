// Retries and reversals of the saga: the same msgid answers the same and counts once; 2601 undoes exactly one effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  admit,
  cancelInput,
  type HisWorld,
  HOSPITAL,
  placeOf,
  reversalInput,
  settleInput,
  standardBill,
  startHisWorld,
} from '../../../test/support/his-world.ts';

let world: HisWorld;

beforeAll(async () => {
  world = await startHisWorld();
});
afterAll(async () => {
  await world?.close();
});

/** A visit of 老张 with the standard bill uploaded; returns its mdtrt_id. */
async function billedVisit(): Promise<string> {
  const mdtrtId = await admit(world.his);
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
  return mdtrtId;
}

async function linesOf(mdtrtId: string) {
  return world.platform.db.query<{ feedetl_sn: string; setl_id: string | null }>(
    'SELECT feedetl_sn, setl_id FROM node_460000.fee_lines WHERE mdtrt_id = $1 ORDER BY feedetl_sn',
    [mdtrtId],
  );
}

async function decisionStatus(msgid: string): Promise<string | undefined> {
  const [row] = await world.platform.db.query<{ status: string }>(
    'SELECT status FROM node_130000.benefit_decisions WHERE decision_key = $1',
    [`${HOSPITAL.fixmedins_code}:${msgid}`],
  );
  return row?.status;
}

/** Cancels every standing settlement of 老张's visits so that each test starts from the deductible of a first stay. */
async function cancelAll(): Promise<void> {
  const standing = await world.platform.db.query<{ mdtrt_id: string; setl_id: string }>(
    "SELECT mdtrt_id, setl_id FROM node_460000.settlements WHERE refd_setl_flag = '0' AND cancelled_by IS NULL",
  );
  for (const s of standing) await world.his.ok('2305', cancelInput(s.mdtrt_id, s.setl_id));
}

describe('a retry under the same msgid', () => {
  it('a repeated 2304 returns the identical answer and counts the stay once', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const body = world.his.envelope('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
    const first = await world.send(body);
    expect(first.infcode).toBe(0);
    // 21,000.00 in scope − 1,000.00 deductible: 10,000.00 × 85% + 10,000.00 × 90% = 17,500.00; the account
    // (3,200.00) pays towards the person's 7,500.00.
    expect(first.output.setlinfo).toMatchObject({
      fund_pay_sumamt: 17500,
      act_pay_dedc: 1000,
      psn_part_amt: 7500,
      acct_pay: 3200,
      psn_cash_pay: 4300,
      balc: 0,
    });
    const after = await world.readings();
    expect(after).toEqual({
      admissions: before.admissions + 1,
      counters: {
        'pool.paid': (before.counters['pool.paid'] ?? 0) + 1_750_000,
        'pool.eligible': (before.counters['pool.eligible'] ?? 0) + 2_000_000,
      },
      balance: before.balance - 320_000,
    });
    const stored = await world.stored();

    // The retry reorders the envelope's fields, as a HIS re-serialising its message may: still the same message.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await world.send(reordered);
    expect(again).toEqual(first);
    const third = await world.send(body);
    expect(third).toEqual(first);
    expect(await world.readings()).toEqual(after);
    expect(await world.stored()).toEqual(stored);
  });

  it('a repeated 2305 returns the identical answer and gives back the stay once', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const settled = await world.his.ok('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
    const body = world.his.envelope('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
    const first = await world.send(body);
    expect(first.infcode).toBe(0);
    expect(first.output.setlinfo).toMatchObject({
      fund_pay_sumamt: -17500,
      psn_part_amt: -7500,
      acct_pay: -3200,
      balc: 3200,
      init_setl_id: settled.setlinfo.setl_id,
    });
    expect(await world.readings()).toEqual(before);
    const stored = await world.stored();

    expect(await world.send(body)).toEqual(first);
    expect(await world.readings()).toEqual(before);
    expect(await world.stored()).toEqual(stored);
  });

  it('a different body under a used msgid is refused and changes nothing', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const msgid = world.his.nextMsgid();
    const first = await world.his.call('2304', settleInput(mdtrtId), { msgid });
    expect(first.infcode).toBe(0);
    const readings = await world.readings();
    const stored = await world.stored();

    const other = await world.his.call('2304', settleInput(mdtrtId, { acct_used_flag: '1' }), { msgid });
    expect(other).toMatchObject({
      infcode: -1,
      err_msg: 'msgid：该报文ID已使用，且报文内容不同',
      output: null,
    });
    // Another transaction under the msgid is another body too.
    const cancel = await world.his.call('2305', cancelInput(mdtrtId, first.output.setlinfo.setl_id), {
      msgid,
    });
    expect(cancel.err_msg).toBe('msgid：该报文ID已使用，且报文内容不同');
    expect(await world.readings()).toEqual(readings);
    expect(await world.stored()).toEqual(stored);
    // The first answer is still the one the msgid gives.
    expect(await world.his.call('2304', settleInput(mdtrtId), { msgid })).toEqual(first);
  });

  it('a refused message is refused again the same way, and its msgid cannot be reused for another body', async () => {
    const mdtrtId = await admit(world.his); // nothing uploaded: nothing to settle
    const msgid = world.his.nextMsgid();
    const first = await world.his.call('2304', settleInput(mdtrtId), { msgid });
    expect(first.err_msg).toBe('input.data.mdtrt_id：没有待结算的费用明细，请先上传费用（2301/2204）');
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    expect(await world.his.call('2304', settleInput(mdtrtId), { msgid })).toEqual(first);
    expect(
      (await world.platform.db.query('SELECT 1 FROM node_460000.settlements WHERE msgid = $1', [msgid]))
        .length,
    ).toBe(0);
  });
});

describe('a retry after the answer was lost with the process', () => {
  // The effect commits before its answer is saved under the msgid: a process killed in between leaves the effect and
  // no stored answer, and the HIS retries. Each message recognises its own effect and answers as the first time.
  const forgetAnswer = (msgid: string) =>
    world.platform.db.query('DELETE FROM node_460000.processed_messages WHERE msgid = $1', [msgid]);
  /** What the transaction answered (a new answer has its own envelope ids and time). */
  const outcome = (answer: { infcode: number; err_msg: unknown; output: unknown }) => ({
    infcode: answer.infcode,
    err_msg: answer.err_msg,
    output: answer.output,
  });

  it('2401, 2301 and 2402 sent again answer as the first time and change nothing more', async () => {
    const admission = world.his.envelope('2401', admissionInput(), placeOf());
    const admitted = await world.his.send(admission);
    await forgetAnswer(admission.msgid as string);
    expect(outcome(await world.his.send(admission))).toEqual(outcome(admitted));
    const mdtrtId = admitted.output.result.mdtrt_id as string;
    const visits = await world.platform.db.query('SELECT 1 FROM node_460000.visits WHERE msgid = $1', [
      admission.msgid,
    ]);
    expect(visits).toHaveLength(1);

    const upload = world.his.envelope('2301', { feedetail: standardBill(mdtrtId) });
    const uploaded = await world.his.send(upload);
    await forgetAnswer(upload.msgid as string);
    expect(outcome(await world.his.send(upload))).toEqual(outcome(uploaded));
    expect(await linesOf(mdtrtId)).toHaveLength(standardBill(mdtrtId).length);

    const dscginfo = {
      mdtrt_id: mdtrtId,
      psn_no: '13010000000000001234',
      insutype: '310',
      endtime: '2026-05-12 10:00:00',
    };
    const discharge = world.his.envelope('2402', { dscginfo });
    const discharged = await world.his.send(discharge);
    expect(discharged.infcode).toBe(0);
    await forgetAnswer(discharge.msgid as string);
    expect(outcome(await world.his.send(discharge))).toEqual(outcome(discharged));
    // Another message discharging it again is still refused.
    expect((await world.his.call('2402', { dscginfo })).err_msg).toContain('不能出院办理');
  });
});

describe('2601 after the original', () => {
  it('reversing a 2304 restores the accumulators and the account exactly; the visit settles again under a new msgid', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const msgid = world.his.nextMsgid();
    const settled = await world.his.ok('2304', settleInput(mdtrtId, { acct_used_flag: '1' }), { msgid });
    expect(settled.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, acct_pay: 3200 });
    const during = await world.readings();
    expect(during.admissions).toBe(before.admissions + 1);

    const reversed = await world.his.ok('2601', reversalInput(msgid, '2304'));
    expect(reversed.data).toEqual({ omsgid: msgid, oinfno: '2304', rvs_rslt: 'reversed' });
    expect(await world.readings()).toEqual(before);
    expect(await decisionStatus(msgid)).toBe('reverted');
    expect((await linesOf(mdtrtId)).every((l) => l.setl_id === null)).toBe(true);
    const [original] = await world.platform.db.query<{ cancelled_by: string | null }>(
      'SELECT cancelled_by FROM node_460000.settlements WHERE setl_id = $1',
      [settled.setlinfo.setl_id],
    );
    expect(original!.cancelled_by).not.toBeNull();

    const again = await world.his.ok('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
    expect(again.setlinfo).toMatchObject({
      fund_pay_sumamt: 17500,
      act_pay_dedc: 1000,
      psn_part_amt: 7500,
      acct_pay: 3200,
      psn_cash_pay: 4300,
    });
    expect(again.setlinfo.setl_id).not.toBe(settled.setlinfo.setl_id);
    expect(await world.readings()).toEqual(during);
  });

  it('a retry of the reversed original msgid is refused and settles nothing', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const body = world.his.envelope('2304', settleInput(mdtrtId));
    expect((await world.send(body)).infcode).toBe(0);
    await world.his.ok('2601', reversalInput(body.msgid as string, '2304'));
    const stored = await world.stored();

    const retry = await world.send(body);
    expect(retry).toMatchObject({
      infcode: -1,
      err_msg: 'msgid：该报文已被冲正（2601），不再处理，请使用新的msgid',
    });
    expect(await world.readings()).toEqual(before);
    expect(await world.stored()).toEqual(stored);
  });

  it('a repeated 2601 answers the same and reverses once', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const msgid = world.his.nextMsgid();
    await world.his.ok('2304', settleInput(mdtrtId), { msgid });
    const body = world.his.envelope('2601', reversalInput(msgid, '2304'));
    const first = await world.send(body);
    expect(first.output.data.rvs_rslt).toBe('reversed');
    const stored = await world.stored();
    expect(await world.send(body)).toEqual(first);
    // A new 2601 of the same original (another msgid) finds the settlement cancelled already: it reports the
    // original as reversed and undoes nothing a second time.
    const second = await world.his.ok('2601', reversalInput(msgid, '2304'));
    expect(second.data.rvs_rslt).toBe('reversed');
    expect(await world.readings()).toEqual(before);
    expect(await world.stored()).toEqual(stored);
    expect(await decisionStatus(msgid)).toBe('reverted');
  });

  it('reversing a 2301 removes exactly the lines it uploaded', async () => {
    const mdtrtId = await admit(world.his);
    const bill = standardBill(mdtrtId);
    const firstUpload = world.his.nextMsgid();
    await world.his.ok('2301', { feedetail: bill.slice(0, 2) }, { msgid: firstUpload });
    await world.his.ok('2301', { feedetail: bill.slice(2) });
    expect((await linesOf(mdtrtId)).map((l) => l.feedetl_sn)).toEqual(['1', '2', '3', '4']);

    const reversed = await world.his.ok('2601', reversalInput(firstUpload, '2301'));
    expect(reversed.data.rvs_rslt).toBe('reversed');
    expect((await linesOf(mdtrtId)).map((l) => l.feedetl_sn)).toEqual(['3', '4']);
    // The lines can be uploaded again under a new msgid, and the whole bill settles.
    await world.his.ok('2301', { feedetail: bill.slice(0, 2) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    expect(settled.setlinfo.medfee_sumamt).toBe(25000);
  });

  it('reversing a 2301 whose lines are settled is refused, naming omsgid, and removes nothing', async () => {
    const mdtrtId = await admit(world.his);
    const upload = world.his.nextMsgid();
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) }, { msgid: upload });
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    const stored = await world.stored();

    const refused = await world.his.call('2601', reversalInput(upload, '2301'));
    expect(refused.infcode).toBe(-1);
    expect(refused.err_msg).toBe(
      `input.data.omsgid：原报文上传的费用已结算（结算ID ${settled.setlinfo.setl_id}），请先撤销结算`,
    );
    expect(await world.stored()).toEqual(stored);
    // Not marked reversed: once the settlement is cancelled, the upload can still be reversed.
    await world.his.ok('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
    expect((await world.his.ok('2601', reversalInput(upload, '2301'))).data.rvs_rslt).toBe('reversed');
    expect(await linesOf(mdtrtId)).toEqual([]);
  });

  it('reversing a 2401 cancels the admission', async () => {
    const msgid = world.his.nextMsgid();
    const admitted = await world.his.ok('2401', admissionInput(), { ...placeOf(), msgid });
    const mdtrtId = admitted.result.mdtrt_id as string;
    const reversed = await world.his.ok('2601', reversalInput(msgid, '2401'));
    expect(reversed.data.rvs_rslt).toBe('reversed');
    const [visit] = await world.platform.db.query<{ status: string }>(
      'SELECT status FROM node_460000.visits WHERE mdtrt_id = $1',
      [mdtrtId],
    );
    expect(visit!.status).toBe('cancelled');
    const upload = await world.his.call('2301', { feedetail: standardBill(mdtrtId) });
    expect(upload.err_msg).toBe('input.mdtrt_id：就诊已撤销');
  });

  it('an oinfno that is not the original transaction is refused, naming input.data.oinfno, and reverses nothing', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const msgid = world.his.nextMsgid();
    await world.his.ok('2304', settleInput(mdtrtId), { msgid });
    const readings = await world.readings();
    const stored = await world.stored();

    const refused = await world.his.call('2601', reversalInput(msgid, '2301'));
    expect(refused).toMatchObject({
      infcode: -1,
      err_msg: 'input.data.oinfno：与原报文的交易编号2304不一致',
    });
    expect(await world.readings()).toEqual(readings);
    expect(await world.stored()).toEqual(stored);
    expect(await decisionStatus(msgid)).toBe('decided');
  });
});

describe('2601 before the original', () => {
  it('a 2304 reversed before it arrives is recorded, and the late 2304 is refused naming msgid with nothing stored', async () => {
    await cancelAll();
    const mdtrtId = await billedVisit();
    const before = await world.readings();
    const late = world.his.envelope('2304', settleInput(mdtrtId));
    const msgid = late.msgid as string;

    const reversed = await world.his.ok('2601', reversalInput(msgid, '2304'));
    expect(reversed.data).toEqual({ omsgid: msgid, oinfno: '2304', rvs_rslt: 'recorded' });
    // The insured side spent the key: a decision under it can no longer be made.
    expect(await decisionStatus(msgid)).toBe('refused');
    const stored = await world.stored();

    const answer = await world.send(late);
    expect(answer.infcode).toBe(-1);
    expect(answer.err_msg).toMatch(/^msgid：/);
    expect(await world.stored()).toEqual(stored);
    expect(await world.readings()).toEqual(before);
    expect(
      await world.platform.db.query('SELECT 1 FROM node_460000.settlements WHERE msgid = $1', [msgid]),
    ).toEqual([]);
    // The visit itself is untouched: a new msgid settles it.
    expect((await world.his.ok('2304', settleInput(mdtrtId))).setlinfo.fund_pay_sumamt).toBe(17500);
  });

  it('a 2401 reversed before it arrives is recorded, and the late 2401 is refused with no visit stored', async () => {
    const late = world.his.envelope('2401', admissionInput(), placeOf());
    const reversed = await world.his.ok('2601', reversalInput(late.msgid as string, '2401'));
    expect(reversed.data.rvs_rslt).toBe('recorded');
    const stored = await world.stored();
    const answer = await world.send(late);
    expect(answer.infcode).toBe(-1);
    expect(answer.err_msg).toMatch(/^msgid：/);
    expect(await world.stored()).toEqual(stored);
    expect(
      await world.platform.db.query('SELECT 1 FROM node_460000.visits WHERE msgid = $1', [late.msgid]),
    ).toEqual([]);
  });

  it('a 2301 reversed before it arrives is recorded, and the late 2301 is refused with no line stored', async () => {
    const mdtrtId = await admit(world.his);
    const late = world.his.envelope('2301', { feedetail: standardBill(mdtrtId) });
    expect((await world.his.ok('2601', reversalInput(late.msgid as string, '2301'))).data.rvs_rslt).toBe(
      'recorded',
    );
    const answer = await world.send(late);
    expect(answer.err_msg).toMatch(/^msgid：/);
    expect(await linesOf(mdtrtId)).toEqual([]);
  });
});
