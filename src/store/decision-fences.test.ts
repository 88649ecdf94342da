// The fence between a settlement being stored and reconciliation's answer, on a PostgreSQL server where two
// transactions really overlap (PGlite runs one at a time): whichever takes the visit's row first wins, never both.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admit,
  cancelInput,
  type HisWorld,
  settleInput,
  standardBill,
  startHisWorld,
} from '../../test/support/his-world.ts';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import { DecisionFenced, DecisionFenceStore } from './decision-fences.ts';
import type { SettlementRecord } from './treatment-store.ts';

const postgres = await postgresAvailable();

/** The settlement columns a copy needs (the generated clearing columns are computed). */
const COLUMNS = `mdtrt_id, chrg_bchno, fixmedins_code, psn_no, insutype, insuplc_admdvs, med_type, clr_type, setl_time,
  refd_setl_flag, init_setl_id, cancelled_by, medfee_sumamt_fen, fund_pay_sumamt_fen, psn_part_amt_fen,
  hosp_part_amt_fen, acct_pay_fen, psn_cash_pay_fen, setlinfo, setldetail`;

/** Whether a promise is still pending after a moment (it waits on a lock). */
async function stillWaiting(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([
    promise.then(
      () => 'done',
      () => 'failed',
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), 300)),
  ]);
  return first === pending;
}

describe.skipIf(!postgres)('decision fences on a PostgreSQL server', () => {
  let world: HisWorld;
  let drop: (() => Promise<void>) | undefined;
  let client: pg.Client;
  let fences: DecisionFenceStore;
  /** A visit with its bill uploaded, settled once and cancelled: its lines are free, its old settlement a template. */
  let mdtrtId: string;
  let template: SettlementRecord;
  let serials: string[];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    world = await startHisWorld({ databaseUrl: database.url });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    fences = new DecisionFenceStore(world.platform.db, '460000');
    mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    await world.his.ok('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
    const store = world.platform.nodes.get('460000')!.treatment.store;
    template = (await store.settlement(settled.setlinfo.setl_id))!;
    serials = ['1', '2', '3', '4'];
  });
  afterAll(async () => {
    await client?.end();
    await world?.close();
    await drop?.();
  });

  it('a settlement stored first is found: the answer waits for its commit', async () => {
    await client.query('BEGIN');
    // As TreatmentStore.recordSettlement's insert: its foreign key check holds the visit's row (KEY SHARE).
    await client.query(
      `INSERT INTO node_460000.settlements (setl_id, msgid, decision_key, ${COLUMNS})
       SELECT 'FENCE-A', 'MSG-A', 'H:MSG-A', ${COLUMNS} FROM node_460000.settlements WHERE setl_id = $1`,
      [template.setl_id],
    );
    const answer = fences.settledOrFence([{ decision_key: 'H:MSG-A', mdtrt_id: mdtrtId }]);
    expect(await stillWaiting(answer)).toBe(true);
    await client.query('COMMIT');
    expect(await answer).toEqual({ settled: ['H:MSG-A'], absent: [] });
    const fenced = await world.platform.db.query(
      "SELECT 1 FROM node_460000.decision_fences WHERE decision_key = 'H:MSG-A'",
    );
    expect(fenced).toEqual([]);
  });

  it('a fence set first refuses the settlement: the insert waits for the fence to commit', async () => {
    await client.query('BEGIN');
    // As DecisionFenceStore.settledOrFence: the visit's row FOR UPDATE, then the fence.
    await client.query('SELECT 1 FROM node_460000.visits WHERE mdtrt_id = $1 FOR UPDATE', [mdtrtId]);
    await client.query("INSERT INTO node_460000.decision_fences (decision_key) VALUES ('H:MSG-B')");
    const store = world.platform.nodes.get('460000')!.treatment.store;
    const stored = store.recordSettlement(
      { ...template, setl_id: 'FENCE-B', msgid: 'MSG-B', decision_key: 'H:MSG-B', cancelled_by: null },
      serials,
    );
    expect(await stillWaiting(stored)).toBe(true);
    await client.query('COMMIT');
    await expect(stored).rejects.toBeInstanceOf(DecisionFenced);
    expect(
      await world.platform.db.query("SELECT 1 FROM node_460000.settlements WHERE setl_id = 'FENCE-B'"),
    ).toEqual([]);
    const lines = await world.platform.db.query<{ setl_id: string | null }>(
      'SELECT setl_id FROM node_460000.fee_lines WHERE mdtrt_id = $1',
      [mdtrtId],
    );
    expect(lines.map((l) => l.setl_id)).toEqual([null, null, null, null]);
  });

  it('without a fence the same settlement is stored (the lines were free)', async () => {
    const store = world.platform.nodes.get('460000')!.treatment.store;
    await store.recordSettlement(
      { ...template, setl_id: 'FENCE-C', msgid: 'MSG-C', decision_key: 'H:MSG-C', cancelled_by: null },
      serials,
    );
    expect(await fences.settledOrFence([{ decision_key: 'H:MSG-C', mdtrt_id: mdtrtId }])).toEqual({
      settled: ['H:MSG-C'],
      absent: [],
    });
  });
});
