import { describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import { validateDataset } from './validate.ts';

/** The problems after one change to the small dataset. */
function problemsAfter(change: (raw: Mutable) => void): readonly string[] {
  const raw: Mutable = smallDataset();
  change(raw);
  const result = validateDataset(raw);
  return result.ok ? [] : result.problems;
}

describe('validateDataset', () => {
  it('accepts the small dataset and converts money to fen and ratios to basis points', () => {
    const result = validateDataset(smallDataset());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const laozhang = result.dataset.persons.find((p) => p.psn_no === '13010000000000001234')!;
    expect(laozhang.acct_balc_fen).toBe(320_000);
    const drug = result.dataset.catalogue.find((c) => c.hilist_code === 'XC01EBN123A001010100001')!;
    expect(drug).toMatchObject({
      province: '460000',
      chrgitm_lv: '02',
      selfpay_prop_bp: 1000,
      pric_uplmt_fen: null,
    });
    expect(result.dataset.accumulators[0]!.counters_fen).toEqual({ 'pool.paid': 4_100_000 });
  });

  it('refuses unknown fields, naming file and path', () => {
    expect(problemsAfter((raw) => (raw.persons[0].psn_nmae = '张'))).toEqual([
      'persons.json: [0].psn_nmae: unknown field',
    ]);
    expect(problemsAfter((raw) => (raw.institutions[0].services.dental = true))).toEqual([
      'institutions.json: [0].services.dental: unknown field',
    ]);
  });

  it('refuses money with more than two decimals and ratios outside 0–1', () => {
    expect(
      problemsAfter((raw) => {
        raw.persons[0].acct_balc = '3200.001';
        raw.catalogues['460000'][2].selfpay_prop = 1.5;
        raw.catalogues['460000'][0].pric_uplmt_amt = -1;
      }),
    ).toEqual([
      'catalogue/460000.json: [0].pric_uplmt_amt: must not be negative',
      'catalogue/460000.json: [2].selfpay_prop: must be between 0 and 1',
      'persons.json: [0].acct_balc: more than 2 decimals',
    ]);
  });

  it('reports missing fields, wrong types and codes outside their dictionary', () => {
    expect(
      problemsAfter((raw) => {
        delete raw.institutions[0].hosp_lv;
        raw.institutions[1].services.inpatient = 'no';
        raw.filings[0].dcla_type = '14';
      }),
    ).toEqual([
      'institutions.json: [0].hosp_lv: is required',
      'institutions.json: [1].services.inpatient: must be boolean',
      'filings.json: [0].dcla_type: must be one of 11, 12, 13, 21, 22, 23',
    ]);
  });

  it('checks region codes against GB/T 2260 and the kind of region a field needs', () => {
    expect(
      problemsAfter((raw) => {
        raw.persons[0].insuplc_admdvs = '130102';
        raw.institutions[0].admdvs = '469999';
        raw.policies['130100-310'].admdvs = '13010';
      }),
    ).toEqual([
      'institutions.json: [0].admdvs: 469999 is not a region of GB/T 2260',
      'policies/130100-310.json: admdvs: must be a 6-digit region code',
      'persons.json: [0].insuplc_admdvs: 130102 is not a pooling region (a prefecture XXYY00 or 北京/天津/上海/重庆)',
    ]);
  });

  it('checks ID numbers with the GB 11643 check digit and the birth date', () => {
    expect(problemsAfter((raw) => (raw.persons[0].certno = '130102197003121230'))).toEqual([
      'persons.json: [0].certno: wrong check digit (expected 8)',
    ]);
    expect(problemsAfter((raw) => (raw.persons[0].brdy = '1970-03-13'))).toEqual([
      'persons.json: [0].brdy: must be 1970-03-12 as in certno',
    ]);
  });

  it('checks ladders ascend and over_cap layers name an earlier layer', () => {
    expect(
      problemsAfter((raw) => {
        const layers = raw.policies['130100-310'].benefits[0].layers;
        layers[0].bands.rules[1].ladder = [
          { upto: 30000, prop: 0.85 },
          { upto: 20000, prop: 0.9 },
          { upto: null, prop: 0.95 },
        ];
        layers[1].of = 'maf';
      }),
    ).toEqual([
      'policies/130100-310.json: benefits[0].layers[0].bands.rules[1].ladder[1].upto: must be greater than 30000',
      'policies/130100-310.json: benefits[0].layers[1].of: over_cap needs an earlier layer (maf is not one)',
    ]);
  });

  it('refuses a second layer on an over_cap amount another layer already takes', () => {
    expect(
      problemsAfter((raw) => {
        const layers = raw.policies['130100-310'].benefits[0].layers;
        layers.push({ ...layers[1], id: 'hifob2', of: 'pool' });
      }),
    ).toEqual([
      'policies/130100-310.json: benefits[0].layers[3].of: the over_cap amount of pool is already taken by layers[1]',
    ]);
  });

  it('checks the policy file name and that an offsite entry has exactly one adjustment', () => {
    expect(
      problemsAfter((raw) => {
        raw.policies['130100-390'] = raw.policies['130100-310'];
        raw.policies['130100-310'].offsite['21'] = { minus: 0.1, times: 0.9 };
      }),
    ).toEqual([
      'policies/130100-310.json: offsite["21"]: needs exactly one of minus or times',
      'policies/130100-390.json: insutype: must be 390 as in the file name',
      'policies/130100-390.json: offsite["21"]: needs exactly one of minus or times',
    ]);
  });

  it('refuses overlapping versions of one catalogue item', () => {
    expect(
      problemsAfter((raw) => {
        raw.catalogues['460000'].push({
          ...raw.catalogues['460000'][0],
          begndate: '2026-06-01',
          pric_uplmt_amt: 110,
        });
      }),
    ).toEqual([
      'catalogue/460000.json: [6].begndate: overlaps the version at [0] of hilist_code 001102000010000',
    ]);
  });

  it('checks references between files', () => {
    expect(
      problemsAfter((raw) => {
        raw.filings[0].psn_no = '99999999999999999999';
        raw.filings[1].mdtrtarea_admdvs = '130600';
        raw.accumulators[0].insutype = '390';
        raw.persons[1].ectoken = raw.persons[0].ectoken;
      }),
    ).toEqual([
      'persons.json: [1].ectoken: ec0123456789abcdef0123456789abcd also belongs to psn_no 13010000000000001234',
      'filings.json: [0].psn_no: no person 99999999999999999999 with insutype 310 in persons.json',
      'filings.json: [1].mdtrtarea_admdvs: 130600 is in the insured province 130000; a cross-province filing names another province',
      'accumulators.json: [0].psn_no: no person 13010000000000002001 with insutype 390 in persons.json',
    ]);
  });

  it('refuses counters that are not <layer>.<paid|dedc|eligible>', () => {
    expect(problemsAfter((raw) => (raw.accumulators[0].counters['pool.total'] = 1))).toEqual([
      'accumulators.json: [0].counters["pool.total"]: is not a counter name <layer id>.<paid|dedc|eligible>',
    ]);
  });
});
