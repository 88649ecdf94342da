// Orphan decisions: the insured node reverts, after the grace, each decision its treatment node has no settlement for.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  admit,
  cancelInput,
  type HisWorld,
  HOSPITAL,
  LAOZHANG,
  settleInput,
  standardBill,
  startHisWorld,
  type WorldOptions,
} from '../../test/support/his-world.ts';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import { BusError } from '../bus/port.ts';
import { DEFAULT_ORPHAN_GRACE_MS, SETTLEMENT_EXISTS_OPERATION } from './orphan-decisions.ts';
import type { ProvincialNode } from './provincial-node.ts';
import { nodeSubject } from './subjects.ts';

const postgres = await postgresAvailable();

/** A moment past the grace of every decision made so far (decisions are dated by the database's clock). */
const pastGrace = () => new Date(Date.now() + DEFAULT_ORPHAN_GRACE_MS + 1_000);

function describeOrphans(
  name: string,
  options: () => Promise<WorldOptions & { drop?: () => Promise<void> }>,
): void {
  describe(name, () => {
    let world: HisWorld;
    let insured: ProvincialNode;
    let treatment: ProvincialNode;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const { drop: dropDb, ...worldOptions } = await options();
      drop = dropDb;
      world = await startHisWorld(worldOptions);
      insured = world.platform.nodes.get('130000')!;
      treatment = world.platform.nodes.get('460000')!;
    });
    afterAll(async () => {
      await world?.close();
      await drop?.();
      vi.restoreAllMocks();
    });
    beforeEach(async () => {
      vi.restoreAllMocks();
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      // Each test starts with no standing settlement of 老张 and nothing left for a round to do.
      const standing = await world.platform.db.query<{ mdtrt_id: string; setl_id: string }>(
        "SELECT mdtrt_id, setl_id FROM node_460000.settlements WHERE refd_setl_flag = '0' AND cancelled_by IS NULL",
      );
      for (const s of standing) await world.his.ok('2305', cancelInput(s.mdtrt_id, s.setl_id));
      await insured.orphans.runOnce(pastGrace());
    });

    async function billedVisit(): Promise<string> {
      const mdtrtId = await admit(world.his);
      await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
      return mdtrtId;
    }

    const keyOf = (msgid: string) => `${HOSPITAL.fixmedins_code}:${msgid}`;

    async function decision(msgid: string) {
      const [row] = await world.platform.db.query<{ status: string; verified: boolean }>(
        'SELECT status, verified_at IS NOT NULL AS verified FROM node_130000.benefit_decisions WHERE decision_key = $1',
        [keyOf(msgid)],
      );
      return row;
    }

    const settlementsOf = (msgid: string) =>
      world.platform.db.query('SELECT setl_id FROM node_460000.settlements WHERE msgid = $1', [msgid]);

    /** A 2304 whose decision is made and whose settlement the treatment node never stores (it dies in between). */
    async function orphanedSettlement(): Promise<{ msgid: string; body: Record<string, unknown> }> {
      const mdtrtId = await billedVisit();
      const body = world.his.envelope('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
      const crash = vi
        .spyOn(treatment.treatment.store, 'recordSettlement')
        .mockRejectedValueOnce(new Error('the treatment node died before storing the settlement'));
      const answer = await world.send(body);
      expect(answer.infcode).not.toBe(0);
      crash.mockRestore();
      const msgid = body.msgid as string;
      expect(await decision(msgid)).toEqual({ status: 'decided', verified: false });
      expect(await settlementsOf(msgid)).toEqual([]);
      return { msgid, body };
    }

    describe('a decision whose settlement was never stored', () => {
      it('is left alone before the grace, then reverted, reported and logged; a re-run changes nothing', async () => {
        const before = await world.readings();
        const { msgid } = await orphanedSettlement();
        const decided = await world.readings();
        expect(decided.balance).toBe(before.balance - 320_000);
        expect(decided.admissions).toBe(before.admissions + 1);

        const early = await insured.orphans.runOnce(new Date(Date.now() + DEFAULT_ORPHAN_GRACE_MS - 60_000));
        expect(early).toEqual({ checked: 0, verified: 0, reverted: [], unanswered: [] });
        expect(await decision(msgid)).toEqual({ status: 'decided', verified: false });
        expect(await world.readings()).toEqual(decided);

        const round = await insured.orphans.runOnce(pastGrace());
        expect(round).toEqual({ checked: 1, verified: 0, reverted: [keyOf(msgid)], unanswered: [] });
        expect((await decision(msgid))?.status).toBe('reverted');
        expect(await world.readings()).toEqual(before);
        const [report] = await insured.orphans.reversals();
        expect(report).toMatchObject({
          decision_key: keyOf(msgid),
          psn_no: LAOZHANG.psn_no,
          insutype: LAOZHANG.insutype,
          treatment_admdvs: HOSPITAL.admdvs,
          setl_time: '2026-05-12 10:30:00',
          // 25,000.00: the funds 17,500.00, the account 3,200.00, cash 4,300.00 (as the settlement would have been).
          medfee_fen: 2_500_000,
          fund_pay_fen: 1_750_000,
          acct_pay_fen: 320_000,
          psn_cash_fen: 430_000,
          // Dated at the settlement's time, so that clearing sees the pair in one month and annuls it.
          reverted_time: '2026-05-12 10:30:00',
        });
        expect(report!.reason).toContain('460000');
        expect(console.warn).toHaveBeenCalledWith(
          expect.stringContaining(`reverted orphan decision ${keyOf(msgid)}`),
        );
        // The treatment side fenced the key before it answered.
        expect(
          await world.platform.db.query('SELECT 1 FROM node_460000.decision_fences WHERE decision_key = $1', [
            keyOf(msgid),
          ]),
        ).toHaveLength(1);

        const stored = await world.stored();
        const reports = await insured.orphans.reversals();
        expect(await insured.orphans.runOnce(pastGrace())).toEqual({
          checked: 0,
          verified: 0,
          reverted: [],
          unanswered: [],
        });
        expect(await world.stored()).toEqual(stored);
        expect(await insured.orphans.reversals()).toEqual(reports);
      });

      it('refuses a late 2304 under the reverted msgid; a new msgid settles on the restored accumulators', async () => {
        const before = await world.readings();
        const { msgid, body } = await orphanedSettlement();
        await insured.orphans.runOnce(pastGrace());
        const stored = await world.stored();

        const late = await world.send(body);
        expect(late.infcode).toBe(-1);
        expect(late.err_msg).toContain('已被冲正');
        expect(await world.stored()).toEqual(stored);
        expect(await settlementsOf(msgid)).toEqual([]);
        expect(await world.readings()).toEqual(before);

        const again = await world.his.ok(
          '2304',
          settleInput((body.input as { data: { mdtrt_id: string } }).data.mdtrt_id, { acct_used_flag: '1' }),
        );
        expect(again.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, act_pay_dedc: 1000, acct_pay: 3200 });
      });

      it('is not touched while its treatment node does not answer, and is reverted once it does', async () => {
        const { msgid } = await orphanedSettlement();
        const decided = await world.readings();
        const request = world.platform.bus.request.bind(world.platform.bus);
        const silent = vi
          .spyOn(world.platform.bus, 'request')
          .mockImplementation((subject, data, options) =>
            subject === nodeSubject('460000', SETTLEMENT_EXISTS_OPERATION)
              ? Promise.reject(new BusError('timeout', 'no reply within 10000 ms'))
              : request(subject, data, options),
          );
        const round = await insured.orphans.runOnce(pastGrace());
        expect(round).toEqual({ checked: 1, verified: 0, reverted: [], unanswered: ['460000'] });
        expect(await decision(msgid)).toEqual({ status: 'decided', verified: false });
        expect(await world.readings()).toEqual(decided);
        expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('did not answer'));

        silent.mockRestore();
        expect((await insured.orphans.runOnce(pastGrace())).reverted).toEqual([keyOf(msgid)]);
      });
    });

    describe('a decision with a settlement', () => {
      it('is verified after the grace, never asked about again, and never reverted', async () => {
        const mdtrtId = await billedVisit();
        const body = world.his.envelope('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
        expect((await world.send(body)).infcode).toBe(0);
        const msgid = body.msgid as string;
        const settled = await world.readings();
        const reports = await insured.orphans.reversals();

        expect((await insured.orphans.runOnce(new Date())).checked).toBe(0);
        expect(await decision(msgid)).toEqual({ status: 'decided', verified: false });
        expect(await insured.orphans.runOnce(pastGrace())).toEqual({
          checked: 1,
          verified: 1,
          reverted: [],
          unanswered: [],
        });
        expect(await decision(msgid)).toEqual({ status: 'decided', verified: true });
        const stored = await world.stored();
        expect(await insured.orphans.runOnce(pastGrace())).toMatchObject({ checked: 0, reverted: [] });
        expect(await world.stored()).toEqual(stored);
        expect(await world.readings()).toEqual(settled);
        expect(await insured.orphans.reversals()).toEqual(reports);
        expect(await settlementsOf(msgid)).toHaveLength(1);
      });
    });

    describe('a settlement being stored when its decision is found without one', () => {
      it('is refused: the key was fenced before the insured node reverted the decision', async () => {
        const before = await world.readings();
        const mdtrtId = await billedVisit();
        const body = world.his.envelope('2304', settleInput(mdtrtId, { acct_used_flag: '1' }));
        const msgid = body.msgid as string;
        // The treatment node is slow between the decision and storing it: a round runs in between.
        const store = treatment.treatment.store;
        const record = store.recordSettlement.bind(store);
        let round: ReturnType<typeof insured.orphans.runOnce> | undefined;
        vi.spyOn(store, 'recordSettlement').mockImplementationOnce(async (settlement, serials) => {
          round = insured.orphans.runOnce(pastGrace());
          await round;
          return record(settlement, serials);
        });
        const answer = await world.send(body);
        expect((await round)?.reverted).toEqual([keyOf(msgid)]);
        expect(answer.infcode).toBe(-1);
        expect(answer.err_msg).toContain('请使用新的msgid重新结算');
        expect(await settlementsOf(msgid)).toEqual([]);
        expect(await decision(msgid)).toEqual({ status: 'reverted', verified: false });
        expect(await world.readings()).toEqual(before);
        const lines = await world.platform.db.query<{ setl_id: string | null }>(
          'SELECT setl_id FROM node_460000.fee_lines WHERE mdtrt_id = $1',
          [mdtrtId],
        );
        expect(lines.every((l) => l.setl_id === null)).toBe(true);
      });
    });

    describe('monthly clearing after the rounds', () => {
      it('finds both sides agree: each orphan and its reversal fall in May and annul each other', async () => {
        const reports = await insured.orphans.reversals();
        expect(reports.length).toBeGreaterThanOrEqual(4);
        const may = await world.platform.hub.clearing.run('2026-05');
        expect(may.differences).toEqual([]);
        expect(may.status).toBe('reconciled');
      });
    });

    describe('the settlement.exists operation', () => {
      it('refuses an empty or oversized list', async () => {
        const subject = nodeSubject('460000', SETTLEMENT_EXISTS_OPERATION);
        await expect(world.platform.bus.request(subject, { keys: [] })).rejects.toMatchObject({
          remoteCode: 'invalid-input',
        });
        const keys = Array.from({ length: 501 }, (_, n) => ({ decision_key: `H:${n}`, mdtrt_id: null }));
        await expect(world.platform.bus.request(subject, { keys })).rejects.toMatchObject({
          remoteCode: 'invalid-input',
        });
      });
    });
  });
}

describeOrphans('on PGlite', async () => ({}));

describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeOrphans('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { databaseUrl: database.url, drop: database.drop };
  });
});
