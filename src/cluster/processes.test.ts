// Cluster mode's composition: the hub and two provincial nodes each on its own PostgreSQL database, meeting only over
// the bus — 老张 from 河北 settled in 海口 exactly as on the embedded platform, each database holding only its part.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset } from '../../test/support/datasets.ts';
import { admit, HOSPITAL, NOW, settleInput, standardBill } from '../../test/support/his-world.ts';
import { POSTGRES_ADMIN_URL, postgresAvailable } from '../../test/support/services.ts';
import { HIS_PATH } from '../api/his/route.ts';
import { buildServer } from '../api/server.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import type { Bus } from '../bus/port.ts';
import { validateDataset } from '../core/dataset/validate.ts';
import type { Platform } from '../platform.ts';
import { HisClient } from '../sim/his-client.ts';
import { openPostgres } from '../store/postgres.ts';
import { type ClusterLayout, createDatabases, hubDatabase, loadCluster, nodeDatabase } from './layout.ts';
import { type NodeProcess, startHubProcess, startNodeProcess } from './processes.ts';

const postgres = await postgresAvailable();
const PROVINCES = ['460000', '130000'];

describe.skipIf(!postgres)('cluster mode: hub and nodes on their own databases', () => {
  const layout: ClusterLayout = {
    server: POSTGRES_ADMIN_URL,
    prefix: `yidi_split_${process.pid}_${Math.random().toString(36).slice(2, 6)}`,
  };
  let hub: Platform;
  let nodes: NodeProcess[];
  let his: HisClient;
  let closeApp: () => Promise<void>;

  beforeAll(async () => {
    await createDatabases(layout, PROVINCES);
    const valid = validateDataset(smallDataset());
    if (!valid.ok) throw new Error(valid.problems.join('\n'));
    await loadCluster(layout, PROVINCES, valid.dataset);
    // One bus as the processes' NATS; each "process" closing it must not close it for the others.
    const shared = createInProcessBus();
    const view = (): Bus => Object.assign(Object.create(shared), { close: async () => {} });
    // The nodes first: they keep announcing themselves until the hub answers, as after a hub restart.
    nodes = await Promise.all(
      PROVINCES.map((p) =>
        startNodeProcess({
          databaseUrl: nodeDatabase(layout, p),
          bus: view(),
          provinces: [p],
          registerRetryMs: 50,
          log: () => {},
        }),
      ),
    );
    hub = await startHubProcess({ databaseUrl: hubDatabase(layout), bus: view() });
    const app = await buildServer(nodes[0]!, { logger: false, clock: () => new Date(NOW) });
    closeApp = () => app.close();
    his = new HisClient(
      async (body) =>
        (
          await app.inject({ method: 'POST', url: HIS_PATH, payload: body as Record<string, unknown> })
        ).json(),
      HOSPITAL,
      () => new Date(NOW),
    );
    for (let n = 0; n < 100 && !nodes.every((node) => node.registered()); n++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await his.signIn();
  }, 120_000);

  afterAll(async () => {
    await closeApp?.();
    for (const node of nodes ?? []) await node.close();
    await hub?.close();
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    for (const name of ['hub', ...PROVINCES.map((p) => `node_${p}`)])
      await admin.query(`DROP DATABASE IF EXISTS ${layout.prefix}_${name} WITH (FORCE)`);
    await admin.end();
  });

  it('learns its routing table from the nodes that announce themselves', async () => {
    expect(nodes.every((n) => n.registered())).toBe(true);
    expect((await hub.hub.store.routes()).map((r) => [r.province, r.node_id])).toEqual([
      ['130000', 'node-130000'],
      ['460000', 'node-460000'],
    ]);
  });

  it('settles 老张 in 海口 through the hub, each side recording its part in its own database', async () => {
    const person = await his.ok('1101', {
      data: { mdtrt_cert_type: '02', mdtrt_cert_no: '130102197003121238' },
    });
    expect(person.baseinfo.psn_name).toBe('张建国');
    expect(
      (await his.ok('1201', { medinsinfo: { fixmedins_code: HOSPITAL.fixmedins_code } })).medinsinfo,
    ).toHaveLength(1);
    const mdtrtId = await admit(his);
    await his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const settled = await his.ok('2304', settleInput(mdtrtId));
    expect(settled.setlinfo).toMatchObject({ medfee_sumamt: 25_000, fund_pay_sumamt: 17_500 });

    const count = async (url: string, sql: string) => {
      const db = await openPostgres(url);
      try {
        return Number((await db.query<{ n: number }>(sql))[0]!.n);
      } finally {
        await db.close();
      }
    };
    expect(
      await count(nodeDatabase(layout, '460000'), 'SELECT count(*)::int AS n FROM node_460000.settlements'),
    ).toBe(1);
    expect(
      await count(
        nodeDatabase(layout, '130000'),
        "SELECT count(*)::int AS n FROM node_130000.benefit_decisions WHERE status = 'decided'",
      ),
    ).toBe(1);
    // Neither node holds the other's schema, nor persons outside its own province.
    expect(
      await count(
        nodeDatabase(layout, '460000'),
        "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'node_130000'",
      ),
    ).toBe(0);
  });

  it("keeps the national copy of the settlement, announced through the node's outbox, once", async () => {
    const month = { from: '2026-05', to: '2026-05' };
    const recorded = async () =>
      (await hub.hub.recordedSettlements(month)).reduce((n, a) => n + a.fund_pay_fen, 0);
    for (let n = 0; n < 100 && (await recorded()) === 0; n++) await new Promise((r) => setTimeout(r, 50));
    expect(await hub.hub.recordedSettlements(month)).toEqual([
      expect.objectContaining({
        treatment_province: '460000',
        insured_province: '130000',
        settlements: 1,
        fund_pay_fen: 1_750_000,
      }),
    ]);
    // A publish retried after a crash (or a redelivery) is the same event: stored once.
    const [event] = await nodes[0]!.db.query<{ event_id: string; subject: string; data: never }>(
      "SELECT event_id, subject, data FROM node_460000.outbox WHERE event_id LIKE 'settlement:%'",
    );
    await nodes[0]!.bus.publish(event!.subject, `${event!.event_id}-again`, event!.data);
    await new Promise((r) => setTimeout(r, 200));
    expect(await recorded()).toBe(1_750_000);
  });

  it("serves 老张's portal from his own province's node process, his settlement fetched from 海南 over the bus", async () => {
    const app = await buildServer(nodes[1]!, {
      logger: false,
      clock: () => new Date(NOW),
      showLoginCodes: true,
    });
    try {
      const certno = '130102197003121238';
      const sent = await app.inject({ method: 'POST', url: '/api/portal/login-code', payload: { certno } });
      const login = await app.inject({
        method: 'POST',
        url: '/api/portal/login',
        payload: { certno, code: sent.json().demo_code },
      });
      expect(login.statusCode, login.body).toBe(200);
      const mine = await app.inject({
        method: 'GET',
        url: '/api/portal/settlements',
        headers: { authorization: `Bearer ${login.json().token}` },
      });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(JSON.stringify(mine.json())).toContain('17500');
      // The national pages are the hub process's, not a node's.
      expect((await app.inject({ method: 'GET', url: '/api/public/stats' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('clears the month from the hub over the bus', async () => {
    const view = await hub.hub.clearing.run('2026-05');
    expect(view.status).toBe('reconciled');
    expect(view.pairs).toEqual([
      expect.objectContaining({
        treatment_province: '460000',
        insured_province: '130000',
        fund_fen: 1_750_000,
      }),
    ]);
  });
});
