// `yidi calc` (shared/spec/calc.md): one case file in, the settlement or one line per problem out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CalcResult, calculate } from './calc.ts';

const DIR = fileURLToPath(new URL('../../../test/fixtures/examples/', import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: the tests spoil the case JSON one field at a time.
type Case = any;
/** 老张: a first inpatient stay, long-term filing 13, four lines, 25000.00 in all (see laozhang.expected.json). */
const laozhang = (): Case => JSON.parse(readFileSync(`${DIR}laozhang.case.json`, 'utf8'));

const problems = (result: CalcResult): readonly string[] => (result.ok ? [] : result.problems);
const output = (result: CalcResult) => {
  if (!result.ok) throw new Error(`calc refused the case:\n${result.problems.join('\n')}`);
  return result.output;
};

describe('the shape of a case', () => {
  it('refuses what is not a JSON object', () => {
    expect(problems(calculate([]))).toEqual(['case.json: must be a JSON object']);
    expect(problems(calculate(null))).toEqual(['case.json: must be a JSON object']);
  });

  it('refuses an unknown top-level field, naming it', () => {
    const c = laozhang();
    c.colour = 'red';
    expect(problems(calculate(c))).toEqual(['case.json: colour: unknown field']);
  });

  it('names each missing required part', () => {
    for (const part of ['policy', 'catalogue', 'person', 'visit', 'feedetail', 'setl_time']) {
      const c = laozhang();
      delete c[part];
      expect(problems(calculate(c)), part).toEqual([`case.json: ${part}: is required`]);
    }
    const c = laozhang();
    delete c.policy;
    delete c.setl_time;
    expect(problems(calculate(c))).toEqual([
      'case.json: policy: is required',
      'case.json: setl_time: is required',
    ]);
  });

  it('computes without accumulators, filing field or acct_used_flag (all zero, none, not used)', () => {
    const c = laozhang();
    delete c.accumulators;
    delete c.filing;
    delete c.acct_used_flag;
    const out = output(calculate(c));
    expect(out.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, acct_pay: 0, balc: 3200 });
    expect(out.accumulators).toEqual({
      year: 2026,
      admissions: 1,
      counters: { 'hifob.eligible': 0, 'hifob.paid': 0, 'pool.eligible': 20000, 'pool.paid': 17500 },
    });
  });

  it('names the file it was given in every problem', () => {
    const c = laozhang();
    c.colour = 'red';
    expect(problems(calculate(c, 'mine.json'))).toEqual(['mine.json: colour: unknown field']);
  });
});

describe('fee lines', () => {
  it('refuses a pric with 7 decimals with exactly one line naming feedetail[3].pric', () => {
    const c = laozhang();
    c.feedetail[3].pric = 100.0000001;
    expect(problems(calculate(c))).toEqual(['case.json: feedetail[3].pric: more than 6 decimals']);
    c.feedetail[3].pric = '100.0000001';
    expect(problems(calculate(c))).toEqual(['case.json: feedetail[3].pric: more than 6 decimals']);
  });

  it('ignores trailing zeros beyond the allowed decimals', () => {
    const c = laozhang();
    c.feedetail[3].pric = '100.00000000';
    c.feedetail[3].det_item_fee_sumamt = '2000.000';
    expect(calculate(c).ok).toBe(true);
  });

  it('accepts amounts, quantities and prices written as strings, with the same result as numbers', () => {
    const asNumbers = output(calculate(laozhang()));
    const c = laozhang();
    for (const row of c.feedetail) {
      for (const field of ['det_item_fee_sumamt', 'cnt', 'pric']) row[field] = String(row[field]);
      row.feedetl_sn = Number(row.feedetl_sn);
    }
    const asStrings = output(calculate(c));
    expect(asStrings.setlinfo).toEqual(asNumbers.setlinfo);
    expect(asStrings.setldetail).toEqual(asNumbers.setldetail);
    expect(asStrings.result.map((r) => r.inscp_scp_amt)).toEqual(
      asNumbers.result.map((r) => r.inscp_scp_amt),
    );
  });

  it('ignores other fields of the national interface on fee lines and the visit', () => {
    const c = laozhang();
    c.feedetail[0].bilg_dr_name = '王医生';
    c.feedetail[0].memo = '';
    c.visit.ipt_no = 'ZY2026000123';
    expect(output(calculate(c)).setlinfo.fund_pay_sumamt).toBe(17500);
  });

  it('reports a line whose amount is off cnt × pric by more than 0.01 with its feedetl_sn', () => {
    const c = laozhang();
    c.feedetail[1].det_item_fee_sumamt = 2000.02;
    const lines = problems(calculate(c));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^case\.json: feedetail\[1\]\.det_item_fee_sumamt: .*feedetl_sn 2/);
  });

  it('reports a fee outside the visit', () => {
    const c = laozhang();
    c.feedetail[2].fee_ocur_time = '2026-05-12 10:00:01';
    expect(problems(calculate(c))).toEqual([
      'case.json: feedetail[2].fee_ocur_time: 2026-05-12 10:00:01 is outside the visit (2026-05-03 09:00:00 – 2026-05-12 10:00:00) (feedetl_sn 3)',
    ]);
  });

  it('refuses a negative visit', () => {
    const c = laozhang();
    c.feedetail = [{ ...c.feedetail[0], det_item_fee_sumamt: -1000, cnt: -10 }];
    expect(problems(calculate(c))).toEqual(["case.json: feedetail: the visit's total -1000.00 is negative"]);
  });
});

describe('policy and other parts', () => {
  it('reports a policy problem under the policy. path', () => {
    const c = laozhang();
    c.policy.benefits[0].layers[0].when = { colour: 'red' };
    expect(problems(calculate(c))).toEqual([
      'case.json: policy.benefits[0].layers[0].when.colour: unknown field',
    ]);
  });

  it('reports a ladder whose upto does not ascend under the policy. path', () => {
    const c = laozhang();
    // [10000, null] becomes [10000, 5000, null].
    c.policy.benefits[0].layers[0].bands.rules[1].ladder.splice(1, 0, { upto: 5000, prop: 0.9 });
    expect(problems(calculate(c))).toEqual([
      'case.json: policy.benefits[0].layers[0].bands.rules[1].ladder[1].upto: must be greater than 10000',
    ]);
  });

  it('reports a ratio above 1 and an over_cap layer without an earlier layer', () => {
    const c = laozhang();
    c.policy.benefits[0].layers[1].of = 'maf';
    expect(problems(calculate(c))).toEqual([
      'case.json: policy.benefits[0].layers[1].of: over_cap needs an earlier layer (maf is not one)',
    ]);
    const d = laozhang();
    d.policy.benefits[0].layers[0].bands.rules[0].ladder[0].prop = 1.5;
    expect(problems(calculate(d))).toEqual([
      'case.json: policy.benefits[0].layers[0].bands.rules[0].ladder[0].prop: must be between 0 and 1',
    ]);
  });

  it('reports problems of the catalogue, the person and the accumulators under their own paths', () => {
    const c = laozhang();
    c.catalogue[0].chrgitm_lv = '04';
    c.person.acct_balc = -1;
    c.accumulators.counters = { 'pool.spent': 1 };
    const lines = problems(calculate(c));
    expect(lines.some((l) => l.startsWith('case.json: catalogue[0].chrgitm_lv: '))).toBe(true);
    expect(lines).toContain('case.json: person.acct_balc: must not be negative');
    expect(lines.some((l) => l.startsWith('case.json: accumulators.counters'))).toBe(true);
  });

  it('refuses a med_type that no benefit covers, naming visit.med_type', () => {
    const c = laozhang();
    c.visit.med_type = '51';
    const lines = problems(calculate(c));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^case\.json: visit\.med_type: .*51/);
  });
});

describe('filings and warnings', () => {
  it('warns when there is no filing and computes without one', () => {
    const c = laozhang();
    c.filing = null;
    c.policy.offsite['21'] = { minus: 0.5 };
    const out = output(calculate(c));
    expect(out.warnings).toEqual([
      'no filing: computed without one (a cross-province visit needs an approved filing)',
    ]);
    expect(out.setlinfo.hifp_pay).toBe(17500); // unadjusted
  });

  it('warns when the filing is not approved, and computes without it', () => {
    for (const status of ['submitted', 'rejected', 'cancelled']) {
      const c = laozhang();
      c.filing.status = status;
      c.filing.dcla_type = '21';
      const out = output(calculate(c));
      expect(out.warnings, status).toEqual([
        `filing F130100202601050001 is ${status}, not approved: computed without a filing`,
        'no filing: computed without one (a cross-province visit needs an approved filing)',
      ]);
      // Not adjusted as 21 would be: 10000 × 85% + 10000 × 90% = 17500.
      expect(out.setlinfo.hifp_pay, status).toBe(17500);
    }
  });

  it('uses an approved temporary filing’s off-site adjustment without warning', () => {
    const c = laozhang();
    c.filing.dcla_type = '21'; // offsite 21: minus 0.1
    const out = output(calculate(c));
    expect(out.warnings).toEqual([]);
    // 10000 × 75% + 10000 × 80% = 15500.
    expect(out.setlinfo).toMatchObject({ hifp_pay: 15500, pool_prop_selfpay: 0.75 });
  });

  it('counts an emergency visit without a filing as a 22 filing, without warning', () => {
    const c = laozhang();
    c.filing = null;
    c.visit.med_type = '24';
    c.policy.offsite['22'] = { minus: 0.05 };
    const out = output(calculate(c));
    expect(out.warnings).toEqual([]);
    // 10000 × 80% + 10000 × 85% = 16500.
    expect(out.setlinfo).toMatchObject({ hifp_pay: 16500, pool_prop_selfpay: 0.8 });
  });
});

describe('the output', () => {
  it('gives amounts in yuan and the accumulators a real settlement would leave', () => {
    const c = laozhang();
    c.accumulators = { year: 2026, admissions: 1, counters: { 'pool.paid': '100.50', 'otp.paid': 20 } };
    const out = output(calculate(c));
    // Second admission: deductible 500; 20500 → 10000 × 85% + 10500 × 90% = 8500 + 9450 = 17950.
    expect(out.setlinfo).toMatchObject({ act_pay_dedc: 500, hifp_pay: 17950, psn_part_amt: 7050 });
    expect(out.accumulators).toEqual({
      year: 2026,
      admissions: 2,
      counters: {
        'hifob.eligible': 0,
        'hifob.paid': 0,
        'otp.paid': 20,
        'pool.eligible': 20500,
        'pool.paid': 18050.5,
      },
    });
  });

  it('starts from zero with accumulators of another year', () => {
    const c = laozhang();
    c.accumulators = { year: 2025, admissions: 3, counters: { 'pool.paid': 199999 } };
    const out = output(calculate(c));
    expect(out.setlinfo.hifp_pay).toBe(17500);
    expect(out.accumulators.year).toBe(2026);
    expect(out.accumulators.admissions).toBe(1);
    expect(out.accumulators.counters['pool.paid']).toBe(17500);
  });

  it('changes nothing in the case it was given', () => {
    const c = laozhang();
    const copy = structuredClone(c);
    calculate(c);
    expect(c).toEqual(copy);
  });
});

describe('refund lines under another catalogue version than their charge', () => {
  // Item X is 甲类 through 2026-05-07 and 丙类 from 2026-05-08. The charge on the 7th is in scope; its refund on
  // the 8th, split by the 8th's version (rule 2), is 全自费. The visit's total is 0, so rule 6 does not refuse it,
  // yet the settlement carries a negative fulamt_ownpay_amt — and when the fund pays on the in-scope 1000.00 the
  // person's part becomes negative. settlement.md, Invariants: "no amount is negative in a settlement".
  const refundAcrossVersions = (hospLv: string): Case => {
    const c = laozhang();
    const x = { ...c.catalogue[1], hilist_code: 'X', chrgitm_lv: '01', enddate: '2026-05-07' };
    c.catalogue.push(x, { ...x, chrgitm_lv: '03', begndate: '2026-05-08', enddate: null });
    c.visit.hosp_lv = hospLv;
    c.feedetail = [
      {
        feedetl_sn: '1',
        med_list_codg: 'X',
        det_item_fee_sumamt: 1000,
        cnt: 1,
        pric: 1000,
        fee_ocur_time: '2026-05-07 09:00:00',
      },
      {
        feedetl_sn: '2',
        med_list_codg: 'X',
        det_item_fee_sumamt: -1000,
        cnt: -1,
        pric: 1000,
        fee_ocur_time: '2026-05-08 09:00:00',
      },
    ];
    return c;
  };
  /** Either refused with a problem line, or settled with no negative amount; never an internal error. */
  const expectRefusedOrNonNegative = (c: Case) => {
    const result = calculate(c);
    if (!result.ok) {
      expect(result.problems.length).toBeGreaterThan(0);
      return;
    }
    const negative = Object.entries(result.output.setlinfo).filter(([, v]) => typeof v === 'number' && v < 0);
    expect(negative).toEqual([]);
  };

  it('does not settle with a negative fulamt_ownpay_amt (3rd-level hospital: the 1000.00 deductible takes it all)', () => {
    expectRefusedOrNonNegative(refundAcrossVersions('3'));
  });

  it('does not crash on a settlement whose fund would pay more than the visit’s total (deductible 200.00)', () => {
    // hosp_lv 1: deductible 200; (1000 − 200) × 85% = 680 paid on a visit of 0.00 → psn_part_amt −680.00.
    expectRefusedOrNonNegative(refundAcrossVersions('1'));
  });
});

describe('a policy whose layers overlap', () => {
  it('is refused rather than paying more than the bill', () => {
    const laozhang = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../../test/fixtures/examples/laozhang.case.json', import.meta.url)),
        'utf8',
      ),
    );
    // A second layer on the same in-scope amount at 100 % makes the fund pay 17,500.00 + 21,000.00 on 25,000.00.
    laozhang.policy.benefits[0].layers.push({
      id: 'twice',
      fund_pay_type: '999997',
      basis: 'inscp',
      bands: { over: 'settlement', rules: [{ ladder: [{ upto: null, prop: 1 }] }] },
    });
    const result = calculate(laozhang);
    expect(result).toEqual({
      ok: false,
      problems: [
        'case.json: policy.benefits: the layers of 住院 would pay 38500.00 on a bill of 25000.00; check for layers on the same basis',
      ],
    });
  });
});
