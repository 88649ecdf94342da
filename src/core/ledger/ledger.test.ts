// The ledger's arithmetic: batches all or nothing, flags respected, always summing to zero; clearing and 预付金 rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBatch, assertZeroSum, sumsOf } from './apply.ts';
import { accountSpec } from './chart.ts';
import { planClearing, planCollection, planHospitalAdvances } from './clearing.ts';
import { type Account, LEDGER_CNY, LedgerError, type Transfer } from './model.ts';
import { requiredPrepaidFen, usageBp, warningLevel } from './prepaid.ts';
import { unclearedByInsured, unclearedMonths } from './uncleared.ts';

const SEED = Number(process.env.FC_SEED ?? 20_260_601);
const ACCOUNT_IDS = [
  '130000:fiscal',
  '130000:prepaid',
  '130000:payable',
  '460000:receivable',
  '460000:advances',
];

const open = (ids: readonly string[]): Map<string, Account> =>
  new Map(ids.map((id) => [id, { ...accountSpec(id), debits_posted_fen: 0, credits_posted_fen: 0 }]));

const transfer = (id: string, debit: string, credit: string, amount_fen: number): Transfer => ({
  id,
  debit_account_id: debit,
  credit_account_id: credit,
  amount_fen,
  ledger: LEDGER_CNY,
  code: 'adjustment',
  period: '2026-05',
  memo: '',
});

const arbTransfer = fc
  .tuple(
    fc.constantFrom(...ACCOUNT_IDS),
    fc.constantFrom(...ACCOUNT_IDS),
    fc.integer({ min: 1, max: 1_000_000 }),
  )
  .filter(([d, c]) => d !== c);
const arbBatches = fc.array(fc.array(arbTransfer, { minLength: 1, maxLength: 6 }), { maxLength: 30 });

/** Applies batches in turn, keeping the refused ones out; answers the states and how many were refused. */
function run(batches: readonly (readonly [string, string, number])[][]) {
  let accounts = open(ACCOUNT_IDS);
  let n = 0;
  let refused = 0;
  for (const batch of batches) {
    const transfers = batch.map(([d, c, a]) => transfer(`t${n++}`, d, c, a));
    const before = new Map(accounts);
    try {
      const next = applyBatch(accounts, transfers);
      accounts = new Map([...accounts, ...next]);
    } catch (error) {
      expect(error).toBeInstanceOf(LedgerError);
      expect(['exceeds-credits', 'exceeds-debits']).toContain((error as LedgerError).code);
      // A refused batch changes nothing.
      expect(accounts).toEqual(before);
      refused++;
    }
    assertZeroSum(accounts.values());
    for (const a of accounts.values()) {
      if (a.flags.debits_must_not_exceed_credits)
        expect(a.debits_posted_fen).toBeLessThanOrEqual(a.credits_posted_fen);
      if (a.flags.credits_must_not_exceed_debits)
        expect(a.credits_posted_fen).toBeLessThanOrEqual(a.debits_posted_fen);
    }
  }
  return { accounts, refused };
}

describe('the ledger', () => {
  it('sums to zero after any sequence of batches, and never lets a flag be broken', () => {
    let refusedBatches = 0;
    fc.assert(
      fc.property(arbBatches, (batches) => {
        const { accounts, refused } = run(batches);
        refusedBatches += refused;
        const sums = sumsOf(accounts.values());
        expect(sums.debits_fen).toBe(sums.credits_fen);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The generator does reach the flags: some batches were refused (and changed nothing).
    expect(refusedBatches).toBeGreaterThan(0);
  });

  it('leaves every balance as it was when a batch is refused, even after some of its transfers applied', () => {
    fc.assert(
      fc.property(
        fc.array(arbTransfer, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1_000 }),
        (batch, over) => {
          const accounts = open(ACCOUNT_IDS);
          const snapshot = JSON.stringify([...accounts]);
          // The last transfer overdraws 130000:prepaid whatever came before it.
          const total = batch.reduce((s, [, , a]) => s + a, 0);
          const transfers = [
            ...batch.map(([d, c, a], i) => transfer(`t${i}`, d, c, a)),
            transfer('overdraw', '130000:prepaid', '130000:fiscal', total + over),
          ];
          expect(() => applyBatch(accounts, transfers)).toThrow(LedgerError);
          expect(JSON.stringify([...accounts])).toBe(snapshot);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses a transfer that would overdraw 预付金 with the stable code exceeds-credits', () => {
    const accounts = open(ACCOUNT_IDS);
    const deposited = applyBatch(accounts, [transfer('d', '130000:fiscal', '130000:prepaid', 100)]);
    const after = new Map([...accounts, ...deposited]);
    try {
      applyBatch(after, [transfer('x', '130000:prepaid', '130000:fiscal', 101)]);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'exceeds-credits', transfer_id: 'x' });
    }
    expect(
      applyBatch(after, [transfer('y', '130000:prepaid', '130000:fiscal', 100)]).get('130000:prepaid'),
    ).toMatchObject({
      debits_posted_fen: 100,
      credits_posted_fen: 100,
    });
  });

  it('refuses zero, fractional and same-account transfers, duplicate ids and unknown accounts', () => {
    const accounts = open(ACCOUNT_IDS);
    const codeOf = (transfers: Transfer[]) => {
      try {
        applyBatch(accounts, transfers);
        return 'ok';
      } catch (error) {
        return (error as LedgerError).code;
      }
    };
    expect(codeOf([transfer('a', '130000:fiscal', '130000:prepaid', 0)])).toBe('amount-invalid');
    expect(codeOf([transfer('a', '130000:fiscal', '130000:prepaid', 1.5)])).toBe('amount-invalid');
    expect(codeOf([transfer('a', '130000:fiscal', '130000:fiscal', 1)])).toBe('accounts-same');
    expect(
      codeOf([
        transfer('a', '130000:fiscal', '130000:prepaid', 1),
        transfer('a', '130000:fiscal', '130000:prepaid', 1),
      ]),
    ).toBe('duplicate-id');
    expect(codeOf([transfer('a', '130000:fiscal', '110000:prepaid', 1)])).toBe('unknown-account');
    expect(() => accountSpec('130000:cash')).toThrow(LedgerError);
  });
});

describe('clearing a period', () => {
  const PAIRS = [
    { treatment_province: '460000', insured_province: '130000', fund_fen: 1_000_000 },
    { treatment_province: '130000', insured_province: '460000', fund_fen: 300_000 },
    { treatment_province: '110000', insured_province: '130000', fund_fen: 200_000 },
  ];

  it('nets each province, draws its 预付金 first and collects only the rest from its 财政专户', () => {
    const plan = planClearing('2026-05', PAIRS, (p) => (p === '130000' ? 500_000 : 0));
    const of = (p: string) => plan.positions.find((x) => x.province === p);
    expect(of('130000')).toEqual({
      province: '130000',
      part: 'fund',
      receivable_fen: 300_000,
      payable_fen: 1_200_000,
      net_fen: -900_000,
      prepaid_draw_fen: 500_000,
      collect_fen: 400_000,
      disburse_fen: 0,
    });
    expect(of('460000')).toMatchObject({ net_fen: 700_000, disburse_fen: 700_000 });
    expect(of('110000')).toMatchObject({ net_fen: 200_000, disburse_fen: 200_000 });
    expect(plan.positions.reduce((s, p) => s + p.net_fen, 0)).toBe(0);
    expect(plan.instructions.map((i) => [i.kind, i.payer, i.payee, i.amount_fen])).toEqual([
      ['disburse', 'national', '110000', 200_000],
      ['prepaid-draw', '130000', 'national', 500_000],
      ['collect', '130000', 'national', 400_000],
      ['disburse', 'national', '460000', 700_000],
    ]);
    // What comes in (预付金 and collections) equals what goes out.
    const inFen = plan.instructions
      .filter((i) => i.payee === 'national')
      .reduce((s, i) => s + i.amount_fen, 0);
    const outFen = plan.instructions
      .filter((i) => i.payer === 'national')
      .reduce((s, i) => s + i.amount_fen, 0);
    expect(inFen).toBe(outFen);
    // Every transfer balances against accounts the plan opens, with 预付金 kept non-negative.
    const ids = [
      ...new Set([
        ...plan.transfers.flatMap((t) => [t.debit_account_id, t.credit_account_id]),
        '130000:fiscal',
      ]),
    ];
    const accounts = open(ids);
    accounts.set('130000:prepaid', { ...accounts.get('130000:prepaid')!, credits_posted_fen: 500_000 });
    accounts.set('130000:fiscal', { ...accounts.get('130000:fiscal')!, debits_posted_fen: 500_000 });
    const after = new Map([...accounts, ...applyBatch(accounts, plan.transfers)]);
    assertZeroSum(after.values());
    expect(after.get('130000:payable')).toMatchObject({
      debits_posted_fen: 1_200_000,
      credits_posted_fen: 800_000,
    });
  });

  it('plans any period so that it posts without refusal, sums to zero and pays out exactly what comes in', () => {
    const provinces = ['110000', '130000', '440000', '460000'];
    const arbPairs = fc.uniqueArray(
      fc.record({
        treatment_province: fc.constantFrom(...provinces),
        insured_province: fc.constantFrom(...provinces),
        fund_fen: fc.integer({ min: -50_000, max: 5_000_000 }),
        acct_pay_fen: fc.integer({ min: -5_000, max: 500_000 }),
      }),
      { selector: (p) => `${p.treatment_province}-${p.insured_province}`, maxLength: 12 },
    );
    const arbPrepaid = fc.tuple(...provinces.map(() => fc.integer({ min: 0, max: 3_000_000 })));
    fc.assert(
      fc.property(arbPairs, arbPrepaid, (raw, prepaid) => {
        const pairs = raw.filter((p) => p.treatment_province !== p.insured_province);
        const balance = (p: string) => prepaid[provinces.indexOf(p)]!;
        const plan = planClearing('2026-05', pairs, balance);
        const ids = provinces.flatMap((p) =>
          ['fiscal', 'prepaid', 'payable', 'receivable', 'acct-payable', 'acct-receivable'].map(
            (k) => `${p}:${k}`,
          ),
        );
        const accounts = open(ids);
        for (const p of provinces) {
          accounts.set(`${p}:prepaid`, { ...accounts.get(`${p}:prepaid`)!, credits_posted_fen: balance(p) });
          accounts.set(`${p}:fiscal`, { ...accounts.get(`${p}:fiscal`)!, debits_posted_fen: balance(p) });
        }
        const after = new Map([...accounts, ...applyBatch(accounts, plan.transfers)]);
        assertZeroSum(after.values());
        expect(plan.positions.reduce((s, p) => s + p.net_fen, 0)).toBe(0);
        const sum = (f: (i: (typeof plan.instructions)[number]) => boolean) =>
          plan.instructions.filter(f).reduce((s, i) => s + i.amount_fen, 0);
        expect(sum((i) => i.payee === 'national')).toBe(sum((i) => i.payer === 'national'));
        // Receivables are paid out in full; a payable keeps only what is still to be collected, part by part.
        for (const p of plan.positions) {
          const prefix = p.part === 'fund' ? '' : 'acct-';
          const receivable = after.get(`${p.province}:${prefix}receivable`)!;
          expect(receivable.credits_posted_fen).toBe(receivable.debits_posted_fen);
          const payable = after.get(`${p.province}:${prefix}payable`)!;
          expect(payable.debits_posted_fen - payable.credits_posted_fen).toBe(p.collect_fen);
        }
        // Each part on its own nets to zero over the provinces.
        for (const part of ['fund', 'acct'])
          expect(plan.positions.filter((p) => p.part === part).reduce((s, p) => s + p.net_fen, 0)).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('derives transfer ids from the period and the pair or province, so the same period plans the same ids', () => {
    const a = planClearing('2026-05', PAIRS, () => 0);
    const b = planClearing('2026-05', [...PAIRS].reverse(), () => 0);
    expect(b.transfers).toEqual(a.transfers);
    expect(a.transfers[0]!.id).toBe('clearing:2026-05:110000-130000');
  });

  it('runs a negative pair (late cancels) the other way and refuses a local or repeated pair', () => {
    const plan = planClearing(
      '2026-06',
      [{ treatment_province: '460000', insured_province: '130000', fund_fen: -5_000 }],
      () => 0,
    );
    expect(plan.transfers[0]).toMatchObject({
      debit_account_id: '460000:payable',
      credit_account_id: '130000:receivable',
    });
    expect(() =>
      planClearing(
        '2026-06',
        [{ treatment_province: '460000', insured_province: '460000', fund_fen: 1 }],
        () => 0,
      ),
    ).toThrow(LedgerError);
    expect(() => planClearing('2026-6', [], () => 0)).toThrow(/yyyy-MM/);
    expect(() => planClearing('2026-06', [PAIRS[0]!, PAIRS[0]!], () => 0)).toThrow(/重复/);
  });

  it('posts personal-account payments as their own transfers on their own accounts, netted and paid apart', () => {
    const pairs = PAIRS.map((p, i) => ({ ...p, acct_pay_fen: [40_000, 10_000, 0][i]! }));
    // 130000 holds 1 000 000 of 预付金: the fund part takes 900 000, the account part what is left (100 000).
    const plan = planClearing('2026-05', pairs, (p) => (p === '130000' ? 1_000_000 : 0));
    const acctTransfers = plan.transfers.filter((t) => t.id.endsWith(':acct'));
    expect(acctTransfers.map((t) => [t.id, t.debit_account_id, t.credit_account_id, t.amount_fen])).toEqual([
      ['clearing:2026-05:130000-460000:acct', '460000:acct-payable', '130000:acct-receivable', 10_000],
      ['clearing:2026-05:460000-130000:acct', '130000:acct-payable', '460000:acct-receivable', 40_000],
      ['netting:2026-05:130000:acct', '130000:acct-receivable', '130000:acct-payable', 10_000],
      ['prepaid-draw:2026-05:130000:acct', '130000:prepaid', '130000:acct-payable', 30_000],
      ['netting:2026-05:460000:acct', '460000:acct-receivable', '460000:acct-payable', 10_000],
      ['disbursement:2026-05:460000:acct', '460000:acct-receivable', '460000:fiscal', 30_000],
    ]);
    expect(acctTransfers.every((t) => t.memo.includes('个人账户'))).toBe(true);
    // The fund part is what it was without account payments.
    expect(plan.transfers.filter((t) => !t.id.endsWith(':acct'))).toEqual(
      planClearing('2026-05', PAIRS, (p) => (p === '130000' ? 1_000_000 : 0)).transfers,
    );
    expect(plan.positions.filter((p) => p.part === 'acct')).toEqual([
      {
        province: '130000',
        part: 'acct',
        receivable_fen: 10_000,
        payable_fen: 40_000,
        net_fen: -30_000,
        prepaid_draw_fen: 30_000,
        collect_fen: 0,
        disburse_fen: 0,
      },
      {
        province: '460000',
        part: 'acct',
        receivable_fen: 40_000,
        payable_fen: 10_000,
        net_fen: 30_000,
        prepaid_draw_fen: 0,
        collect_fen: 0,
        disburse_fen: 30_000,
      },
    ]);
    expect(plan.instructions.map((i) => [i.id, i.part, i.amount_fen])).toEqual([
      ['disburse:2026-05:110000', 'fund', 200_000],
      ['prepaid-draw:2026-05:130000', 'fund', 900_000],
      ['prepaid-draw:2026-05:130000:acct', 'acct', 30_000],
      ['disburse:2026-05:460000', 'fund', 700_000],
      ['disburse:2026-05:460000:acct', 'acct', 30_000],
    ]);
    const ids = [...new Set(plan.transfers.flatMap((t) => [t.debit_account_id, t.credit_account_id]))];
    const accounts = open([...ids, '130000:fiscal']);
    accounts.set('130000:prepaid', { ...accounts.get('130000:prepaid')!, credits_posted_fen: 1_000_000 });
    accounts.set('130000:fiscal', { ...accounts.get('130000:fiscal')!, debits_posted_fen: 1_000_000 });
    const after = new Map([...accounts, ...applyBatch(accounts, plan.transfers)]);
    assertZeroSum(after.values());
    expect(after.get('130000:prepaid')).toMatchObject({ debits_posted_fen: 930_000 });
  });

  it('collects the account part from the 财政专户 when 预付金 ran out on the fund part', () => {
    const plan = planClearing(
      '2026-05',
      [{ treatment_province: '460000', insured_province: '130000', fund_fen: 500_000, acct_pay_fen: 20_000 }],
      () => 500_000,
    );
    expect(plan.instructions.map((i) => [i.kind, i.part, i.payer, i.amount_fen])).toEqual([
      ['prepaid-draw', 'fund', '130000', 500_000],
      ['collect', 'acct', '130000', 20_000],
      ['disburse', 'fund', 'national', 500_000],
      ['disburse', 'acct', 'national', 20_000],
    ]);
    expect(planCollection('2026-05', '130000', plan.instructions)).toEqual([
      expect.objectContaining({
        id: 'collection:2026-05:130000:acct',
        debit_account_id: '130000:fiscal',
        credit_account_id: '130000:acct-payable',
        amount_fen: 20_000,
        code: 'collection',
      }),
    ]);
    expect(() => planCollection('2026-05', '460000', plan.instructions)).toThrow(
      expect.objectContaining({ code: 'instruction-unknown' }),
    );
    expect(() => planCollection('2026-04', '130000', plan.instructions)).toThrow(/没有130000/);
  });

  it('keeps a pair with only account payments, and refuses a fractional account amount', () => {
    const plan = planClearing(
      '2026-05',
      [{ treatment_province: '460000', insured_province: '130000', fund_fen: 0, acct_pay_fen: 1_500 }],
      () => 0,
    );
    expect(plan.transfers.map((t) => t.id)).toEqual([
      'clearing:2026-05:460000-130000:acct',
      'disbursement:2026-05:460000:acct',
    ]);
    expect(() =>
      planClearing(
        '2026-05',
        [{ treatment_province: '460000', insured_province: '130000', fund_fen: 1, acct_pay_fen: 0.5 }],
        () => 0,
      ),
    ).toThrow(expect.objectContaining({ code: 'amount-invalid' }));
  });

  it('books a hospital advance from the agency to the hospital of its own province only', () => {
    const [t] = planHospitalAdvances('2026-05', [
      { province: '460000', fixmedins_code: 'H46010800012', fund_fen: 17_500 },
    ]);
    expect(t).toMatchObject({
      debit_account_id: '460000:advances',
      credit_account_id: 'H:H46010800012',
      amount_fen: 17_500,
    });
    expect(() =>
      planHospitalAdvances('2026-05', [{ province: '130000', fixmedins_code: 'H46010800012', fund_fen: 1 }]),
    ).toThrow(LedgerError);
  });

  it("books a hospital's personal-account payments from the agency's own advances account", () => {
    const transfers = planHospitalAdvances('2026-05', [
      { province: '460000', fixmedins_code: 'H46010800012', fund_fen: 17_500, acct_pay_fen: 2_000 },
      { province: '460000', fixmedins_code: 'H46010800013', fund_fen: 0, acct_pay_fen: -300 },
    ]);
    expect(transfers.map((t) => [t.id, t.debit_account_id, t.credit_account_id, t.amount_fen])).toEqual([
      ['hospital-advance:2026-05:H46010800012', '460000:advances', 'H:H46010800012', 17_500],
      ['hospital-advance:2026-05:H46010800012:acct', '460000:acct-advances', 'H:H46010800012', 2_000],
      ['hospital-advance:2026-05:H46010800013:acct', 'H:H46010800013', '460000:acct-advances', 300],
    ]);
  });

  it('books a pharmacy too, and a month net negative back from the hospital to the agency', () => {
    const [pharmacy, back] = planHospitalAdvances('2026-06', [
      { province: '460000', fixmedins_code: 'P46010500003', fund_fen: 3_000 },
      { province: '460000', fixmedins_code: 'H46010800012', fund_fen: -500 },
    ]);
    expect(pharmacy).toMatchObject({ credit_account_id: 'H:P46010500003' });
    expect(back).toMatchObject({
      debit_account_id: 'H:H46010800012',
      credit_account_id: '460000:advances',
      amount_fen: 500,
    });
  });
});

describe('预付金', () => {
  it('requires two months of the average of the last twelve months', () => {
    const months = [9_999_999, ...Array.from({ length: 12 }, (_, i) => (i + 1) * 100_000)];
    // 100 000 … 1 200 000: average 650 000, the thirteenth month back ignored.
    expect(requiredPrepaidFen(months)).toBe(1_300_000);
    expect(requiredPrepaidFen([100, 101])).toBe(201);
    expect(requiredPrepaidFen([1, 0, 0])).toBe(1);
    expect(requiredPrepaidFen([])).toBe(0);
    expect(requiredPrepaidFen([300, 600], { historyMonths: 1, requiredMonths: 3 })).toBe(1_800);
  });

  it('warns yellow at exactly 70 %, red at exactly 90 %, and not at 69.99 %', () => {
    expect(warningLevel(usageBp(6_999, 10_000))).toBe('none');
    expect(usageBp(699_999, 1_000_000)).toBe(6_999);
    expect(warningLevel(usageBp(699_999, 1_000_000))).toBe('none');
    expect(warningLevel(usageBp(7_000, 10_000))).toBe('yellow');
    expect(warningLevel(usageBp(8_999, 10_000))).toBe('yellow');
    expect(warningLevel(usageBp(9_000, 10_000))).toBe('red');
    expect(warningLevel(usageBp(1, 0))).toBe('red');
    expect(warningLevel(usageBp(0, 0))).toBe('none');
  });
});

describe('settlements not cleared yet', () => {
  it('are the months of the last twelve, this one included, that the ledger has not posted', () => {
    expect(unclearedMonths('2026-07', new Set(['2026-05', '2026-06']), 4)).toEqual(['2026-04', '2026-07']);
    expect(unclearedMonths('2026-01', new Set())).toHaveLength(12);
    expect(unclearedMonths('2026-01', new Set())[0]).toBe('2025-02');
  });

  it('count fund and account payments per insured province, only of the months asked, never below zero', () => {
    const group = (month: string, t: string, i: string, fund: number, acct: number) => ({
      month,
      treatment_province: t,
      insured_province: i,
      fund_pay_fen: fund,
      acct_pay_fen: acct,
    });
    const owed = unclearedByInsured(
      [
        group('2026-06', '460000', '130000', 1_750_000, 20_000),
        group('2026-06', '110000', '130000', 100_000, 0),
        group('2026-05', '460000', '130000', 9_999_999, 0),
        group('2026-07', '130000', '460000', -50_000, -1_000),
        group('2026-06', '130000', '130000', 777, 0),
      ],
      ['2026-06', '2026-07'],
    );
    expect(Object.fromEntries(owed)).toEqual({ '130000': 1_870_000, '460000': 0 });
  });
});
