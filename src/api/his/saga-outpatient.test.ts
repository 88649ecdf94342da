// The outpatient saga through the envelope: 2201 → 2203 → 2204 (charge batches) → 2206 → 2207 → 2208, 2205, 2202.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feeLine, type HisWorld, LAOZHANG, placeOf, startHisWorld } from '../../../test/support/his-world.ts';

let world: HisWorld;

beforeAll(async () => {
  world = await startHisWorld();
});
afterAll(async () => {
  await world?.close();
});

/** CT平扫 (乙类, 10% 先行自付, price limit 280.00). */
const CT = '002703000010000';

async function register(): Promise<string> {
  const output = await world.his.ok(
    '2201',
    {
      data: {
        psn_no: LAOZHANG.psn_no,
        insutype: LAOZHANG.insutype,
        begntime: '2026-05-12 08:00:00',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: LAOZHANG.psn_no,
        ipt_otp_no: 'MZ2026051201',
        atddr_no: 'D123',
        dr_name: '李医生',
        dept_code: 'A03',
        dept_name: '心内科',
        caty: 'A03',
      },
    },
    placeOf(),
  );
  return output.data.mdtrt_id as string;
}

async function visitInfo(mdtrtId: string, medType = '11') {
  return world.his.ok('2203', {
    mdtrtinfo: {
      mdtrt_id: mdtrtId,
      psn_no: LAOZHANG.psn_no,
      med_type: medType,
      begntime: '2026-05-12 08:00:00',
      main_cond_dscr: '头痛三天',
      dise_codg: 'R51.x00',
      dise_name: '头痛',
    },
    diseinfo: [
      { diag_type: '1', maindiag_flag: '1', diag_srt_no: '1', diag_code: 'R51.x00', diag_name: '头痛' },
    ],
  });
}

/** One CT of `amount` yuan in a charge batch. */
const ctBatch = (mdtrtId: string, batch: string, sn: string, amount: number, time: string) => ({
  feedetail: [
    feeLine(mdtrtId, LAOZHANG, sn, CT, amount, 1, amount, time, { chrg_bchno: batch, med_type: '11' }),
  ],
});

const settleBatch = (mdtrtId: string, batch: string, medfee: string) => ({
  data: {
    psn_no: LAOZHANG.psn_no,
    mdtrt_cert_type: '02',
    mdtrt_cert_no: LAOZHANG.psn_no,
    med_type: '11',
    medfee_sumamt: medfee,
    psn_setlway: '01',
    mdtrt_id: mdtrtId,
    chrg_bchno: batch,
    insutype: LAOZHANG.insutype,
    acct_used_flag: '0',
  },
});

async function linesOf(mdtrtId: string) {
  return world.platform.db.query<{ feedetl_sn: string; chrg_bchno: string; setl_id: string | null }>(
    'SELECT feedetl_sn, chrg_bchno, setl_id FROM node_460000.fee_lines WHERE mdtrt_id = $1 ORDER BY feedetl_sn',
    [mdtrtId],
  );
}

describe('an outpatient visit of 老张 in 海口', () => {
  it('2201 → 2203 → 2204 → 2206 changes nothing → 2207 settles each batch separately → 2208 restores', async () => {
    const before = await world.readings();
    const mdtrtId = await register();
    await visitInfo(mdtrtId, '11');

    const first = await world.his.ok('2204', ctBatch(mdtrtId, 'B1', '1', 250, '2026-05-12 09:00:00'));
    // 250.00 of a 乙类 item with 10% 先行自付: 25.00 first paid by the person, 225.00 in scope.
    expect(first.result[0]).toMatchObject({
      det_item_fee_sumamt: 250,
      preselfpay_amt: 25,
      inscp_scp_amt: 225,
    });
    await world.his.ok('2204', ctBatch(mdtrtId, 'B2', '2', 200, '2026-05-12 09:30:00'));

    // 普通门诊: a yearly deductible of 100.00, then 50%: (225.00 − 100.00) × 50% = 62.50.
    const trial = await world.his.ok('2206', settleBatch(mdtrtId, 'B1', '250.00'));
    expect(trial.setlinfo).toMatchObject({
      medfee_sumamt: 250,
      inscp_scp_amt: 225,
      act_pay_dedc: 100,
      fund_pay_sumamt: 62.5,
      psn_part_amt: 187.5,
    });
    expect(trial.setlinfo.setl_id).toBeUndefined();
    expect(await world.readings()).toEqual(before);
    expect((await linesOf(mdtrtId)).every((l) => l.setl_id === null)).toBe(true);

    const settledB1 = await world.his.ok('2207', settleBatch(mdtrtId, 'B1', '250.00'));
    expect(settledB1.setlinfo).toMatchObject({
      med_type: '11',
      clr_type: '11',
      act_pay_dedc: 100,
      fund_pay_sumamt: 62.5,
      psn_part_amt: 187.5,
      psn_cash_pay: 187.5,
      pay_loc: '4',
    });
    // Only B1's line is settled; B2 waits for its own settlement.
    expect((await linesOf(mdtrtId)).map((l) => [l.chrg_bchno, l.setl_id])).toEqual([
      ['B1', settledB1.setlinfo.setl_id],
      ['B2', null],
    ]);
    const afterB1 = await world.readings();
    expect(afterB1.admissions).toBe(before.admissions); // an outpatient visit is not a stay

    // B2: the year's deductible is used up: 200.00 − 20.00 先行自付 = 180.00 × 50% = 90.00.
    const settledB2 = await world.his.ok('2207', settleBatch(mdtrtId, 'B2', '200.00'));
    expect(settledB2.setlinfo).toMatchObject({ act_pay_dedc: 0, fund_pay_sumamt: 90, psn_part_amt: 110 });
    expect(settledB2.setlinfo.setl_id).not.toBe(settledB1.setlinfo.setl_id);
    const afterB2 = await world.readings();
    expect(afterB2.counters['otp.paid']).toBe((before.counters['otp.paid'] ?? 0) + 6250 + 9000);

    // A batch settled is not settled twice.
    const again = await world.his.call('2207', settleBatch(mdtrtId, 'B1', '250.00'));
    expect(again.err_msg).toBe(
      `input.data.mdtrt_id：已结算（结算ID ${settledB1.setlinfo.setl_id}），如需重新结算请先撤销`,
    );

    const cancelB2 = await world.his.ok('2208', {
      data: { mdtrt_id: mdtrtId, setl_id: settledB2.setlinfo.setl_id, psn_no: LAOZHANG.psn_no },
    });
    expect(cancelB2.setlinfo).toMatchObject({ fund_pay_sumamt: -90, psn_part_amt: -110 });
    expect(await world.readings()).toEqual(afterB1);
    await world.his.ok('2208', {
      data: { mdtrt_id: mdtrtId, setl_id: settledB1.setlinfo.setl_id, psn_no: LAOZHANG.psn_no },
    });
    expect(await world.readings()).toEqual(before);
    expect((await linesOf(mdtrtId)).every((l) => l.setl_id === null)).toBe(true);

    // Settled again after the cancels: the same figures, the deductible counted once more.
    const resettled = await world.his.ok('2207', settleBatch(mdtrtId, 'B1', '250.00'));
    expect(resettled.setlinfo).toMatchObject({ act_pay_dedc: 100, fund_pay_sumamt: 62.5 });
    expect(await world.readings()).toEqual(afterB1);
  });

  it('refuses an outpatient settlement without chrg_bchno or with an inpatient med_type', async () => {
    const mdtrtId = await register();
    await world.his.ok('2204', ctBatch(mdtrtId, 'B1', '1', 250, '2026-05-12 09:00:00'));
    const { chrg_bchno: _, ...noBatch } = settleBatch(mdtrtId, 'B1', '250.00').data;
    expect((await world.his.call('2207', { data: noBatch })).err_msg).toBe('input.data.chrg_bchno：必填');
    const inpatient = { data: { ...settleBatch(mdtrtId, 'B1', '250.00').data, med_type: '21' } };
    expect((await world.his.call('2207', inpatient)).err_msg).toBe('input.data.med_type：21不是门诊医疗类别');
    expect((await world.his.call('2304', settleBatch(mdtrtId, 'B1', '250.00'))).err_msg).toBe(
      'input.data.mdtrt_id：门诊就诊请使用2206/2207结算',
    );
    expect((await linesOf(mdtrtId)).every((l) => l.setl_id === null)).toBe(true);
  });

  it('2205 withdraws one batch and leaves the others', async () => {
    const mdtrtId = await register();
    await world.his.ok('2204', ctBatch(mdtrtId, 'B1', '1', 250, '2026-05-12 09:00:00'));
    await world.his.ok('2204', ctBatch(mdtrtId, 'B2', '2', 200, '2026-05-12 09:30:00'));
    const withdrawn = await world.his.ok('2205', {
      data: { mdtrt_id: mdtrtId, chrg_bchno: 'B1', psn_no: LAOZHANG.psn_no },
    });
    expect(withdrawn.withdrawn).toBe(1);
    expect((await linesOf(mdtrtId)).map((l) => l.chrg_bchno)).toEqual(['B2']);
    const nothing = await world.his.call('2207', settleBatch(mdtrtId, 'B1', '250.00'));
    expect(nothing.err_msg).toBe('input.data.chrg_bchno：没有待结算的费用明细，请先上传费用（2301/2204）');
    // A settled batch is not withdrawn.
    const settled = await world.his.ok('2207', settleBatch(mdtrtId, 'B2', '200.00'));
    const kept = await world.his.ok('2205', {
      data: { mdtrt_id: mdtrtId, chrg_bchno: 'B2', psn_no: LAOZHANG.psn_no },
    });
    expect(kept.withdrawn).toBe(0);
    expect((await linesOf(mdtrtId)).map((l) => l.setl_id)).toEqual([settled.setlinfo.setl_id]);
    await world.his.ok('2208', {
      data: { mdtrt_id: mdtrtId, setl_id: settled.setlinfo.setl_id, psn_no: LAOZHANG.psn_no },
    });
  });

  it('2202 cancels a registration without fees and refuses one with fees', async () => {
    const empty = await register();
    await world.his.ok('2202', {
      data: { mdtrt_id: empty, psn_no: LAOZHANG.psn_no, ipt_otp_no: 'MZ2026051201' },
    });
    const [cancelled] = await world.platform.db.query<{ status: string }>(
      'SELECT status FROM node_460000.visits WHERE mdtrt_id = $1',
      [empty],
    );
    expect(cancelled!.status).toBe('cancelled');
    const late = await world.his.call('2204', ctBatch(empty, 'B1', '1', 250, '2026-05-12 09:00:00'));
    expect(late.err_msg).toBe('input.mdtrt_id：就诊已撤销');

    const billed = await register();
    await world.his.ok('2204', ctBatch(billed, 'B1', '1', 250, '2026-05-12 09:00:00'));
    const refused = await world.his.call('2202', { data: { mdtrt_id: billed, psn_no: LAOZHANG.psn_no } });
    expect(refused.err_msg).toBe('input.data.mdtrt_id：就诊已有费用明细，请先撤销费用明细（2302/2205）');
    const [open] = await world.platform.db.query<{ status: string }>(
      'SELECT status FROM node_460000.visits WHERE mdtrt_id = $1',
      [billed],
    );
    expect(open!.status).toBe('open');
  });
});
