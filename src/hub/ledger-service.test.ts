// NationalHub.ledger: a confirmed period posted once, 预付金 drawn and topped up, warnings at the thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import type { Db } from '../store/db.ts';
import { openPglite } from '../store/pglite.ts';
import { openPostgres } from '../store/postgres.ts';
import { prepareSchemas } from '../store/prepare.ts';
import { LedgerService } from './ledger-service.ts';

const postgres = await postgresAvailable();

function describeLedgerService(name: string, open: () => Promise<{ db: Db; cleanup?: () => Promise<void> }>) {
  describe(`the ledger service (${name})`, () => {
    let db: Db;
    let cleanup: (() => Promise<void>) | undefined;
    let ledger: LedgerService;

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await prepareSchemas(db, []);
      ledger = new LedgerService(db, {
        provinces: async () => ['110000', '130000', '460000'],
        now: () => new Date('2026-06-05T02:00:00Z'),
      });
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    /** After every operation: the trial balance sums to zero. */
    async function expectBalanced() {
      const trial = await ledger.trialBalance();
      expect(trial.debits_fen).toBe(trial.credits_fen);
      expect(trial.balanced).toBe(true);
    }
    const balanceOf = async (id: string) =>
      (await ledger.trialBalance()).accounts.find((a) => a.id === id)?.balance_fen ?? 0;

    const MAY = [
      { treatment_province: '460000', insured_province: '130000', fund_fen: 1_000_000 },
      { treatment_province: '130000', insured_province: '460000', fund_fen: 300_000 },
      { treatment_province: '110000', insured_province: '130000', fund_fen: 200_000 },
    ];

    it('takes a 预付金 deposit once per id, dated into the current month, and sums to zero', async () => {
      const first = await ledger.deposit('130000', 2_000_000, 'HB-2026-001');
      expect(first).toMatchObject({
        replayed: false,
        transfer: { id: 'deposit:130000:HB-2026-001', period: '2026-06' },
      });
      const again = await ledger.deposit('130000', 2_000_000, 'HB-2026-001');
      expect(again.replayed).toBe(true);
      expect(await balanceOf('130000:prepaid')).toBe(2_000_000);
      await expect(ledger.deposit('130000', 1, 'HB-2026-001')).rejects.toMatchObject({
        code: 'exists-different',
      });
      await expect(ledger.deposit('130000', 0, 'HB-2026-002')).rejects.toMatchObject({
        code: 'amount-invalid',
      });
      await expectBalanced();
    });

    it('refuses an adjustment that would overdraw 预付金 and changes nothing', async () => {
      const before = await ledger.trialBalance();
      await expect(ledger.adjust('130000', -2_000_001, 'refund-1', '退还')).rejects.toMatchObject({
        code: 'exceeds-credits',
      });
      expect(await ledger.trialBalance()).toEqual(before);
      await ledger.adjust('130000', -100_000, 'refund-2', '年度调整：退还多缴');
      expect(await balanceOf('130000:prepaid')).toBe(1_900_000);
      await expectBalanced();
    });

    it('posts a confirmed period: nets, draws 预付金, disburses, and a re-run changes nothing', async () => {
      await ledger.deposit('460000', 100_000, 'HN-1');
      const posted = await ledger.postClearing('2026-05', MAY);
      expect(posted.replayed).toBe(false);
      // 3 pairs, 2 nettings (130000 and 460000 are on both sides), 1 draw, 2 disbursements.
      expect(posted.transfers).toBe(3 + 2 + 1 + 2);
      expect(posted.instructions.map((i) => [i.kind, i.payer, i.payee, i.amount_fen])).toEqual([
        ['disburse', 'national', '110000', 200_000],
        ['prepaid-draw', '130000', 'national', 900_000],
        ['disburse', 'national', '460000', 700_000],
      ]);
      expect(await balanceOf('130000:prepaid')).toBe(1_000_000);
      expect(await balanceOf('130000:payable')).toBe(0);
      expect(await balanceOf('460000:fiscal')).toBe(100_000 - 700_000);
      await expectBalanced();

      const before = await ledger.trialBalance();
      const rerun = await ledger.postClearing('2026-05', [...MAY].reverse());
      expect(rerun).toEqual({ ...posted, replayed: true });
      expect(await ledger.trialBalance()).toEqual(before);
      await expect(
        ledger.postClearing('2026-05', [{ ...MAY[0]!, fund_fen: 1_000_001 }, MAY[1]!, MAY[2]!]),
      ).rejects.toMatchObject({ code: 'exists-different' });
      expect(await ledger.trialBalance()).toEqual(before);
    });

    it('collects from the 财政专户 what 预付金 did not cover, and records the payment', async () => {
      const june = [{ treatment_province: '460000', insured_province: '130000', fund_fen: 1_500_000 }];
      const posted = await ledger.postClearing('2026-06', june);
      expect(posted.positions.find((p) => p.province === '130000')).toMatchObject({
        prepaid_draw_fen: 1_000_000,
        collect_fen: 500_000,
      });
      expect(await balanceOf('130000:prepaid')).toBe(0);
      expect(await balanceOf('130000:payable')).toBe(500_000);
      // Owing with nothing prepaid: red, and one 紧急调增 request however often it is asked.
      const status = await ledger.prepaidStatus('130000');
      expect(status).toMatchObject({ level: 'red', usage_bp: null, owed_fen: 500_000 });
      await ledger.prepaidStatus('130000');
      expect(status.topup_requests.map((r) => r.level)).toEqual(['red']);
      expect((await ledger.store.topupRequests('130000')).length).toBe(1);
      await ledger.recordCollection('2026-06', '130000');
      await ledger.recordCollection('2026-06', '130000');
      expect(await balanceOf('130000:payable')).toBe(0);
      const after = await ledger.prepaidStatus('130000');
      expect(after).toMatchObject({ level: 'none', topup_requests: [] });
      await expectBalanced();
    });

    it('sizes the required 预付金 at two months of the last twelve cleared months', async () => {
      // 130000 owed 1 200 000 in 2026-05 and 1 500 000 in 2026-06: two months of the average 1 350 000.
      expect((await ledger.prepaidStatus('130000')).required_fen).toBe(2_700_000);
      // Twelve more periods of 110000 insured in 460000 (100 000 … 1 200 000 fen); the first two periods are older.
      for (let m = 1; m <= 12; m++) {
        const period = `2027-${String(m).padStart(2, '0')}`;
        await ledger.postClearing(period, [
          { treatment_province: '460000', insured_province: '110000', fund_fen: m * 100_000 },
        ]);
      }
      expect((await ledger.prepaidStatus('110000')).required_fen).toBe(1_300_000);
      // 130000's months rolled out of the last twelve: it owed nothing in them.
      expect((await ledger.prepaidStatus('130000')).required_fen).toBe(0);
      expect(ledger.requiredPrepaid('130000', [100, 200])).toBe(300);
      await expectBalanced();
    });

    it('warns at exactly 70 % and 90 % of what is owed against 预付金, not at 69.99 %', async () => {
      await ledger.deposit('460000', 1_000_000 - (await balanceOf('460000:prepaid')), 'HN-2');
      expect(await balanceOf('460000:prepaid')).toBe(1_000_000);
      expect(await ledger.prepaidStatus('460000', { uncleared_fen: 699_900 })).toMatchObject({
        usage_bp: 6_999,
        level: 'none',
        topup_requests: [],
      });
      const yellow = await ledger.prepaidStatus('460000', { uncleared_fen: 700_000 });
      expect(yellow).toMatchObject({ usage_bp: 7_000, level: 'yellow' });
      expect(yellow.topup_requests.map((r) => r.level)).toEqual(['yellow']);
      expect((await ledger.prepaidStatus('460000', { uncleared_fen: 899_999 })).level).toBe('yellow');
      const red = await ledger.prepaidStatus('460000', { uncleared_fen: 900_000 });
      expect(red).toMatchObject({ usage_bp: 9_000, level: 'red' });
      expect(red.topup_requests.map((r) => r.level)).toEqual(['yellow', 'red']);
      // The request asks for enough to bring usage under yellow.
      expect(red.topup_requests[1]!.requested_fen).toBe(285_715);
      await ledger.prepaidStatus('460000', { uncleared_fen: 900_000 });
      expect(await ledger.store.topupRequests('460000')).toHaveLength(2);
    });

    it('books hospital advances once per hospital and period', async () => {
      const rows = [
        { province: '460000', fixmedins_code: 'H46010800012', fund_fen: 1_750_000 },
        { province: '460000', fixmedins_code: 'H46010800013', fund_fen: 250_000 },
      ];
      expect(await ledger.postHospitalAdvances('2026-05', rows)).toEqual({ transfers: 2, replayed: false });
      expect(await ledger.postHospitalAdvances('2026-05', rows)).toEqual({ transfers: 2, replayed: true });
      expect(await balanceOf('460000:advances')).toBe(2_000_000);
      expect(await balanceOf('H:H46010800012')).toBe(1_750_000);
      await expectBalanced();
    });
    it('posts a period raced by its own re-run once: one run posts, the other answers the original', async () => {
      const pairs = [{ treatment_province: '130000', insured_province: '460000', fund_fen: 12_345 }];
      const before = await ledger.trialBalance();
      const runs = await Promise.all([
        ledger.postClearing('2028-01', pairs),
        ledger.postClearing('2028-01', pairs),
      ]);
      expect(runs.map((r) => r.replayed).sort()).toEqual([false, true]);
      const after = await ledger.trialBalance();
      expect(runs[1]).toEqual({ ...runs[0], replayed: runs[1]!.replayed });
      expect(after.debits_fen - before.debits_fen).toBe(
        (await ledger.store.transfers({ period: '2028-01' })).reduce((sum, t) => sum + t.amount_fen, 0),
      );
      expect((await ledger.store.transfers({ period: '2028-01' })).length).toBe(runs[0]!.transfers);
      await expectBalanced();
    });

    it('posts personal-account payments apart from the fund: own accounts, instructions and collection', async () => {
      await ledger.deposit('440000', 100_000, 'GD-1');
      const pairs = [
        { treatment_province: '320000', insured_province: '440000', fund_fen: 80_000, acct_pay_fen: 50_000 },
      ];
      const posted = await ledger.postClearing('2029-01', pairs);
      // 预付金 covers the fund part and 20 000 of the account part; the other 30 000 comes from the 财政专户.
      expect(posted.instructions.map((i) => [i.id, i.part, i.amount_fen])).toEqual([
        ['disburse:2029-01:320000', 'fund', 80_000],
        ['disburse:2029-01:320000:acct', 'acct', 50_000],
        ['prepaid-draw:2029-01:440000', 'fund', 80_000],
        ['prepaid-draw:2029-01:440000:acct', 'acct', 20_000],
        ['collect:2029-01:440000:acct', 'acct', 30_000],
      ]);
      expect(posted.positions.map((p) => [p.province, p.part, p.net_fen])).toEqual([
        ['320000', 'fund', 80_000],
        ['320000', 'acct', 50_000],
        ['440000', 'fund', -80_000],
        ['440000', 'acct', -50_000],
      ]);
      expect(await balanceOf('440000:payable')).toBe(0);
      expect(await balanceOf('440000:acct-payable')).toBe(30_000);
      expect(await balanceOf('320000:acct-receivable')).toBe(0);
      expect(await balanceOf('320000:fiscal')).toBe(-130_000);
      const transfers = await ledger.store.transfers({ period: '2029-01' });
      expect(transfers.find((t) => t.id === 'clearing:2029-01:320000-440000:acct')).toMatchObject({
        debit_account_id: '440000:acct-payable',
        credit_account_id: '320000:acct-receivable',
        amount_fen: 50_000,
        code: 'clearing',
      });
      // What is still owed on the account part counts against 预付金, and sizing counts both parts.
      const status = await ledger.prepaidStatus('440000');
      expect(status).toMatchObject({ balance_fen: 0, owed_fen: 30_000, level: 'red' });
      expect(status.required_fen).toBe(21_667);
      await expectBalanced();

      const before = await ledger.trialBalance();
      expect(await ledger.postClearing('2029-01', pairs)).toEqual({ ...posted, replayed: true });
      await expect(
        ledger.postClearing('2029-01', [{ ...pairs[0]!, acct_pay_fen: 50_001 }]),
      ).rejects.toMatchObject({ code: 'exists-different' });
      await expect(ledger.postClearing('2029-01', [{ ...pairs[0]!, acct_pay_fen: 0 }])).rejects.toMatchObject(
        { code: 'exists-different' },
      );
      expect(await ledger.trialBalance()).toEqual(before);

      const collected = await ledger.recordCollection('2029-01', '440000');
      expect(collected).toMatchObject({ amount_fen: 30_000, replayed: false });
      expect(collected.transfers.map((t) => t.id)).toEqual(['collection:2029-01:440000:acct']);
      expect(await ledger.recordCollection('2029-01', '440000')).toMatchObject({
        amount_fen: 30_000,
        replayed: true,
      });
      await expect(ledger.recordCollection('2029-01', '320000')).rejects.toMatchObject({
        code: 'instruction-unknown',
      });
      await expect(ledger.recordCollection('2029-02', '440000')).rejects.toMatchObject({
        code: 'instruction-unknown',
      });
      expect(await balanceOf('440000:acct-payable')).toBe(0);
      expect(await ledger.prepaidStatus('440000')).toMatchObject({ level: 'none', topup_requests: [] });
      await expectBalanced();
    });

    it("books a hospital's account payments on the agency's account advances, once per period", async () => {
      const rows = [
        { province: '320000', fixmedins_code: 'H32010000001', fund_fen: 80_000, acct_pay_fen: 50_000 },
      ];
      expect(await ledger.postHospitalAdvances('2029-01', rows)).toEqual({ transfers: 2, replayed: false });
      expect(await ledger.postHospitalAdvances('2029-01', rows)).toEqual({ transfers: 2, replayed: true });
      await expect(
        ledger.postHospitalAdvances('2029-01', [{ ...rows[0]!, acct_pay_fen: 40_000 }]),
      ).rejects.toMatchObject({ code: 'exists-different' });
      // A part dropped (or added) on a replay is a change too, not a completion.
      await expect(
        ledger.postHospitalAdvances('2029-01', [{ ...rows[0]!, acct_pay_fen: 0 }]),
      ).rejects.toMatchObject({ code: 'exists-different' });
      await expect(
        ledger.postHospitalAdvances('2029-01', [{ ...rows[0]!, fund_fen: 0, acct_pay_fen: 0 }]),
      ).rejects.toMatchObject({ code: 'exists-different' });
      expect(await balanceOf('320000:advances')).toBe(80_000);
      expect(await balanceOf('320000:acct-advances')).toBe(50_000);
      expect(await balanceOf('H:H32010000001')).toBe(130_000);
      await expectBalanced();
    });

    it('counts settlements of periods not posted yet against 预付金, and a posted period once, as payable', async () => {
      const asked: string[] = [];
      let march = { fund_pay_fen: 60_000, acct_pay_fen: 10_000 };
      const aggregate = (month: string, sums: { fund_pay_fen: number; acct_pay_fen: number }) => ({
        month,
        treatment_province: '320000',
        insured_province: '440000',
        kind: 'inpatient' as const,
        settlements: 1,
        medfee_fen: 0,
        psn_part_fen: 0,
        psn_cash_fen: 0,
        ...sums,
      });
      const withNodes = new LedgerService(db, {
        provinces: async () => ['320000', '440000'],
        now: () => new Date('2029-03-10T02:00:00Z'),
        settlementStats: async (range) => {
          asked.push(`${range.from}..${range.to}`);
          return [
            // 2029-01 is posted: the nodes still report it, and it must not count again.
            { up: true, answer: [aggregate('2029-01', { fund_pay_fen: 80_000, acct_pay_fen: 50_000 })] },
            { up: true, answer: [aggregate('2029-03', march)] },
            { up: false },
          ];
        },
      });
      await withNodes.deposit('440000', 100_000, 'GD-2');
      const yellow = await withNodes.prepaidStatus('440000');
      expect(yellow).toMatchObject({
        owed_fen: 70_000,
        uncleared_fen: 70_000,
        usage_bp: 7_000,
        level: 'yellow',
      });
      expect(asked).toEqual(['2028-04..2029-03']);
      march = { fund_pay_fen: 120_000, acct_pay_fen: 10_000 };
      const [, red] = await withNodes.prepaidStatuses();
      expect(red).toMatchObject({ province: '440000', owed_fen: 130_000, usage_bp: 13_000, level: 'red' });
      expect(asked).toHaveLength(2);
      // What the caller says it knows wins, and the nodes are not asked.
      expect((await withNodes.prepaidStatus('440000', { uncleared_fen: 0 })).level).toBe('none');
      expect(asked).toHaveLength(2);

      await withNodes.postClearing('2029-03', [
        {
          treatment_province: '320000',
          insured_province: '440000',
          ...{ fund_fen: 120_000, acct_pay_fen: 10_000 },
        },
      ]);
      // 预付金 paid 100 000; 20 000 of the fund part and the 10 000 account part are payable, March is no longer uncleared.
      expect(await withNodes.prepaidStatus('440000')).toMatchObject({
        balance_fen: 0,
        uncleared_fen: 0,
        owed_fen: 30_000,
        level: 'red',
      });
      await withNodes.recordCollection('2029-03', '440000');
      expect(await withNodes.prepaidStatus('440000')).toMatchObject({ owed_fen: 0, level: 'none' });
      await expectBalanced();
    });
  });
}

describeLedgerService('PGlite', async () => ({ db: await openPglite() }));

describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeLedgerService('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { db: await openPostgres(database.url), cleanup: database.drop };
  });
});
