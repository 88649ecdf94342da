// The cross-province saga through the envelope: 老张 of 石家庄 treated in 海口, as a hospital's HIS would call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  type HisWorld,
  LAOZHANG,
  LAOZHANG_CARD,
  placeOf,
  startHisWorld,
  settleInput as worldSettleInput,
  standardBill as worldStandardBill,
} from '../../../test/support/his-world.ts';
import type { HisClient } from '../../sim/his-client.ts';

const CARD = { ...LAOZHANG_CARD, card_sn: '130100D156000005123456780000ABCD' };
/** This suite admits and settles by the social security card. */
const BY_CARD = { mdtrt_cert_type: '03', mdtrt_cert_no: CARD.mdtrt_cert_no };

let world: HisWorld;
let his: HisClient;

beforeAll(async () => {
  world = await startHisWorld();
  his = world.his;
});
afterAll(async () => {
  await world?.close();
});

/** The standard bill of laozhang.case.json: 25,000.00, of it 2,000.00 全自费 and 2,000.00 先行自付. */
const standardBill = (mdtrtId: string) =>
  // Real HIS send numbers as strings as often as numbers: both are accepted.
  worldStandardBill(mdtrtId).map((line) => ({
    ...line,
    det_item_fee_sumamt: String(line.det_item_fee_sumamt),
  }));

/** 老张's accumulators, every counter kept (a revert must leave them at 0), and his account. */
const accumulators = () => world.readings(LAOZHANG, { zeros: true });

/** Admits 老张 on 2026-05-03 (急性心肌梗死) and returns the mdtrt_id. */
async function admit(): Promise<string> {
  const output = await his.ok('2401', admissionInput({}, BY_CARD), placeOf());
  return output.result.mdtrt_id;
}

const settleInput = (mdtrtId: string, extra: Record<string, unknown> = {}) =>
  worldSettleInput(mdtrtId, { ...BY_CARD, ...extra });

describe('老张 through the envelope', () => {
  it('9001 → 1101 → 2401 → 2301 → 2303 → 2304 → 2402 → 5203 → 2305 → restored → settle again', async () => {
    const person = await his.ok('1101', { data: CARD });
    expect(person.insuinfo[0].insuplc_admdvs).toBe('130100');
    expect(person.dclainfo.map((d: { dcla_type: string }) => d.dcla_type)).toEqual(['13']);

    const before = await accumulators();
    const mdtrtId = await admit();
    expect(mdtrtId).toMatch(/^46\d{10}$/);

    const uploaded = await his.ok('2301', { feedetail: standardBill(mdtrtId) });
    expect(uploaded.result.map((r: { inscp_scp_amt: number }) => r.inscp_scp_amt)).toEqual([
      1000, 2000, 18000, 0,
    ]);
    expect(uploaded.result[2]).toMatchObject({ preselfpay_amt: 2000, chrgitm_lv: '02', selfpay_prop: 0.1 });
    expect(uploaded.result[3]).toMatchObject({ fulamt_ownpay_amt: 2000, chrgitm_lv: '03' });

    const trial = await his.ok('2303', settleInput(mdtrtId));
    expect(trial.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, psn_part_amt: 7500 });
    expect(trial.setlinfo.setl_id).toBeUndefined();
    expect(await accumulators()).toEqual(before); // a pre-settlement changes nothing

    const settled = await his.ok(
      '2304',
      settleInput(mdtrtId, { fulamt_ownpay_amt: 2000, preselfpay_amt: 2000 }),
    );
    expect(settled.setlinfo).toMatchObject({
      mdtrt_id: mdtrtId,
      psn_name: '张建国',
      medfee_sumamt: 25000,
      fulamt_ownpay_amt: 2000,
      preselfpay_amt: 2000,
      inscp_scp_amt: 21000,
      act_pay_dedc: 1000,
      hifp_pay: 17500,
      pool_prop_selfpay: 0.85,
      fund_pay_sumamt: 17500,
      psn_part_amt: 7500,
      acct_pay: 0,
      psn_cash_pay: 7500,
      hosp_part_amt: 0,
      clr_type: '21',
      pay_loc: '4',
      insuplc_admdvs: '130100',
      setl_time: '2026-05-12 10:30:00',
    });
    expect(settled.setldetail[0]).toMatchObject({
      fund_pay_type: '310100',
      fund_payamt: 17500,
      setl_proc_info: '起付线1000.00；10000.00×85%+10000.00×90%=17500.00',
    });
    const setlId = settled.setlinfo.setl_id as string;
    expect(settled.setlinfo.medins_setl_id).toMatch(/^H46010800012/);
    const during = await accumulators();
    expect(during.admissions).toBe(before.admissions + 1);

    await his.ok('2402', {
      dscginfo: {
        mdtrt_id: mdtrtId,
        psn_no: LAOZHANG.psn_no,
        insutype: '310',
        endtime: '2026-05-12 10:00:00',
        dscg_way: '1',
      },
    });
    const queried = await his.ok('5203', {
      data: { psn_no: LAOZHANG.psn_no, setl_id: setlId, mdtrt_id: mdtrtId },
    });
    expect(queried.setlinfo).toMatchObject({ setl_id: setlId, fund_pay_sumamt: 17500 });

    const slip = await world.app.inject({ method: 'GET', url: `/settlements/${setlId}/slip` });
    expect(slip.statusCode).toBe(200);
    expect(slip.headers['content-type']).toMatch(/^text\/html/);
    for (const text of [
      '跨省异地就医住院费用结算单',
      '张建国',
      '1301**********1238',
      '25,000.00',
      '17,500.00',
      '7,500.00',
      '起付线1000.00；10000.00×85%+10000.00×90%=17500.00',
      '床位费',
    ])
      expect(slip.body).toContain(text);
    expect(slip.body).not.toContain('130102197003121238');

    const cancelled = await his.ok('2305', {
      data: { mdtrt_id: mdtrtId, setl_id: setlId, psn_no: LAOZHANG.psn_no },
    });
    expect(cancelled.setlinfo).toMatchObject({
      fund_pay_sumamt: -17500,
      psn_part_amt: -7500,
      init_setl_id: setlId,
    });
    expect(await accumulators()).toEqual({ ...before, counters: expect.any(Object) });
    const restored = await accumulators();
    for (const value of Object.values(restored.counters)) expect(value).toBe(0);
    expect(restored.admissions).toBe(before.admissions);

    const cancelledSlip = await world.app.inject({ method: 'GET', url: `/settlements/${setlId}/slip` });
    expect(cancelledSlip.body).toContain('本结算已撤销');
    expect(
      (await world.app.inject({ method: 'GET', url: '/settlements/469999999999/slip' })).statusCode,
    ).toBe(404);

    const again = await his.ok('2304', settleInput(mdtrtId));
    expect(again.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, psn_part_amt: 7500, act_pay_dedc: 1000 });
    expect(again.setlinfo.setl_id).not.toBe(setlId);
    expect(await accumulators()).toEqual(during);
  });

  it('pays from the account when asked, and a cancel gives the account back', async () => {
    const mdtrtId = await admit();
    await his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const before = await accumulators();
    const settled = await his.ok('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
    expect(settled.setlinfo).toMatchObject({ acct_pay: 3200, balc: 0 });
    expect(settled.setlinfo.psn_cash_pay).toBe(settled.setlinfo.psn_part_amt - 3200);
    expect((await accumulators()).balance).toBe(0);
    const cancelled = await his.ok('2305', {
      data: { mdtrt_id: mdtrtId, setl_id: settled.setlinfo.setl_id, psn_no: LAOZHANG.psn_no },
    });
    expect(cancelled.setlinfo).toMatchObject({ acct_pay: -3200, balc: 3200 });
    expect((await accumulators()).balance).toBe(before.balance);
  });
});
