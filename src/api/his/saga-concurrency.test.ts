// Two hospitals settling the same person at the same moment: the insured node's row lock queues the decisions, so
// the accumulators hold exactly their sum. Run on PGlite and on a PostgreSQL server (where the lock really matters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admit,
  conservationOf,
  type HisWorld,
  LAOZHANG,
  SECOND_HOSPITAL,
  settleInput,
  standardBill,
  startHisWorld,
  type WorldOptions,
  withSecondHospital,
} from '../../../test/support/his-world.ts';
import { createTestDatabase, postgresAvailable } from '../../../test/support/services.ts';
import type { HisClient } from '../../sim/his-client.ts';

/** Ten settlements at once, five from each hospital: more than the PostgreSQL pool's connections would need. */
const SETTLEMENTS = 10;

const postgres = await postgresAvailable();

type SetlAmounts = Record<
  | 'medfee_sumamt'
  | 'fund_pay_sumamt'
  | 'psn_part_amt'
  | 'hosp_part_amt'
  | 'acct_pay'
  | 'psn_cash_pay'
  | 'balc'
  | 'act_pay_dedc',
  number
>;

function describeConcurrency(
  name: string,
  options: () => Promise<WorldOptions & { drop?: () => Promise<void> }>,
) {
  describe(`concurrent settlements of one person (${name})`, () => {
    let world: HisWorld;
    let second: HisClient;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const { drop: dropDb, ...worldOptions } = await options();
      drop = dropDb;
      world = await startHisWorld({ ...worldOptions, adjust: withSecondHospital });
      second = await world.client(SECOND_HOSPITAL);
    });
    afterAll(async () => {
      await world?.close();
      await drop?.();
    });

    it('two hospitals settling 老张 at once: accumulators equal the sum of the decisions, one first-stay deductible, account never negative', async () => {
      const hospitals = [world.his, second];
      const visits: { his: HisClient; mdtrtId: string }[] = [];
      for (let i = 0; i < SETTLEMENTS; i++) {
        const his = hospitals[i % 2]!;
        const mdtrtId = await admit(his);
        await his.ok('2301', { feedetail: standardBill(mdtrtId) });
        visits.push({ his, mdtrtId });
      }
      const before = await world.readings();
      expect(before).toEqual({ admissions: 0, counters: {}, balance: 320_000 });

      const answers = await Promise.all(
        visits.map(({ his, mdtrtId }) => his.call('2304', settleInput(mdtrtId, { acct_used_flag: '1' }))),
      );
      for (const answer of answers) expect(answer.err_msg).toBeNull();
      const infos = answers.map((a) => a.output.setlinfo as SetlAmounts);

      for (const info of infos) {
        const c = conservationOf(info);
        expect(c.parts).toBe(c.medfee);
        expect(c.paid_by_person).toBe(c.psn_part);
        for (const field of ['fund_pay_sumamt', 'psn_part_amt', 'acct_pay', 'psn_cash_pay', 'balc'] as const)
          expect(info[field]).toBeGreaterThanOrEqual(0);
      }
      // Exactly one stay was the first of the year (deductible 1,000.00: 17,500.00 from the fund); the nine after
      // it paid 500.00 (20,500.00 in scope: 10,000.00 × 85% + 10,500.00 × 90% = 17,950.00).
      const deductibles = infos.map((i) => i.act_pay_dedc).sort();
      expect(deductibles).toEqual([1000, ...Array(SETTLEMENTS - 1).fill(500)].sort());
      const firstStay = infos.find((i) => i.act_pay_dedc === 1000)!;
      expect(firstStay).toMatchObject({ fund_pay_sumamt: 17500, psn_part_amt: 7500 });
      for (const info of infos.filter((i) => i.act_pay_dedc === 500))
        expect(info).toMatchObject({ fund_pay_sumamt: 17950, psn_part_amt: 7050 });
      // The account (3,200.00) went to exactly one settlement, whichever the lock let through first.
      const accountPays = infos.map((i) => i.acct_pay).sort((a, b) => b - a);
      expect(accountPays).toEqual([3200, ...Array(SETTLEMENTS - 1).fill(0)]);

      const fundFen = infos.reduce((sum, i) => sum + Math.round(i.fund_pay_sumamt * 100), 0);
      expect(fundFen).toBe(1_750_000 + (SETTLEMENTS - 1) * 1_795_000);
      expect(await world.readings()).toEqual({
        admissions: SETTLEMENTS,
        counters: {
          'pool.paid': fundFen,
          // 20,000.00 over the first deductible, 20,500.00 over each later one.
          'pool.eligible': 2_000_000 + (SETTLEMENTS - 1) * 2_050_000,
        },
        balance: 0,
      });

      // The insured side's decisions and the treatment side's settlements agree one to one.
      const decisions = await world.platform.db.query<{ status: string }>(
        'SELECT status FROM node_130000.benefit_decisions WHERE psn_no = $1',
        [LAOZHANG.psn_no],
      );
      expect(decisions.map((d) => d.status)).toEqual(Array(SETTLEMENTS).fill('decided'));
      const [settled] = await world.platform.db.query<{ n: number; fund: number }>(
        `SELECT count(*)::int AS n, sum(fund_pay_sumamt_fen)::bigint AS fund FROM node_460000.settlements
         WHERE psn_no = $1 AND refd_setl_flag = '0' AND cancelled_by IS NULL`,
        [LAOZHANG.psn_no],
      );
      expect(settled).toEqual({ n: SETTLEMENTS, fund: fundFen });

      // Cancelling them all at once gives everything back.
      await Promise.all(
        answers.map((a, i) =>
          visits[i]!.his.ok('2305', {
            data: {
              mdtrt_id: visits[i]!.mdtrtId,
              setl_id: a.output.setlinfo.setl_id,
              psn_no: LAOZHANG.psn_no,
            },
          }),
        ),
      );
      expect(await world.readings()).toEqual(before);
    });

    it('two 2304s of the same visit under different msgids: exactly one settles, the other is refused, one stay counted', async () => {
      const mdtrtId = await admit(world.his);
      await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
      const before = await world.readings();

      const answers = await Promise.all([
        world.his.call('2304', settleInput(mdtrtId, { acct_used_flag: '1' })),
        world.his.call('2304', settleInput(mdtrtId, { acct_used_flag: '1' })),
      ]);
      const settled = answers.filter((a) => a.infcode === 0);
      const refused = answers.filter((a) => a.infcode !== 0);
      expect(settled).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.err_msg).toMatch(/^input\.data\.mdtrt_id：/);

      const info = settled[0]!.output.setlinfo;
      const after = await world.readings();
      expect(after.admissions).toBe(before.admissions + 1);
      expect(after.counters['pool.paid']).toBe(
        (before.counters['pool.paid'] ?? 0) + Math.round(info.fund_pay_sumamt * 100),
      );
      expect(after.balance).toBe(before.balance - Math.round(info.acct_pay * 100));
      const standing = await world.platform.db.query<{ setl_id: string }>(
        `SELECT setl_id FROM node_460000.settlements WHERE mdtrt_id = $1 AND refd_setl_flag = '0' AND cancelled_by IS NULL`,
        [mdtrtId],
      );
      expect(standing.map((s) => s.setl_id)).toEqual([info.setl_id]);
      const lines = await world.platform.db.query<{ setl_id: string }>(
        'SELECT setl_id FROM node_460000.fee_lines WHERE mdtrt_id = $1',
        [mdtrtId],
      );
      expect(lines.map((l) => l.setl_id)).toEqual(Array(4).fill(info.setl_id));
      // Every decision the loser may have had is reverted: one decided decision for the visit.
      const decisions = await world.platform.db.query<{ status: string }>(
        "SELECT status FROM node_130000.benefit_decisions WHERE mdtrt_id = $1 AND status = 'decided'",
        [mdtrtId],
      );
      expect(decisions).toHaveLength(1);
    });
  });
}

describeConcurrency('PGlite', async () => ({}));

describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeConcurrency('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { databaseUrl: database.url, drop: database.drop };
  });
});
