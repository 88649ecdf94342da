// 月度清算 end to end: 老张's bill settled through the HIS in 海口, cleared between 海南 and 河北 through the hub — on
// PGlite and on a PostgreSQL server (the digests are computed by each database, so both must agree with the facts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, cancelInput, settleInput, standardBill } from '../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../test/support/portal-world.ts';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import { totalsOf } from '../core/reconciliation.ts';
import { parseChinaDateTime } from '../core/time.ts';
import { ClearingFactsService } from '../node/clearing-facts.ts';
import type { SettlementRecord } from '../store/treatment-store.ts';
import { type ClearingPoster, ClearingService } from './clearing-service.ts';

const postgres = await postgresAvailable();

function describeClearing(
  name: string,
  open: () => Promise<{ url: string; drop: () => Promise<void> } | undefined>,
) {
  let world: PortalWorld;
  let mdtrtId: string;
  let mayId: string;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const database = await open();
    cleanup = database?.drop;
    world = await startPortalWorld(undefined, database ? { databaseUrl: database.url } : {});
    mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    mayId = settled.setlinfo.setl_id;
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    await cleanup?.();
  });

  const clearing = () => world.platform.hub.clearing;
  const settlementsOf = (from: string, to: string) =>
    world.platform.db.query<SettlementRecord & Record<string, unknown>>(
      `SELECT * FROM node_460000.settlements WHERE setl_time >= $1 AND setl_time < $2 ORDER BY setl_id`,
      [from, to],
    );

  describe(`monthly clearing (${name})`, () => {
    it('clears 2026-05 for 海南→河北 with the totals of the underlying settlements', async () => {
      const view = await clearing().run('2026-05');
      expect(view.status).toBe('reconciled');
      expect(view.differences).toEqual([]);
      const rows = await settlementsOf('2026-05-01', '2026-06-01');
      const sum = (f: (r: SettlementRecord) => number) => rows.reduce((n, r) => n + f(r), 0);
      expect(view.pairs).toEqual([
        {
          treatment_province: '460000',
          insured_province: '130000',
          person_times: 1,
          settlements: 1,
          cancels: 0,
          medfee_fen: sum((r) => r.medfee_sumamt_fen),
          fund_fen: sum((r) => r.fund_pay_sumamt_fen),
          fund_by_type: { '310100': 1_750_000 },
          acct_pay_fen: sum((r) => r.acct_pay_fen),
          psn_cash_fen: sum((r) => r.psn_cash_pay_fen),
        },
      ]);
      expect(view.pairs[0]).toMatchObject({ medfee_fen: 2_500_000, fund_fen: 1_750_000 });
      expect(view.awaiting).toEqual(['460000（就医地）', '130000（参保地）']);
    });

    it('gives each hospital a statement consistent with 3201 over the same records', async () => {
      const view = await clearing().view('2026-05');
      const totals = totalsOf(
        await world.platform.nodes
          .get('460000')!
          .treatment.store.settlementsBetween('H46010800012', '2026-05-01 00:00:00', '2026-05-31 23:59:59'),
      );
      expect(view.hospitals).toEqual([
        expect.objectContaining({
          treatment_province: '460000',
          fixmedins_code: 'H46010800012',
          person_times: totals.fixmedins_setl_cnt,
          medfee_fen: totals.medfee_sumamt_fen,
          fund_fen: totals.fund_pay_sumamt_fen,
          acct_pay_fen: totals.acct_pay_fen,
          psn_cash_fen: totals.cash_payamt_fen,
          cleared_fund_fen: totals.fund_pay_sumamt_fen,
        }),
      ]);
    });

    it('gives the same answer when a period is run again', async () => {
      const first = await clearing().view('2026-05');
      expect(await clearing().run('2026-05')).toEqual(first);
    });

    it('puts a cancel made in June of a May settlement into June, negative, and leaves May as it was', async () => {
      const may = await clearing().view('2026-05');
      world.clock.now = parseChinaDateTime('2026-06-03 09:00:00')!;
      await world.his.ok('2305', cancelInput(mdtrtId, mayId));
      const june = await clearing().run('2026-06');
      expect(june.status).toBe('reconciled');
      expect(june.pairs).toEqual([
        expect.objectContaining({
          person_times: -1,
          settlements: 0,
          cancels: 1,
          medfee_fen: -2_500_000,
          fund_fen: -1_750_000,
          fund_by_type: { '310100': -1_750_000 },
        }),
      ]);
      expect(await clearing().run('2026-05')).toEqual(may);
    });

    it('finds a settlement tampered on the treatment side and blocks its confirmation', async () => {
      world.clock.now = parseChinaDateTime('2026-07-06 10:00:00')!;
      const settled = await world.his.ok('2304', settleInput(mdtrtId));
      const setlId = settled.setlinfo.setl_id as string;
      await world.platform.db.query(
        `UPDATE node_460000.settlements
         SET setldetail = jsonb_set(setldetail, '{0,fund_payamt}', to_jsonb(18500)) WHERE setl_id = $1`,
        [setlId],
      );
      const july = await clearing().run('2026-07');
      expect(july.status).toBe('blocked');
      expect(july.differences).toEqual([
        expect.objectContaining({
          kind: 'amounts-differ',
          setl_id: setlId,
          amounts: [{ field: 'fund:310100', treatment_fen: 1_850_000, insured_fen: 1_750_000 }],
        }),
      ]);
      const token = await world.staffLogin(STAFF.hainan.username);
      const refused = await world.call('POST', '/api/console/clearing/2026-07/confirm', token, {
        sides: ['treatment'],
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('clearing-blocked');

      // Once the record is put right, the period may run again and reconciles.
      await world.platform.db.query(
        `UPDATE node_460000.settlements
         SET setldetail = jsonb_set(setldetail, '{0,fund_payamt}', to_jsonb(17500)) WHERE setl_id = $1`,
        [setlId],
      );
      expect((await clearing().run('2026-07')).status).toBe('reconciled');
    });

    it('posts a period through the port once, after both sides confirmed, and answers the same again', async () => {
      const calls: string[] = [];
      const poster: ClearingPoster = {
        async postClearing(period, pairs) {
          calls.push(`clearing ${period} ${JSON.stringify(pairs)}`);
          return { transfers: 2, instructions: [{ id: 'I1' }], positions: [], replayed: false };
        },
        async postHospitalAdvances(period, rows) {
          calls.push(`hospitals ${period} ${JSON.stringify(rows)}`);
          return { transfers: 1, replayed: false };
        },
      };
      const service = new ClearingService(
        world.platform.db,
        world.platform.bus,
        world.platform.hub.store,
        () => poster,
      );
      await expect(service.post('2026-06')).rejects.toMatchObject({ code: 'clearing-not-confirmed' });
      await service.confirm('2026-06', '460000', ['treatment'], 'hn', '2026-07-01 09:00:00');
      const confirmed = await service.confirm('2026-06', '130000', ['insured'], 'hb', '2026-07-01 09:05:00');
      expect(confirmed.status).toBe('confirmed');
      const posted = await service.post('2026-06');
      expect(posted.status).toBe('posted');
      expect(posted.posting).toEqual({
        transfers: 2,
        instructions: [{ id: 'I1' }],
        positions: [],
        replayed: false,
      });
      expect(await service.post('2026-06')).toEqual(posted);
      expect(await service.run('2026-06')).toEqual(posted);
      expect(calls).toEqual([
        'clearing 2026-06 [{"treatment_province":"460000","insured_province":"130000","fund_fen":-1750000,"acct_pay_fen":0}]',
        'hospitals 2026-06 [{"province":"460000","fixmedins_code":"H46010800012","fund_fen":-1750000,"acct_pay_fen":0}]',
      ]);
    });

    it('lets staff confirm for their own province through the console API and post to the ledger', async () => {
      const hainan = await world.staffLogin(STAFF.hainan.username);
      const hebei = await world.staffLogin(STAFF.hebei.username);
      const tangshan = await world.staffLogin(STAFF.tangshan.username);
      const url = '/api/console/clearing/2026-05';
      expect((await world.call('GET', url)).status).toBe(401);
      expect((await world.call('POST', `${url}/confirm`, tangshan, { sides: ['insured'] })).status).toBe(403);
      const wrongSide = await world.call('POST', `${url}/confirm`, hainan, { sides: ['insured'] });
      expect(wrongSide.status).toBe(422);
      expect((await world.call('POST', `${url}/post`, hainan)).body.code).toBe('clearing-not-confirmed');
      const first = await world.call('POST', `${url}/confirm`, hainan, { sides: ['treatment'] });
      expect(first.body).toMatchObject({ status: 'reconciled', awaiting: ['130000（参保地）'] });
      const both = await world.call('POST', `${url}/confirm`, hebei, { sides: ['insured'] });
      expect(both.body.status).toBe('confirmed');
      expect(both.body.confirmations).toEqual([
        { province: '460000', side: 'treatment', by: STAFF.hainan.username, at: '2026-07-06 10:00:00' },
        { province: '130000', side: 'insured', by: STAFF.hebei.username, at: '2026-07-06 10:00:00' },
      ]);
      const posted = await world.call('POST', `${url}/post`, hebei);
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      expect(posted.body.status).toBe('posted');
      expect(posted.body.posting.transfers).toBeGreaterThan(0);
      const again = await world.call('POST', `${url}/post`, hainan);
      expect(again.body).toEqual(posted.body);
      const read = await world.call('GET', url, hebei);
      expect(read.body).toEqual(posted.body);
      const doc = (await world.call('GET', '/openapi.json')).body;
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/console/clearing/'))).toEqual(
        expect.arrayContaining([
          '/api/console/clearing/{period}/run',
          '/api/console/clearing/{period}',
          '/api/console/clearing/{period}/confirm',
          '/api/console/clearing/{period}/post',
        ]),
      );
    });

    it("answers a node's groups, the buckets of a group and the records of a bucket, each side alike", async () => {
      const treatment = new ClearingFactsService(world.platform.db, '460000');
      const insured = new ClearingFactsService(world.platform.db, '130000');
      const [tGroups, iGroups] = await Promise.all([
        treatment.answer({ side: 'treatment', period: '2026-07', level: 'groups' }),
        insured.answer({ side: 'insured', period: '2026-07', level: 'groups' }),
      ]);
      expect(tGroups.groups).toEqual([
        expect.objectContaining({
          treatment_province: '460000',
          insured_province: '130000',
          fixmedins_code: 'H46010800012',
          kind: 'settle',
          fund_types: '310100',
          count: 1,
          fund_by_type: { '310100': 1_750_000 },
        }),
      ]);
      const { count, hash, ...key } = iGroups.groups![0]!;
      expect({ count, hash }).toEqual({ count: 1, hash: tGroups.groups![0]!.hash });
      const [tCells, iCells] = await Promise.all([
        treatment.answer({ side: 'treatment', period: '2026-07', level: 'cells', groups: [key] }),
        insured.answer({ side: 'insured', period: '2026-07', level: 'cells', groups: [key] }),
      ]);
      expect(tCells.cells).toEqual(iCells.cells);
      const cell = { ...key, bucket: tCells.cells![0]!.bucket };
      const [tFacts, iFacts] = await Promise.all([
        treatment.answer({ side: 'treatment', period: '2026-07', level: 'facts', cells: [cell] }),
        insured.answer({ side: 'insured', period: '2026-07', level: 'facts', cells: [cell] }),
      ]);
      expect(tFacts.facts).toHaveLength(1);
      expect(iFacts.facts).toEqual([
        expect.objectContaining({
          decision_key: (tFacts.facts![0] as { decision_key: string }).decision_key,
        }),
      ]);
      for (const request of [
        { side: 'treatment', period: '2026-6', level: 'groups' },
        { side: 'insured', period: '2026-06', level: 'pages' },
        { side: 'insured', period: '2026-07', level: 'cells', groups: [key] },
        { side: 'treatment', period: '2026-07', level: 'facts', cells: [{ ...cell, bucket: 4096 }] },
        { side: 'treatment', period: '2026-07', level: 'cells', groups: [] },
      ])
        await expect(treatment.answer(request as never)).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it('fails a run when a node does not answer, and stores nothing of it', async () => {
      const bus = world.platform.bus;
      const silentHebei: typeof bus = Object.assign(Object.create(bus), {
        request: (subject: string, data: never, options: never) =>
          subject.startsWith('yidi.node.130000.')
            ? Promise.reject(new Error('timeout'))
            : bus.request(subject, data, options),
      });
      const service = new ClearingService(
        world.platform.db,
        silentHebei,
        world.platform.hub.store,
        () => undefined,
      );
      await expect(service.run('2026-08')).rejects.toMatchObject({ code: 'node-unavailable' });
      expect((await service.view('2026-08')).status).toBe('draft');
    });

    it('sums every fund type of a record however many it has, and finds a split the insured side did not make', async () => {
      world.clock.now = parseChinaDateTime('2026-09-08 10:00:00')!;
      const visit = await admit(world.his);
      await world.his.ok('2301', { feedetail: standardBill(visit) });
      const settled = await world.his.ok('2304', settleInput(visit));
      const setlId = settled.setlinfo.setl_id as string;
      // 17,500.00 of 统筹 split in place over five fund types (more than the first pass sums by slot).
      const split = [
        ['310100', 10000],
        ['320100', 3000],
        ['330100', 2500],
        ['340100', 1500],
        ['610100', 500],
      ].map(([type, yuan]) => ({ fund_pay_type: type, fund_payamt: yuan }));
      await world.platform.db.query(
        'UPDATE node_460000.settlements SET setldetail = $2::jsonb WHERE setl_id = $1',
        [setlId, JSON.stringify(split)],
      );
      const answer = await new ClearingFactsService(world.platform.db, '460000').answer({
        side: 'treatment',
        period: '2026-09',
        level: 'groups',
      });
      expect(answer.groups).toEqual([
        expect.objectContaining({
          fund_types: '310100,320100,330100,340100,610100',
          fund_by_type: {
            '310100': 1_000_000,
            '320100': 300_000,
            '330100': 250_000,
            '340100': 150_000,
            '610100': 50_000,
          },
        }),
      ]);
      const september = await clearing().run('2026-09');
      expect(september.status).toBe('blocked');
      expect(september.pairs[0]!.fund_by_type).toEqual({
        '310100': 1_000_000,
        '320100': 300_000,
        '330100': 250_000,
        '340100': 150_000,
        '610100': 50_000,
      });
      expect(september.differences).toEqual([
        expect.objectContaining({
          kind: 'amounts-differ',
          setl_id: setlId,
          amounts: expect.arrayContaining([
            expect.objectContaining({ field: 'fund:310100', treatment_fen: 1_000_000 }),
            { field: 'fund:610100', treatment_fen: 50_000, insured_fen: 0 },
          ]),
        }),
      ]);
    });
  });
}

describeClearing('PGlite', async () => undefined);
describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeClearing('PostgreSQL', createTestDatabase);
});
