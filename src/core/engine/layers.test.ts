// settlement.md Step 2, one layer at a time: deductible, bands, off-site adjustment, cap and the bases.
import { describe, expect, it } from 'vitest';
import {
  decide,
  ladder,
  layer,
  type PolicyOptions,
  paidBy,
  policyDoc,
} from '../../../test/support/settlement.ts';
import { effectiveFiling } from './decide.ts';

const YUAN = 100; // fen per yuan: amounts below are written `yuan * YUAN`.

describe('deductible (起付线)', () => {
  const perSettlement = policyDoc([
    layer({
      id: 'pool',
      deductible: {
        per: 'settlement',
        rules: [
          { when: { hosp_lv: '3' }, amount: 1000 },
          { when: { hosp_lv: '2' }, amount: 500 },
        ],
      },
      bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.9]) }] },
    }),
  ]);

  it('per settlement: applies the first matching rule’s amount and pays on the rest', () => {
    // 21000 − 1000 = 20000 × 90% = 18000.
    const d = decide({ policy: perSettlement, inscp_fen: 21000 * YUAN });
    expect(d.act_pay_dedc_fen).toBe(1000 * YUAN);
    expect(paidBy(d, 'pool')).toBe(18000 * YUAN);
  });

  it('per settlement: takes the first rule whose when matches, not the first rule', () => {
    // hosp_lv 2 → 500; (2000 − 500) × 90% = 1350.
    const d = decide({ policy: perSettlement, inscp_fen: 2000 * YUAN, visit: { hosp_lv: '2' } });
    expect(d.act_pay_dedc_fen).toBe(500 * YUAN);
    expect(paidBy(d, 'pool')).toBe(1350 * YUAN);
  });

  it('per settlement: applies no more than the basis, and keeps no dedc counter', () => {
    const d = decide({ policy: perSettlement, inscp_fen: 800 * YUAN });
    expect(d.act_pay_dedc_fen).toBe(800 * YUAN);
    expect(paidBy(d, 'pool')).toBe(0);
    expect(d.accumulators.counters).not.toHaveProperty(['pool.dedc']);
  });

  it('applies 0 when no rule matches', () => {
    // hosp_lv 1 matches neither rule: 2000 × 90% = 1800.
    const d = decide({ policy: perSettlement, inscp_fen: 2000 * YUAN, visit: { hosp_lv: '1' } });
    expect(d.act_pay_dedc_fen).toBe(0);
    expect(paidBy(d, 'pool')).toBe(1800 * YUAN);
  });

  it('applies 0 when the layer has no deductible', () => {
    const d = decide({ policy: policyDoc([layer({ id: 'pool' })]), inscp_fen: 2000 * YUAN });
    expect(d.act_pay_dedc_fen).toBe(0);
    expect(paidBy(d, 'pool')).toBe(2000 * YUAN);
  });

  const perYear = policyDoc([
    layer({
      id: 'otp',
      deductible: { per: 'year', rules: [{ amount: 1000 }] },
      bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] },
    }),
  ]);

  it('per year: applies what is left of the standard after the dedc counter, and grows the counter', () => {
    // standard 1000, already 300 → 700 applied; (2000 − 700) × 50% = 650; counter 300 + 700 = 1000.
    const d = decide({ policy: perYear, inscp_fen: 2000 * YUAN, counters: { 'otp.dedc': 300 * YUAN } });
    expect(d.act_pay_dedc_fen).toBe(700 * YUAN);
    expect(paidBy(d, 'otp')).toBe(650 * YUAN);
    expect(d.accumulators.counters['otp.dedc']).toBe(1000 * YUAN);
    expect(d.delta.counters['otp.dedc']).toBe(700 * YUAN);
  });

  it('per year: applies no more than the basis and grows the counter by what was applied', () => {
    // left 700, basis 500 → 500 applied, pays 0; counter 300 + 500 = 800.
    const d = decide({ policy: perYear, inscp_fen: 500 * YUAN, counters: { 'otp.dedc': 300 * YUAN } });
    expect(d.act_pay_dedc_fen).toBe(500 * YUAN);
    expect(paidBy(d, 'otp')).toBe(0);
    expect(d.accumulators.counters['otp.dedc']).toBe(800 * YUAN);
  });

  it('per year: applies nothing once the counter has reached (or passed) the standard', () => {
    for (const counter of [1000, 1200]) {
      const d = decide({ policy: perYear, inscp_fen: 100 * YUAN, counters: { 'otp.dedc': counter * YUAN } });
      expect(d.act_pay_dedc_fen).toBe(0);
      expect(paidBy(d, 'otp')).toBe(50 * YUAN);
      expect(d.accumulators.counters['otp.dedc']).toBe(counter * YUAN);
    }
  });

  it('reports the basic layer’s deductible as act_pay_dedc, not a later layer’s', () => {
    const policy = policyDoc([
      layer({ id: 'pool', deductible: { per: 'settlement', rules: [{ amount: 100 }] } }),
      layer({
        id: 'extra',
        basis: 'inscp_self',
        fund_pay_type: '390200',
        deductible: { per: 'settlement', rules: [{ amount: 50 }] },
      }),
    ]);
    const d = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(d.act_pay_dedc_fen).toBe(100 * YUAN);
  });
});

describe('bands (分段比例)', () => {
  const twoBands = (over: 'settlement' | 'year') =>
    policyDoc([
      layer({
        id: 'pool',
        deductible: { per: 'settlement', rules: [{ amount: 1000 }] },
        bands: { over, rules: [{ ladder: ladder([10000, 0.85], [null, 0.9]) }] },
      }),
    ]);

  it('over settlement: lays the eligible amount on the ladder from 0 and rounds once', () => {
    // eligible 13345.67 − 1000 = 12345.67: 10000 × 85% + 2345.67 × 90% = 8500 + 2111.103 = 10611.103 → 10611.10.
    const d = decide({
      policy: twoBands('settlement'),
      inscp_fen: 1334567,
      counters: { 'pool.eligible': 999_999 },
    });
    expect(paidBy(d, 'pool')).toBe(1061110);
    expect(d.layers[0]!.explanation).toBe('起付线1000.00；10000.00×85%+2345.67×90%=10611.10');
  });

  it('rounds the sum of the bands once, not each band', () => {
    // 0.01 × 50% + 0.01 × 50% = 0.005 + 0.005 = 0.01 (rounding each band would give 0.02).
    const policy = policyDoc([
      layer({
        id: 'pool',
        bands: { over: 'settlement', rules: [{ ladder: ladder([0.01, 0.5], [null, 0.5]) }] },
      }),
    ]);
    expect(paidBy(decide({ policy, inscp_fen: 2 }), 'pool')).toBe(1);
  });

  it('over year: starts at the eligible counter of the year', () => {
    // counter 8000; eligible 6000 − 1000 = 5000 laid on [8000, 13000):
    // 2000 × 85% + 3000 × 90% = 1700 + 2700 = 4400 (over settlement it would be 5000 × 85% = 4250).
    const d = decide({
      policy: twoBands('year'),
      inscp_fen: 6000 * YUAN,
      counters: { 'pool.eligible': 8000 * YUAN },
    });
    expect(paidBy(d, 'pool')).toBe(4400 * YUAN);
    expect(d.accumulators.counters['pool.eligible']).toBe(13000 * YUAN);
    const fresh = decide({ policy: twoBands('settlement'), inscp_fen: 6000 * YUAN });
    expect(paidBy(fresh, 'pool')).toBe(4250 * YUAN);
  });

  it('over settlement: the eligible counter still grows by the whole eligible amount', () => {
    const d = decide({
      policy: twoBands('settlement'),
      inscp_fen: 6000 * YUAN,
      counters: { 'pool.eligible': 500 },
    });
    expect(d.accumulators.counters['pool.eligible']).toBe(500 + 5000 * YUAN);
  });

  const closed = policyDoc([
    layer({ id: 'pool', bands: { over: 'year', rules: [{ ladder: ladder([10000, 0.8]) }] } }),
  ]);

  it('pays 0 for the part beyond the last upto when it is not null', () => {
    // counter 9000: [9000, 12000) → only 1000 lies on the ladder: 1000 × 80% = 800.
    const d = decide({ policy: closed, inscp_fen: 3000 * YUAN, counters: { 'pool.eligible': 9000 * YUAN } });
    expect(paidBy(d, 'pool')).toBe(800 * YUAN);
    expect(d.accumulators.counters['pool.eligible']).toBe(12000 * YUAN);
  });

  it('pays 0 when the year has already passed the ladder’s end, yet counts the eligible amount', () => {
    const d = decide({ policy: closed, inscp_fen: 3000 * YUAN, counters: { 'pool.eligible': 12000 * YUAN } });
    expect(paidBy(d, 'pool')).toBe(0);
    expect(d.layers).toHaveLength(1);
    expect(d.accumulators.counters['pool.eligible']).toBe(15000 * YUAN);
  });

  it('pays 0 when no band rule matches, but the layer is listed and its counters grow', () => {
    const policy = policyDoc([
      layer({
        id: 'pool',
        deductible: { per: 'year', rules: [{ amount: 100 }] },
        bands: { over: 'settlement', rules: [{ when: { hosp_lv: '1' }, ladder: ladder([null, 0.9]) }] },
      }),
    ]);
    // hosp_lv 3: no ladder. dedc 100 applied, eligible 1000 − 100 = 900, paid 0.
    const d = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(d.layers.map((l) => [l.id, l.paid_fen])).toEqual([['pool', 0]]);
    expect(d.accumulators.counters).toEqual({
      'pool.dedc': 100 * YUAN,
      'pool.eligible': 900 * YUAN,
      'pool.paid': 0,
    });
    expect(d.pool_prop_bp).toBe(0);
  });

  it('takes the ladder of the first band rule whose when matches', () => {
    const policy = policyDoc([
      layer({
        id: 'pool',
        bands: {
          over: 'settlement',
          rules: [
            { when: { psn_type: '12' }, ladder: ladder([null, 0.95]) },
            { ladder: ladder([null, 0.85]) },
          ],
        },
      }),
    ]);
    expect(paidBy(decide({ policy, inscp_fen: 1000 * YUAN, insured: { psn_type: '1201' } }), 'pool')).toBe(
      950 * YUAN,
    );
    expect(paidBy(decide({ policy, inscp_fen: 1000 * YUAN, insured: { psn_type: '1101' } }), 'pool')).toBe(
      850 * YUAN,
    );
  });
});

describe('off-site adjustment (异地就医待遇调整)', () => {
  const adjusted = (offsite: PolicyOptions['offsite'], prop = 0.85) =>
    policyDoc(
      [
        layer({
          id: 'pool',
          bands: { over: 'settlement', rules: [{ ladder: ladder([10000, prop], [null, 0.95]) }] },
        }),
      ],
      { offsite },
    );

  it('minus: a temporary filing lowers every band’s prop by the points of its dcla_type', () => {
    // filing 21, minus 0.1: 10000 × 75% + 2000 × 85% = 7500 + 1700 = 9200.
    const d = decide({
      policy: adjusted({ '21': { minus: 0.1 } }),
      inscp_fen: 12000 * YUAN,
      dcla_type: '21',
    });
    expect(paidBy(d, 'pool')).toBe(9200 * YUAN);
    expect(d.pool_prop_bp).toBe(7500);
  });

  it('times: multiplies each prop and rounds half away from zero to a whole basis point', () => {
    // 0.8555 × 0.9 = 0.76995 → 7699.5 bp → 7700 bp; 0.95 × 0.9 = 0.855.
    // 10000 × 77% + 2000 × 85.5% = 7700 + 1710 = 9410.
    const d = decide({
      policy: adjusted({ '23': { times: 0.9 } }, 0.8555),
      inscp_fen: 12000 * YUAN,
      dcla_type: '23',
    });
    expect(d.pool_prop_bp).toBe(7700);
    expect(paidBy(d, 'pool')).toBe(9410 * YUAN);
  });

  it('times: rounds a quarter basis point down', () => {
    // 0.8555 × 0.95 = 0.812725 → 8127.25 bp → 8127 bp; 10000 × 81.27% = 8127.
    const d = decide({
      policy: adjusted({ '23': { times: 0.95 } }, 0.8555),
      inscp_fen: 10000 * YUAN,
      dcla_type: '23',
    });
    expect(d.pool_prop_bp).toBe(8127);
    expect(paidBy(d, 'pool')).toBe(8127 * YUAN);
  });

  it('never lowers a prop below 0', () => {
    // 0.1 − 0.2 → 0; 0.95 − 0.2 = 0.75: 10000 × 0 + 2000 × 75% = 1500.
    const d = decide({
      policy: adjusted({ '23': { minus: 0.2 } }, 0.1),
      inscp_fen: 12000 * YUAN,
      dcla_type: '23',
    });
    expect(d.pool_prop_bp).toBe(0);
    expect(paidBy(d, 'pool')).toBe(1500 * YUAN);
  });

  it('does not adjust long-term filings (11, 12, 13), even with an entry in the table', () => {
    const policy = adjusted({ '11': { minus: 0.5 }, '12': { minus: 0.5 }, '13': { times: 0.5 } });
    for (const dcla_type of ['11', '12', '13']) {
      // 10000 × 85% + 2000 × 95% = 8500 + 1900 = 10400.
      const d = decide({ policy, inscp_fen: 12000 * YUAN, dcla_type });
      expect(paidBy(d, 'pool'), dcla_type).toBe(10400 * YUAN);
    }
  });

  it('does not adjust a temporary category without an entry, nor a visit without a filing', () => {
    const policy = adjusted({ '21': { minus: 0.1 } });
    expect(paidBy(decide({ policy, inscp_fen: 12000 * YUAN, dcla_type: '23' }), 'pool')).toBe(10400 * YUAN);
    expect(paidBy(decide({ policy, inscp_fen: 12000 * YUAN, dcla_type: null }), 'pool')).toBe(10400 * YUAN);
  });

  it('counts no filing on an emergency visit (med_type 13 or 24) as a 22 filing', () => {
    expect(effectiveFiling(null, '13')).toBe('22');
    expect(effectiveFiling(null, '24')).toBe('22');
    expect(effectiveFiling(null, '21')).toBeNull();
    expect(effectiveFiling('11', '24')).toBe('11');
    // 24 急诊转住院 without a filing: 22's minus 0.05 applies → 10000 × 80% + 2000 × 90% = 9800.
    const policy = adjusted({ '22': { minus: 0.05 } });
    const d = decide({
      policy,
      inscp_fen: 12000 * YUAN,
      visit: { med_type: '24' },
      dcla_type: effectiveFiling(null, '24'),
    });
    expect(paidBy(d, 'pool')).toBe(9800 * YUAN);
  });

  it('adjusts the basic layer and layers marked offsite: true, no other layer', () => {
    const policy = policyDoc(
      [
        layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] } }),
        layer({
          id: 'plain',
          basis: 'inscp_self',
          fund_pay_type: '390200',
          bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] },
        }),
        layer({
          id: 'marked',
          basis: 'inscp_self',
          fund_pay_type: '320100',
          offsite: true,
          bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] },
        }),
      ],
      { offsite: { '21': { minus: 0.1 } } },
    );
    // inscp 10000: pool 10000 × 40% = 4000; plain (10000 − 4000) × 50% = 3000;
    // marked (10000 − 7000) × 40% = 1200.
    const d = decide({ policy, inscp_fen: 10000 * YUAN, dcla_type: '21' });
    expect(d.layers.map((l) => [l.id, l.paid_fen])).toEqual([
      ['pool', 4000 * YUAN],
      ['plain', 3000 * YUAN],
      ['marked', 1200 * YUAN],
    ]);
  });
});

describe('cap (最高支付限额) and the over-cap hand-over', () => {
  const retiree = policyDoc([
    layer({
      id: 'pool',
      deductible: { per: 'settlement', rules: [{ amount: 500 }] },
      bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.95]) }] },
      cap: { amount: 200000 },
    }),
    // `of` left out: the first layer.
    layer({
      id: 'hifob',
      fund_pay_type: '330100',
      basis: 'over_cap',
      bands: { over: 'year', rules: [{ ladder: ladder([null, 0.9]) }] },
      cap: { amount: 500000 },
    }),
  ]);

  it('pays the cap room and hands the exact over-cap point to the next layer (of defaults to the first)', () => {
    // room 200000 − 186500 = 13500; eligible 24132.50 − 500 = 23632.50; 95% of it = 22450.88 > 13500.
    // The payments reach 13500 at 13500 / 0.95 = 14210.526…; over_cap = 23632.50 − 14210.526… = 9421.97.
    // hifob: 9421.97 × 90% = 8479.773 → 8479.77.
    const d = decide({ policy: retiree, inscp_fen: 2413250, counters: { 'pool.paid': 18650000 } });
    const [pool, hifob] = d.layers;
    expect(pool).toMatchObject({ paid_fen: 1350000, limit_fen: 1350000, over_cap_fen: 942197 });
    expect(hifob).toMatchObject({ basis_fen: 942197, paid_fen: 847977, limit_fen: 50000000 });
    expect(d.accumulators.counters['pool.paid']).toBe(20000000);
  });

  it('finds the over-cap point inside a later band', () => {
    const policy = policyDoc([
      layer({
        id: 'pool',
        bands: { over: 'settlement', rules: [{ ladder: ladder([10000, 0.8], [null, 0.9]) }] },
        cap: { amount: 9800.01 },
      }),
      layer({ id: 'big', fund_pay_type: '330100', basis: 'over_cap', of: 'pool' }),
    ]);
    // eligible 20000: 8000 + 9000 = 17000 > 9800.01. Band 1 pays 8000, the rest 1800.01 / 0.9 = 2000.0111…
    // into band 2: point 12000.0111…, over_cap = 20000 − 12000.0111… = 7999.9888… → 7999.99.
    const d = decide({ policy, inscp_fen: 20000 * YUAN });
    expect(d.layers[0]).toMatchObject({ paid_fen: 980001, over_cap_fen: 799999 });
    expect(d.layers[1]).toMatchObject({ basis_fen: 799999, paid_fen: 799999 });
  });

  it('reports crt_payb_lmt_amt as the room before the settlement when under the cap, with no over-cap amount', () => {
    // room 200000 − 1000 = 199000; pays 1000 × 95% = 950: the over_cap layer runs on 0.
    const d = decide({ policy: retiree, inscp_fen: 1500 * YUAN, counters: { 'pool.paid': 1000 * YUAN } });
    expect(d.layers[0]).toMatchObject({ paid_fen: 950 * YUAN, limit_fen: 199000 * YUAN, over_cap_fen: 0 });
    expect(d.layers[1]).toMatchObject({ id: 'hifob', basis_fen: 0, paid_fen: 0 });
  });

  it('pays nothing once the counter has passed the cap, and hands over the whole eligible amount', () => {
    // room max(200000 − 250000, 0) = 0; eligible 1500 − 500 = 1000 all over the cap; hifob 1000 × 90% = 900.
    const d = decide({ policy: retiree, inscp_fen: 1500 * YUAN, counters: { 'pool.paid': 250000 * YUAN } });
    expect(d.layers[0]).toMatchObject({ paid_fen: 0, limit_fen: 0, over_cap_fen: 1000 * YUAN });
    expect(paidBy(d, 'hifob')).toBe(900 * YUAN);
  });

  it('reports crt_payb_lmt_amt as the payment for a layer without a cap', () => {
    const d = decide({ policy: policyDoc([layer({ id: 'pool' })]), inscp_fen: 1234 });
    expect(d.layers[0]).toMatchObject({ paid_fen: 1234, limit_fen: 1234, over_cap_fen: 0 });
  });

  it('gives 0 to a layer that names in `of` a layer without a cap', () => {
    const policy = policyDoc([
      layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] } }),
      layer({ id: 'big', fund_pay_type: '330100', basis: 'over_cap', of: 'pool' }),
    ]);
    const d = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(d.layers.map((l) => [l.id, l.basis_fen, l.paid_fen])).toEqual([
      ['pool', 1000 * YUAN, 500 * YUAN],
      ['big', 0, 0],
    ]);
  });

  it('gives 0 to a layer whose `of` layer did not run', () => {
    const policy = policyDoc([
      layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] } }),
      layer({
        id: 'mid',
        fund_pay_type: '320100',
        basis: 'inscp_self',
        when: { cvlserv: true },
        cap: { amount: 1 },
      }),
      layer({ id: 'big', fund_pay_type: '330100', basis: 'over_cap', of: 'mid' }),
    ]);
    const d = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(d.layers.map((l) => [l.id, l.basis_fen])).toEqual([
      ['pool', 1000 * YUAN],
      ['big', 0],
    ]);
  });

  it('shares the paid counter between benefits whose layers have the same id', () => {
    const policy = policyDoc([layer({ id: 'pool', cap: { amount: 200000 } })], {
      more: [
        { name: '门诊慢特病', med_types: ['14'], layers: [layer({ id: 'pool', cap: { amount: 200000 } })] },
      ],
    });
    // 住院 has used 199000 of pool: the chronic-disease visit has 1000 room left.
    const d = decide({
      policy,
      inscp_fen: 3000 * YUAN,
      visit: { med_type: '14' },
      counters: { 'pool.paid': 199000 * YUAN },
    });
    expect(d.benefit).toBe('门诊慢特病');
    expect(d.layers[0]).toMatchObject({ paid_fen: 1000 * YUAN, limit_fen: 1000 * YUAN });
    expect(d.accumulators.counters['pool.paid']).toBe(200000 * YUAN);
  });
});

describe('bases', () => {
  it('inscp_self works on inscp less what the layers before (that ran) paid', () => {
    const policy = policyDoc([
      layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.6]) }] } }),
      layer({
        id: 'cvl',
        fund_pay_type: '320100',
        basis: 'inscp_self',
        when: { cvlserv: true },
        bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] },
      }),
      layer({
        id: 'maf',
        fund_pay_type: '610100',
        basis: 'inscp_self',
        bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] },
      }),
    ]);
    // 公务员: pool 1000 × 60% = 600; cvl (1000 − 600) × 50% = 200; maf (1000 − 800) × 50% = 100.
    const civil = decide({ policy, inscp_fen: 1000 * YUAN, insured: { cvlserv_flag: '1' } });
    expect(civil.layers.map((l) => [l.id, l.basis_fen, l.paid_fen])).toEqual([
      ['pool', 1000 * YUAN, 600 * YUAN],
      ['cvl', 400 * YUAN, 200 * YUAN],
      ['maf', 200 * YUAN, 100 * YUAN],
    ]);
    // Not a 公务员: cvl does not run; maf (1000 − 600) × 50% = 200.
    const other = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(other.layers.map((l) => [l.id, l.basis_fen, l.paid_fen])).toEqual([
      ['pool', 1000 * YUAN, 600 * YUAN],
      ['maf', 400 * YUAN, 200 * YUAN],
    ]);
  });

  it('a layer whose when does not match is not listed and touches no counter', () => {
    const policy = policyDoc([
      layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: ladder([null, 0.5]) }] } }),
      layer({
        id: 'maf',
        fund_pay_type: '610100',
        basis: 'inscp_self',
        when: { idet: ['2301'] },
        deductible: { per: 'year', rules: [{ amount: 10 }] },
        cap: { amount: 5000 },
      }),
    ]);
    const before = { 'maf.paid': 1 * YUAN, 'maf.eligible': 2 * YUAN, 'maf.dedc': 3 * YUAN };
    const d = decide({ policy, inscp_fen: 1000 * YUAN, counters: before });
    expect(d.layers.map((l) => l.id)).toEqual(['pool']);
    expect(d.accumulators.counters).toMatchObject(before);
    expect(Object.keys(d.delta.counters).sort()).toEqual(['pool.eligible', 'pool.paid']);
    // Without earlier counters none is created.
    const fresh = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(Object.keys(fresh.accumulators.counters).sort()).toEqual(['pool.eligible', 'pool.paid']);
  });

  it('a layer that runs is listed even when it pays 0', () => {
    const policy = policyDoc([
      layer({ id: 'pool', deductible: { per: 'settlement', rules: [{ amount: 2000 }] } }),
      layer({ id: 'maf', fund_pay_type: '610100', basis: 'inscp_self' }),
    ]);
    // 1000 under the 2000 deductible: pool pays 0, maf takes it all.
    const d = decide({ policy, inscp_fen: 1000 * YUAN });
    expect(d.layers.map((l) => [l.id, l.paid_fen])).toEqual([
      ['pool', 0],
      ['maf', 1000 * YUAN],
    ]);
  });
});
