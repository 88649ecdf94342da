// 预付金 over the JSON API: a clerk's own province, deposits idempotent by id, the dashboard and the trial balance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';

let world: PortalWorld;
let hebei: string;

beforeAll(async () => {
  world = await startPortalWorld();
  hebei = await world.staffLogin(STAFF.hebei.username);
});
afterAll(async () => {
  await world?.close();
});

describe('预付金 API', () => {
  it('answers 401 without a staff session', async () => {
    expect((await world.call('GET', '/api/console/prepaid')).status).toBe(401);
  });

  it("shows the clerk's own province with nothing deposited", async () => {
    const { status, body } = await world.call('GET', '/api/console/prepaid', hebei);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      province: '130000',
      balance: 0,
      required: 0,
      usage: 0,
      level: 'none',
      topup_requests: [],
    });
  });

  it('takes a deposit in yuan once per id: 201, then 200 replayed, a different amount 409 naming body.id', async () => {
    const first = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 12_345.67,
      id: 'HB-2026-01',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: 'HB-2026-01',
      amount: 12_345.67,
      replayed: false,
      prepaid: { balance: 12_345.67 },
    });
    const again = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 12_345.67,
      id: 'HB-2026-01',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, prepaid: { balance: 12_345.67 } });
    const clash = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 1,
      id: 'HB-2026-01',
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'exists-different', field: 'body.id' });
  });

  it('lets a pooling-region clerk see the province fund but not deposit into it (403)', async () => {
    const tangshan = await world.staffLogin(STAFF.tangshan.username);
    expect((await world.call('GET', '/api/console/prepaid', tangshan)).body.province).toBe('130000');
    const { status, body } = await world.call('POST', '/api/console/prepaid/deposits', tangshan, {
      amount: 1,
      id: 'TS-1',
    });
    expect(status).toBe(403);
    expect(body.code).toBe('forbidden');
  });

  it('refuses more than two decimals, a non-positive amount and unknown fields, naming the field', async () => {
    const decimals = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 1.234,
      id: 'x1',
    });
    expect(decimals.status).toBe(400);
    expect(decimals.body.field).toBe('body.amount');
    const zero = await world.call('POST', '/api/console/prepaid/deposits', hebei, { amount: 0, id: 'x2' });
    expect(zero.status).toBe(400);
    expect(zero.body.field).toBe('body.amount');
    const extra = await world.call('POST', '/api/console/prepaid/deposits', hebei, {
      amount: 1,
      id: 'x3',
      province: '460000',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.field).toBe('body.province');
  });

  it('shows a red warning and the 紧急调增 request when a clearing exhausts the fund, on the console and the dashboard', async () => {
    await world.platform.hub.ledger.postClearing('2026-05', [
      { treatment_province: '460000', insured_province: '130000', fund_fen: 2_000_000 },
    ]);
    const mine = await world.call('GET', '/api/console/prepaid', hebei);
    expect(mine.body).toMatchObject({
      balance: 0,
      owed: 7_654.33,
      usage: null,
      level: 'red',
      required: 40_000,
    });
    expect(mine.body.topup_requests).toEqual([
      expect.objectContaining({ level: 'red', owed: 7_654.33, requested: 40_000 }),
    ]);
    const { status, body } = await world.call('GET', '/api/public/prepaid');
    expect(status).toBe(200);
    const hb = body.provinces.find((p: { province: string }) => p.province === '130000');
    expect(hb).toMatchObject({ level: 'red' });
  });

  it('publishes a trial balance whose debits equal its credits', async () => {
    const { status, body } = await world.call('GET', '/api/public/ledger/trial-balance');
    expect(status).toBe(200);
    expect(body.balanced).toBe(true);
    expect(body.debits).toBe(body.credits);
    expect(body.accounts.find((a: { id: string }) => a.id === '460000:fiscal')).toMatchObject({
      credits: 20_000,
      normal: 'debit',
    });
  });

  it('describes its routes in the OpenAPI document', async () => {
    const { body } = await world.call('GET', '/openapi.json');
    for (const path of [
      '/api/console/prepaid',
      '/api/console/prepaid/deposits',
      '/api/public/prepaid',
      '/api/public/ledger/trial-balance',
    ])
      expect(body.paths[path], path).toBeDefined();
  });
});
