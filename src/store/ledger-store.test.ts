// The ledger tables on PGlite and on a PostgreSQL server: atomic batches, idempotent ids, locks that queue, zero sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import { clearingAccounts, LEDGER_CNY, planClearing, type Transfer } from '../core/ledger/index.ts';
import type { Db } from './db.ts';
import { LedgerStore } from './ledger-store.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { prepareSchemas } from './prepare.ts';

const postgres = await postgresAvailable();

const transfer = (id: string, debit: string, credit: string, amount_fen: number): Transfer => ({
  id,
  debit_account_id: debit,
  credit_account_id: credit,
  amount_fen,
  ledger: LEDGER_CNY,
  code: 'deposit',
  period: '2026-05',
  memo: `test ${id}`,
});

function describeLedgerStore(name: string, open: () => Promise<{ db: Db; cleanup?: () => Promise<void> }>) {
  describe(`ledger store (${name})`, () => {
    let db: Db;
    let cleanup: (() => Promise<void>) | undefined;
    let store: LedgerStore;

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await prepareSchemas(db, []);
      store = new LedgerStore(db);
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    const balances = async () =>
      Object.fromEntries(
        (await store.accounts()).map((a) => [a.id, [a.debits_posted_fen, a.credits_posted_fen]]),
      );
    const expectZeroSum = async () => {
      const sums = await store.sums();
      expect(sums.debits_fen).toBe(sums.credits_fen);
    };

    it('opens the accounts of a batch and moves their balances with the transfers, summing to zero', async () => {
      const result = await store.post([
        transfer('d1', '130000:fiscal', '130000:prepaid', 50_000),
        transfer('d2', '460000:fiscal', '460000:prepaid', 30_000),
      ]);
      expect(result).toMatchObject({ posted: 2, replayed: false });
      expect(await balances()).toEqual({
        '130000:fiscal': [50_000, 0],
        '130000:prepaid': [0, 50_000],
        '460000:fiscal': [30_000, 0],
        '460000:prepaid': [0, 30_000],
      });
      await expectZeroSum();
      expect((await store.account('130000:prepaid'))?.flags.debits_must_not_exceed_credits).toBe(true);
    });

    it('answers a re-posted batch with the original and changes nothing', async () => {
      const before = await balances();
      const again = await store.post([
        transfer('d1', '130000:fiscal', '130000:prepaid', 50_000),
        transfer('d2', '460000:fiscal', '460000:prepaid', 30_000),
      ]);
      expect(again).toMatchObject({ posted: 0, replayed: true });
      expect(again.transfers.map((t) => t.amount_fen)).toEqual([50_000, 30_000]);
      expect(await balances()).toEqual(before);
      expect((await store.transfers()).length).toBe(2);
    });

    it('refuses an id posted before with another amount, and changes nothing', async () => {
      const before = await balances();
      await expect(
        store.post([
          transfer('d3', '130000:fiscal', '130000:prepaid', 1),
          transfer('d1', '130000:fiscal', '130000:prepaid', 9),
        ]),
      ).rejects.toMatchObject({ code: 'exists-different', transfer_id: 'd1' });
      expect(await balances()).toEqual(before);
      expect(await store.transfers({ account: '130000:prepaid' })).toHaveLength(1);
    });

    it('refuses a batch that would overdraw 预付金 as a whole: its earlier transfers are not posted either', async () => {
      const before = await balances();
      await expect(
        store.post([
          transfer('r1', '130000:fiscal', '130000:prepaid', 1_000),
          transfer('r2', '130000:prepaid', '130000:fiscal', 51_001),
        ]),
      ).rejects.toMatchObject({ code: 'exceeds-credits', transfer_id: 'r2' });
      expect(await balances()).toEqual(before);
      expect(await store.transfers({ period: '2026-05' })).toHaveLength(2);
      await expectZeroSum();
    });

    it('queues concurrent batches over the same accounts in opposite orders without deadlock or lost updates', async () => {
      const before = await balances();
      const batches = Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? [
              transfer(`c${i}a`, '130000:fiscal', '130000:prepaid', 100),
              transfer(`c${i}b`, '460000:fiscal', '460000:prepaid', 10),
            ]
          : [
              transfer(`c${i}a`, '460000:fiscal', '460000:prepaid', 10),
              transfer(`c${i}b`, '130000:fiscal', '130000:prepaid', 100),
            ],
      );
      await Promise.all(batches.map((b) => store.post(b)));
      const after = await balances();
      expect(after['130000:prepaid']).toEqual([
        before['130000:prepaid']![0],
        before['130000:prepaid']![1]! + 1_200,
      ]);
      expect(after['460000:prepaid']).toEqual([
        before['460000:prepaid']![0],
        before['460000:prepaid']![1]! + 120,
      ]);
      await expectZeroSum();
    });

    it('posts a batch raced by its own retry exactly once', async () => {
      const batch = [transfer('once', '130000:fiscal', '130000:prepaid', 7)];
      const before = (await store.account('130000:prepaid'))!.credits_posted_fen;
      const results = await Promise.all([store.post(batch), store.post(batch), store.post(batch)]);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await store.transfers()).filter((t) => t.id === 'once')).toHaveLength(1);
      expect((await store.account('130000:prepaid'))!.credits_posted_fen).toBe(before + 7);
      await expectZeroSum();
    });

    it('keeps a clearing with its instructions in plan order, each knowing its part, and lists posted periods', async () => {
      const plan = planClearing(
        '2026-09',
        [{ treatment_province: '460000', insured_province: '130000', fund_fen: 10_000, acct_pay_fen: 2_000 }],
        () => 0,
      );
      await store.transaction(async (tx) => {
        await tx.lockAccounts(clearingAccounts(plan.pairs));
        await tx.post(plan.transfers);
        await tx.recordClearing({ ...plan, transfers: plan.transfers.length });
      });
      const record = await store.clearing('2026-09');
      expect(record?.instructions).toEqual(plan.instructions);
      expect(record?.instructions.map((i) => i.part)).toEqual(['fund', 'acct', 'fund', 'acct']);
      expect(record?.pairs).toEqual(plan.pairs);
      expect(await store.postedPeriods('2026-01', '2026-12')).toEqual(['2026-09']);
      expect(await store.postedPeriods('2026-10', '2026-12')).toEqual([]);
      expect(await store.clearedMonthlyPayable('130000', 12)).toEqual([
        { period: '2026-09', owed_fen: 12_000 },
      ]);
      await expectZeroSum();
    });
  });
}

describeLedgerStore('PGlite', async () => ({ db: await openPglite() }));

describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeLedgerStore('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { db: await openPostgres(database.url), cleanup: database.drop };
  });
});
