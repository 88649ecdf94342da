// 预付金 usage with settlements not cleared yet, and 财政专户缴款 over the JSON API: 老张's May bill from 河北's side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, settleInput, standardBill } from '../../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';
import { parseChinaDateTime } from '../../core/time.ts';

let world: PortalWorld;
let hebei: string;
let hainan: string;

beforeAll(async () => {
  world = await startPortalWorld();
  hebei = await world.staffLogin(STAFF.hebei.username);
  hainan = await world.staffLogin(STAFF.hainan.username);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const prepaidOfHebei = async () => (await world.call('GET', '/api/console/prepaid', hebei)).body;
const collect = (token: string | undefined, body: unknown) =>
  world.call('POST', '/api/console/prepaid/collections', token, body);

describe('预付金 usage before clearing', () => {
  it('counts a May settlement not cleared yet against 河北 预付金: yellow, then red after a refund', async () => {
    const deposit = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 20_000,
      id: 'HB-USAGE-1',
    });
    expect(deposit.status).toBe(201);
    expect(await prepaidOfHebei()).toMatchObject({ balance: 20_000, owed: 0, uncleared: 0, level: 'none' });

    // 老张 of 河北 settles 25,000.00 in 海口 on 2026-05-12: the fund pays 17,500.00, May is not cleared yet.
    const mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    await world.his.ok('2304', settleInput(mdtrtId));
    const yellow = await prepaidOfHebei();
    expect(yellow).toMatchObject({ owed: 17_500, uncleared: 17_500, usage: 0.875, level: 'yellow' });
    expect(yellow.topup_requests).toEqual([expect.objectContaining({ level: 'yellow', owed: 17_500 })]);
    const board = (await world.call('GET', '/api/public/prepaid')).body;
    expect(board.provinces.find((p: { province: string }) => p.province === '130000')).toMatchObject({
      uncleared: 17_500,
      level: 'yellow',
    });
    // 海南 is the treatment place: what its hospitals advanced is owed to it, not by it.
    const hn = board.provinces.find((p: { province: string }) => p.province === '460000');
    expect(hn).toMatchObject({ uncleared: 0, level: 'none' });

    await world.platform.hub.ledger.adjust('130000', -1_000_000, 'HB-REFUND-1', '年度调整：退还');
    const red = await prepaidOfHebei();
    expect(red).toMatchObject({ balance: 10_000, owed: 17_500, usage: 1.75, level: 'red' });
  });

  it('once May is posted counts what 预付金 did not cover as payable, not the settlement a second time', async () => {
    world.clock.now = parseChinaDateTime('2026-06-02 09:00:00')!;
    // A new day, a new session (a console session does not last weeks).
    hebei = await world.staffLogin(STAFF.hebei.username);
    hainan = await world.staffLogin(STAFF.hainan.username);
    const url = '/api/console/clearing/2026-05';
    expect((await world.call('POST', `${url}/run`, hainan)).body.status).toBe('reconciled');
    await world.call('POST', `${url}/confirm`, hainan, { sides: ['treatment'] });
    await world.call('POST', `${url}/confirm`, hebei, { sides: ['insured'] });
    const posted = await world.call('POST', `${url}/post`, hebei);
    expect(posted.body.status, JSON.stringify(posted.body)).toBe('posted');
    expect(await prepaidOfHebei()).toMatchObject({
      balance: 0,
      uncleared: 0,
      owed: 7_500,
      usage: null,
      level: 'red',
    });
  });
});

describe('POST /api/console/prepaid/collections', () => {
  it('answers 401 without a session, 400 naming body.period for a malformed period', async () => {
    expect((await collect(undefined, { period: '2026-05' })).status).toBe(401);
    const bad = await collect(hebei, { period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.period');
  });

  it("refuses a pooling-region clerk and another province's collection (403)", async () => {
    const tangshan = await world.staffLogin(STAFF.tangshan.username);
    expect((await collect(tangshan, { period: '2026-05' })).status).toBe(403);
    const other = await collect(hebei, { period: '2026-05', province: '460000' });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('forbidden');
  });

  it('answers 404 naming body.period when there is no collect instruction for the province', async () => {
    // 海南 receives in May: nothing to pay in.
    const receiver = await collect(hainan, { period: '2026-05' });
    expect(receiver.status).toBe(404);
    expect(receiver.body).toMatchObject({ code: 'instruction-unknown', field: 'body.period' });
    expect((await collect(hebei, { period: '2026-04' })).status).toBe(404);
  });

  it('records 河北 paying what 预付金 did not cover once: 201, then 200 replayed with the same answer', async () => {
    const first = await collect(hebei, { period: '2026-05', province: '130000' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      period: '2026-05',
      province: '130000',
      amount: 7_500,
      replayed: false,
      transfers: [{ id: 'collection:2026-05:130000', part: 'fund', amount: 7_500 }],
      prepaid: { owed: 0, level: 'none', topup_requests: [] },
    });
    const again = await collect(hebei, { period: '2026-05' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const trial = (await world.call('GET', '/api/public/ledger/trial-balance')).body;
    expect(trial.balanced).toBe(true);
    expect(trial.accounts.find((a: { id: string }) => a.id === '130000:payable')).toMatchObject({
      balance: 0,
    });
  });

  it('is described in the OpenAPI document', async () => {
    const { body } = await world.call('GET', '/openapi.json');
    expect(body.paths['/api/console/prepaid/collections']?.post).toBeDefined();
  });
});
