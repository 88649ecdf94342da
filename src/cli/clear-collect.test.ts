// `yidi clear --collected`: a province's 财政专户 payment of a posted period, on the ledger and over the console API.
import { Command, InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerService } from '../hub/ledger-service.ts';
import type { Db } from '../store/db.ts';
import { openPglite } from '../store/pglite.ts';
import { prepareSchemas } from '../store/prepare.ts';
import { registerClear } from './clear.ts';
import { collectedOnLedger, collectedOverHttp, collectedText, provinceOption } from './clear-collect.ts';

let db: Db;
let ledger: LedgerService;

beforeAll(async () => {
  db = await openPglite();
  await prepareSchemas(db, []);
  ledger = new LedgerService(db, { provinces: async () => ['130000', '460000'] });
  await ledger.deposit('130000', 1_000_000, 'HB-1');
  // 河北 owes 1 750 000 of fund and 20 000 of account payments; 预付金 covers 1 000 000 of the fund part.
  await ledger.postClearing('2026-05', [
    { treatment_province: '460000', insured_province: '130000', fund_fen: 1_750_000, acct_pay_fen: 20_000 },
  ]);
});
afterAll(async () => {
  await db?.close();
});

describe('yidi clear --collected', () => {
  it('records both parts of what 预付金 did not cover, once, and says so in Chinese', async () => {
    const first = await collectedOnLedger(ledger, '2026-05', '130000');
    expect(first).toEqual({
      period: '2026-05',
      province: '130000',
      amount_fen: 770_000,
      transfers: [
        { id: 'collection:2026-05:130000', part: 'fund' },
        { id: 'collection:2026-05:130000:acct', part: 'acct' },
      ],
      replayed: false,
    });
    expect(collectedText(first)).toContain(
      '财政专户缴款：130000 河北省 7700.00 元已入账（基金 collection:2026-05:130000，个人账户 collection:2026-05:130000:acct）',
    );
    const again = await collectedOnLedger(ledger, '2026-05', '130000');
    expect(again).toEqual({ ...first, replayed: true });
    expect(collectedText(again)).toContain('（已登记过，结果不变）');
    expect((await ledger.trialBalance()).balanced).toBe(true);
  });

  it('refuses a province without a collect instruction with the ledger error the command prints', async () => {
    await expect(collectedOnLedger(ledger, '2026-05', '460000')).rejects.toMatchObject({
      code: 'instruction-unknown',
      message: '2026-05没有460000财政专户缴款的清算指令',
    });
  });

  it('over --url posts the period and province to the console API and reads its answer', async () => {
    const calls: unknown[] = [];
    const done = await collectedOverHttp(
      async (method, path, token, body) => {
        calls.push([method, path, token, body]);
        return {
          amount: 7_500,
          replayed: false,
          transfers: [{ id: 'collection:2026-05:130000', part: 'fund' }],
        };
      },
      'T1',
      '2026-05',
      '130000',
    );
    expect(calls).toEqual([
      ['POST', '/api/console/prepaid/collections', 'T1', { period: '2026-05', province: '130000' }],
    ]);
    expect(done).toMatchObject({ amount_fen: 750_000, replayed: false });
  });

  it('documents --collected in --help and refuses a value that is not a province', () => {
    const program = new Command();
    registerClear(program);
    const help = program.commands.find((c) => c.name() === 'clear')!.helpInformation();
    expect(help).toContain('--collected <province>');
    expect(help).toContain('财政专户');
    expect(provinceOption('130000')).toBe('130000');
    expect(() => provinceOption('130100')).toThrow(InvalidArgumentError);
  });
});
