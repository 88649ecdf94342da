// 协查核减 in a period's postings: the pair owes and the hospital is paid exactly the adjustments less, a pair or
// hospital with only adjustments is owed them back, and both sides of the books still sum to the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClearingAdjustment } from './adjustments.ts';
import { type ClearingOutcome, postingsOf, requiredConfirmations } from './machine.ts';
import type { HospitalStatement, PairTotals } from './totals.ts';

const totals = (fund: number) => ({
  person_times: 1,
  settlements: 1,
  cancels: 0,
  medfee_fen: fund * 2,
  fund_fen: fund,
  fund_by_type: { '310100': fund },
  acct_pay_fen: 10,
  psn_cash_fen: fund - 10,
});
const pair = (t: string, i: string, fund: number): PairTotals => ({
  treatment_province: t,
  insured_province: i,
  ...totals(fund),
});
const hospital = (t: string, code: string, fund: number): HospitalStatement => ({
  treatment_province: t,
  fixmedins_code: code,
  ...totals(fund),
  cleared_fund_fen: fund,
  cleared_acct_pay_fen: 10,
});
const adjustment = (t: string, i: string, code: string, fen: number, id = 'XC1'): ClearingAdjustment => ({
  case_id: id,
  setl_id: `S-${id}`,
  treatment_province: t,
  insured_province: i,
  fixmedins_code: code,
  fund_fen: fen,
});
const outcome = (extra: Partial<ClearingOutcome>): ClearingOutcome => ({
  treatment_facts: 1,
  insured_facts: 1,
  matched: 1,
  pairs: [],
  hospitals: [],
  differences: [],
  ...extra,
});

describe('postingsOf with 协查核减', () => {
  it('takes the adjustment off the pair and the hospital, the account part untouched', () => {
    const postings = postingsOf(
      outcome({
        pairs: [pair('460000', '130000', 1_750_000)],
        hospitals: [hospital('460000', 'H1', 1_750_000)],
        adjustments: [adjustment('460000', '130000', 'H1', 100_000)],
      }),
    );
    expect(postings.pairs).toEqual([
      { treatment_province: '460000', insured_province: '130000', fund_fen: 1_650_000, acct_pay_fen: 10 },
    ]);
    expect(postings.hospitals).toEqual([
      { province: '460000', fixmedins_code: 'H1', fund_fen: 1_650_000, acct_pay_fen: 10 },
    ]);
  });

  it('posts a period with only adjustments as money owed back, and asks both provinces to confirm it', () => {
    const only = outcome({ adjustments: [adjustment('460000', '130000', 'H1', 100_000)] });
    expect(postingsOf(only)).toEqual({
      pairs: [
        { treatment_province: '460000', insured_province: '130000', fund_fen: -100_000, acct_pay_fen: 0 },
      ],
      hospitals: [{ province: '460000', fixmedins_code: 'H1', fund_fen: -100_000, acct_pay_fen: 0 }],
    });
    expect(requiredConfirmations(only)).toEqual([
      { province: '460000', side: 'treatment' },
      { province: '130000', side: 'insured' },
    ]);
  });

  it('conserves: pair and hospital postings each sum to the fund paid less every adjustment', () => {
    const provinces = ['110000', '130000', '460000'];
    const codes = ['H1', 'H2'];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...codes),
            fc.constantFrom(...provinces),
            fc.integer({ min: 0, max: 1e7 }),
          ),
        ),
        fc.array(
          fc.tuple(
            fc.constantFrom(...codes),
            fc.constantFrom(...provinces),
            fc.integer({ min: 1, max: 1e6 }),
          ),
        ),
        (records, adjusted) => {
          // Every hospital is in 440000; one pair row per insured province, one statement per hospital.
          const byPair = new Map<string, number>();
          const byHospital = new Map<string, number>();
          for (const [code, insured, fund] of records) {
            byPair.set(insured, (byPair.get(insured) ?? 0) + fund);
            byHospital.set(code, (byHospital.get(code) ?? 0) + fund);
          }
          const o = outcome({
            pairs: [...byPair].map(([i, f]) => pair('440000', i, f)),
            hospitals: [...byHospital].map(([c, f]) => hospital('440000', c, f)),
            adjustments: adjusted.map(([c, i, f], n) => adjustment('440000', i, c, f, `XC${n}`)),
          });
          const postings = postingsOf(o);
          const expected =
            records.reduce((n, [, , f]) => n + f, 0) - adjusted.reduce((n, [, , f]) => n + f, 0);
          expect(postings.pairs.reduce((n, p) => n + p.fund_fen, 0)).toBe(expected);
          expect(postings.hospitals.reduce((n, h) => n + h.fund_fen, 0)).toBe(expected);
          expect(new Set(postings.pairs.map((p) => p.insured_province)).size).toBe(postings.pairs.length);
        },
      ),
    );
  });
});
