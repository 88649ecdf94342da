// settlement.md Step 2 "Then": the benefit, fund sums, personal account, pool_prop_selfpay and the accumulators.
import { describe, expect, it } from 'vitest';
import { decide, ladder, layer, policyDoc, totals } from '../../../test/support/settlement.ts';
import { revertAccumulators } from './decide.ts';
import { setldetail, setlinfo } from './national-shapes.ts';
import { SettlementRefused } from './problems.ts';

const YUAN = 100;

describe('the benefit', () => {
  const policy = policyDoc([layer({ id: 'pool' })], {
    med_types: ['21'],
    more: [{ name: '普通门诊', med_types: ['11'], layers: [layer({ id: 'otp' })] }],
  });

  it('is the benefit whose med_types contains the visit’s med_type', () => {
    expect(decide({ policy, inscp_fen: 100, visit: { med_type: '21' } }).benefit).toBe('住院');
    expect(decide({ policy, inscp_fen: 100, visit: { med_type: '11' } }).benefit).toBe('普通门诊');
  });

  it('refuses the settlement when no benefit has the med_type', () => {
    let refused: unknown;
    try {
      decide({ policy, inscp_fen: 100, visit: { med_type: '14' } });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(SettlementRefused);
    expect((refused as SettlementRefused).code).toBe('no-benefit');
    expect((refused as SettlementRefused).problems).toEqual([
      { path: 'visit.med_type', message: expect.stringContaining('14') },
    ]);
  });
});

describe('fund sums', () => {
  // Every layer pays 100% up to its cap, so each pays exactly its cap: 1.00, 2.00, … 9.00 yuan.
  const types = ['310100', '390100', '330100', '390200', '320100', '610100', '370100', '340100', '999997'];
  const policy = policyDoc(
    types.map((fund_pay_type, i) =>
      layer({
        id: `L${i + 1}`,
        fund_pay_type,
        basis: i === 0 ? 'inscp' : 'inscp_self',
        cap: { amount: i + 1 },
      }),
    ),
  );

  it('sums the layers by fund type into hifp, hifob, hifmi, cvlserv, maf, hifes and oth', () => {
    const bill = totals({ inscp_fen: 1000 * YUAN });
    const d = decide({ policy, bill });
    expect(d.layers.map((l) => l.paid_fen)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(setlinfo(bill, d)).toMatchObject({
      hifp_pay: 3, // 310100 1.00 + 390100 2.00
      hifob_pay: 3, // 330100
      hifmi_pay: 4, // 390200
      cvlserv_pay: 5, // 320100
      maf_pay: 6, // 610100
      hifes_pay: 7, // 370100
      oth_pay: 17, // 340100 8.00 + 999997 9.00
      fund_pay_sumamt: 45, // 1 + 2 + … + 9
      hosp_part_amt: 0,
      psn_part_amt: 955, // 1000 − 45
    });
  });

  it('sums every layer of the same type', () => {
    const twice = policyDoc([
      layer({ id: 'a', fund_pay_type: '610100', cap: { amount: 1 } }),
      layer({ id: 'b', fund_pay_type: '610100', basis: 'inscp_self', cap: { amount: 2 } }),
    ]);
    const bill = totals({ inscp_fen: 1000 * YUAN });
    expect(setlinfo(bill, decide({ policy: twice, bill })).maf_pay).toBe(3);
  });

  it('puts psn_part_amt = medfee − fund_pay_sumamt − hosp_part_amt (0)', () => {
    // medfee 100 + 50 + 150 + 1000 = 1300; fund 1000 × 85% = 850; psn_part 450.
    const bill = totals({
      fulamt_ownpay_fen: 100 * YUAN,
      overlmt_fen: 50 * YUAN,
      preselfpay_fen: 150 * YUAN,
      inscp_fen: 1000 * YUAN,
    });
    const d = decide({
      policy: policyDoc([
        layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.85]) }] } }),
      ]),
      bill,
    });
    expect([d.fund_pay_fen, d.hosp_part_fen, d.psn_part_fen]).toEqual([850 * YUAN, 0, 450 * YUAN]);
  });
});

describe('personal account (个人账户, 310200)', () => {
  const pool = layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.8]) }] } });
  // medfee 1000 + 200 + 300 + 5000 = 6500; fund 5000 × 80% = 4000; psn_part 2500.
  const bill = totals({
    fulamt_ownpay_fen: 1000 * YUAN,
    overlmt_fen: 200 * YUAN,
    preselfpay_fen: 300 * YUAN,
    inscp_fen: 5000 * YUAN,
  });

  it('covers psn_part: pays all of psn_part_amt when the balance allows', () => {
    const d = decide({
      policy: policyDoc([pool], { covers: 'psn_part' }),
      bill,
      acct_used: true,
      insured: { acct_balc_fen: 3000 * YUAN },
    });
    expect(d.account).toEqual({
      covered_fen: 2500 * YUAN,
      balance_before_fen: 3000 * YUAN,
      paid_fen: 2500 * YUAN,
    });
    expect([d.psn_cash_fen, d.balance_after_fen]).toEqual([0, 500 * YUAN]);
    expect(setldetail(d).at(-1)).toMatchObject({
      fund_pay_type: '310200',
      inscp_scp_amt: 2500,
      crt_payb_lmt_amt: 3000,
      fund_payamt: 2500,
    });
    expect(d.fund_pay_fen).toBe(4000 * YUAN); // the account is not part of fund_pay_sumamt
  });

  it('pays no more than the balance and leaves the rest in cash', () => {
    const d = decide({
      policy: policyDoc([pool], { covers: 'psn_part' }),
      bill,
      acct_used: true,
      insured: { acct_balc_fen: 1000 * YUAN },
    });
    // min(1000, 2500) = 1000; cash 2500 − 1000 = 1500; balance 0.
    expect([d.account?.paid_fen, d.psn_cash_fen, d.balance_after_fen]).toEqual([1000 * YUAN, 1500 * YUAN, 0]);
  });

  it('covers inscp_part: psn_part less fulamt_ownpay and overlmt', () => {
    // 2500 − 1000 − 200 = 1300 (the 300 先行自付 and the 1000 in-scope share); cash 2500 − 1300 = 1200.
    const d = decide({
      policy: policyDoc([pool], { covers: 'inscp_part' }),
      bill,
      acct_used: true,
      insured: { acct_balc_fen: 5000 * YUAN },
    });
    expect(d.account).toEqual({
      covered_fen: 1300 * YUAN,
      balance_before_fen: 5000 * YUAN,
      paid_fen: 1300 * YUAN,
    });
    expect([d.psn_cash_fen, d.balance_after_fen]).toEqual([1200 * YUAN, 3700 * YUAN]);
  });

  it('covers inscp_part never below 0, and lists no 310200 row when nothing is paid', () => {
    // medfee 1000 own pay + 100 in scope all paid by the fund: psn_part 1000 − 1000 own pay = 0.
    const own = totals({ fulamt_ownpay_fen: 1000 * YUAN, inscp_fen: 100 * YUAN });
    const d = decide({
      policy: policyDoc([layer({ id: 'pool' })], { covers: 'inscp_part' }),
      bill: own,
      acct_used: true,
      insured: { acct_balc_fen: 5000 * YUAN },
    });
    expect(d.account?.paid_fen).toBe(0);
    expect(d.balance_after_fen).toBe(5000 * YUAN);
    expect(setldetail(d).map((r) => r.fund_pay_type)).toEqual(['310100']);
  });

  it('is not used when acct_used_flag is not 1: balc is the balance itself', () => {
    const d = decide({
      policy: policyDoc([pool], { covers: 'psn_part' }),
      bill,
      acct_used: false,
      insured: { acct_balc_fen: 3000 * YUAN },
    });
    expect(d.account).toBeUndefined();
    expect([d.psn_cash_fen, d.balance_after_fen]).toEqual([2500 * YUAN, 3000 * YUAN]);
    expect(setlinfo(bill, d).acct_pay).toBe(0);
    expect(setldetail(d).map((r) => r.fund_pay_type)).toEqual(['310100']);
  });

  it('is not used when the benefit has no account.covers', () => {
    const d = decide({
      policy: policyDoc([pool]),
      bill,
      acct_used: true,
      insured: { acct_balc_fen: 3000 * YUAN },
    });
    expect(d.account?.paid_fen ?? 0).toBe(0);
    expect([d.psn_cash_fen, d.balance_after_fen]).toEqual([2500 * YUAN, 3000 * YUAN]);
  });

  it('lists no 310200 row with an empty account', () => {
    const d = decide({
      policy: policyDoc([pool], { covers: 'psn_part' }),
      bill,
      acct_used: true,
      insured: { acct_balc_fen: 0 },
    });
    expect(d.account?.paid_fen).toBe(0);
    expect(setldetail(d).some((r) => r.fund_pay_type === '310200')).toBe(false);
  });
});

describe('pool_prop_selfpay', () => {
  const policy = (over: 'settlement' | 'year') =>
    policyDoc(
      [
        layer({
          id: 'pool',
          deductible: { per: 'settlement', rules: [{ amount: 500 }] },
          bands: { over, rules: [{ ladder: ladder([10000, 0.85], [20000, 0.9], [30000, 0.95]) }] },
        }),
      ],
      { offsite: { '21': { minus: 0.1 } } },
    );

  it('is the first band’s prop when the ladder starts at 0 for the settlement', () => {
    expect(
      decide({
        policy: policy('settlement'),
        inscp_fen: 25000 * YUAN,
        counters: { 'pool.eligible': 15000 * YUAN },
      }).pool_prop_bp,
    ).toBe(8500);
  });

  it('is the prop of the band where the year’s eligible counter lies', () => {
    expect(
      decide({ policy: policy('year'), inscp_fen: 100, counters: { 'pool.eligible': 15000 * YUAN } })
        .pool_prop_bp,
    ).toBe(9000);
    // Exactly at an upto the next band starts.
    expect(
      decide({ policy: policy('year'), inscp_fen: 100, counters: { 'pool.eligible': 10000 * YUAN } })
        .pool_prop_bp,
    ).toBe(9000);
    expect(
      decide({ policy: policy('year'), inscp_fen: 100, counters: { 'pool.eligible': 999_999 } }).pool_prop_bp,
    ).toBe(8500);
  });

  it('is 0 beyond the ladder’s end', () => {
    expect(
      decide({ policy: policy('year'), inscp_fen: 100, counters: { 'pool.eligible': 30000 * YUAN } })
        .pool_prop_bp,
    ).toBe(0);
  });

  it('is the prop after the off-site adjustment', () => {
    expect(decide({ policy: policy('settlement'), inscp_fen: 100, dcla_type: '21' }).pool_prop_bp).toBe(7500);
    expect(
      decide({
        policy: policy('year'),
        inscp_fen: 100,
        dcla_type: '21',
        counters: { 'pool.eligible': 25000 * YUAN },
      }).pool_prop_bp,
    ).toBe(8500);
  });

  it('is reported as a ratio in setlinfo', () => {
    const bill = totals({ inscp_fen: 100 });
    expect(
      setlinfo(bill, decide({ policy: policy('settlement'), bill, dcla_type: '21' })).pool_prop_selfpay,
    ).toBe(0.75);
  });
});

describe('accumulators', () => {
  const policy = policyDoc(
    [
      layer({
        id: 'pool',
        deductible: { per: 'year', rules: [{ amount: 100 }] },
        bands: { over: 'year', rules: [{ ladder: ladder([null, 0.5]) }] },
        cap: { amount: 1000 },
      }),
    ],
    { med_types: ['21', '22', '24', '2101', '52', '11', '14', '51'] },
  );

  it('counts an admission for an inpatient visit (med_type 2x, 52) and not otherwise', () => {
    for (const med_type of ['21', '22', '24', '2101', '52'])
      expect(
        decide({ policy, inscp_fen: 100, visit: { med_type }, admissions: 3 }).accumulators.admissions,
        med_type,
      ).toBe(4);
    for (const med_type of ['11', '14', '51']) {
      const d = decide({ policy, inscp_fen: 100, visit: { med_type }, admissions: 3 });
      expect(d.accumulators.admissions, med_type).toBe(3);
      expect(d.delta.admissions, med_type).toBe(0);
    }
  });

  it('grows paid, eligible and dedc by what this settlement used', () => {
    // dedc 100 − 40 = 60 applied; eligible 500 − 60 = 440; 50% = 220, room 1000 − 700 = 300: pays 220.
    const d = decide({
      policy,
      inscp_fen: 500 * YUAN,
      counters: { 'pool.dedc': 40 * YUAN, 'pool.eligible': 80 * YUAN, 'pool.paid': 700 * YUAN },
    });
    expect(d.accumulators.counters).toEqual({
      'pool.dedc': 100 * YUAN,
      'pool.eligible': 520 * YUAN,
      'pool.paid': 920 * YUAN,
    });
    expect(d.delta).toEqual({
      year: 2026,
      admissions: 1,
      counters: { 'pool.dedc': 60 * YUAN, 'pool.eligible': 440 * YUAN, 'pool.paid': 220 * YUAN },
    });
  });

  it('never lets the paid counter pass the cap', () => {
    const d = decide({ policy, inscp_fen: 5000 * YUAN, counters: { 'pool.paid': 900 * YUAN } });
    expect(d.layers[0]!.paid_fen).toBe(100 * YUAN);
    expect(d.accumulators.counters['pool.paid']).toBe(1000 * YUAN);
  });

  it('carries untouched counters through unchanged, and leaves them out of the delta', () => {
    const d = decide({
      policy,
      inscp_fen: 500 * YUAN,
      counters: { 'hifob.paid': 1234, 'hifob.eligible': 5678 },
    });
    expect(d.accumulators.counters).toMatchObject({ 'hifob.paid': 1234, 'hifob.eligible': 5678 });
    expect(Object.keys(d.delta.counters).sort()).toEqual(['pool.dedc', 'pool.eligible', 'pool.paid']);
  });

  it('starts from zero when the accumulators are of another year', () => {
    // 2025 had used the whole deductible and cap; 2026 starts afresh: dedc 100, (500 − 100) × 50% = 200.
    const d = decide({
      policy,
      inscp_fen: 500 * YUAN,
      accumulators: {
        year: 2025,
        admissions: 7,
        counters: {
          'pool.dedc': 100 * YUAN,
          'pool.paid': 1000 * YUAN,
          'pool.eligible': 9000 * YUAN,
          'old.paid': 1,
        },
      },
    });
    expect(d.layers[0]).toMatchObject({
      deductible_fen: 100 * YUAN,
      paid_fen: 200 * YUAN,
      limit_fen: 1000 * YUAN,
    });
    expect(d.accumulators).toEqual({
      year: 2026,
      admissions: 1,
      counters: { 'pool.dedc': 100 * YUAN, 'pool.eligible': 400 * YUAN, 'pool.paid': 200 * YUAN },
    });
  });

  it('does not change the accumulators it was given', () => {
    const accumulators = { year: 2026, admissions: 1, counters: { 'pool.paid': 5 } };
    const copy = structuredClone(accumulators);
    decide({ policy, inscp_fen: 500 * YUAN, accumulators });
    expect(accumulators).toEqual(copy);
  });

  it('is restored exactly by reverting the delta (a cancel)', () => {
    const before = { year: 2026, admissions: 2, counters: { 'pool.dedc': 40 * YUAN, 'hifob.paid': 7 } };
    const d = decide({ policy, inscp_fen: 500 * YUAN, accumulators: before });
    const reverted = revertAccumulators(d.accumulators, d.delta);
    expect(reverted.admissions).toBe(2);
    // Counters created by the settlement come back as 0 (absent = 0).
    expect(reverted.counters).toEqual({
      'pool.dedc': 40 * YUAN,
      'hifob.paid': 7,
      'pool.eligible': 0,
      'pool.paid': 0,
    });
  });

  it('refuses to revert a settlement of another year', () => {
    const d = decide({ policy, inscp_fen: 500 * YUAN });
    expect(() => revertAccumulators({ year: 2027, admissions: 0, counters: {} }, d.delta)).toThrow(
      RangeError,
    );
  });
});
