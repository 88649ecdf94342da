// 对账撤回 over the JSON API: the insured province's clerks see the decisions reconciliation reverted.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { admit, settleInput, standardBill } from '../../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';
import { DEFAULT_ORPHAN_GRACE_MS } from '../../node/orphan-decisions.ts';
import { registerOrphanReversals } from './orphan-reversals.ts';
import { registerProblems } from './problem.ts';

let world: PortalWorld;
/** The route on an app of its own (src/api/server.ts registers the console's routes). */
let app: FastifyInstance;

beforeAll(async () => {
  world = await startPortalWorld();
  app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  await app.register(cookie);
  await app.register(async (api) => {
    registerProblems(api);
    registerOrphanReversals(api, {
      platform: world.platform,
      now: () => new Date(world.clock.now),
      showLoginCodes: false,
    });
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await world?.close();
});

const list = async (token?: string, query = '') => {
  const response = await app.inject({
    method: 'GET',
    url: `/api/console/orphan-reversals${query}`,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /api/console/orphan-reversals', () => {
  it("lists a reverted orphan to 河北's province and 石家庄's scope, not to 唐山's, and asks for a login", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const store = world.platform.nodes.get('460000')!.treatment.store;
    vi.spyOn(store, 'recordSettlement').mockRejectedValueOnce(new Error('the node died'));
    const body = world.his.envelope('2304', settleInput(mdtrtId));
    expect((await world.send(body)).infcode).not.toBe(0);
    const round = await world.platform.nodes
      .get('130000')!
      .orphans.runOnce(new Date(Date.now() + DEFAULT_ORPHAN_GRACE_MS + 1_000));
    expect(round.reverted).toHaveLength(1);

    expect((await list()).status).toBe(401);
    const hebei = await list(await world.staffLogin(STAFF.hebei.username));
    expect(hebei.status).toBe(200);
    expect(hebei.body.province).toBe('130000');
    expect(hebei.body.items).toEqual([
      expect.objectContaining({
        decision_key: `H46010800012:${body.msgid}`,
        insuplc_admdvs: '130100',
        treatment_admdvs: '460108',
        medfee_sumamt: 25_000,
        fund_pay_sumamt: 17_500,
        acct_pay: 0,
        psn_cash_pay: 7_500,
        reverted_time: '2026-05-12 10:30:00',
      }),
    ]);
    const tangshan = await list(await world.staffLogin(STAFF.tangshan.username));
    expect(tangshan.body.items).toEqual([]);
    // 海南's node made no decision for anybody here: its report is its own (empty).
    expect((await list(await world.staffLogin(STAFF.hainan.username))).body).toEqual({
      province: '460000',
      items: [],
    });
    expect((await list(await world.staffLogin(STAFF.hebei.username), '?limit=0')).status).toBe(400);
  });
});
