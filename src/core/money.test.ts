import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from './dataset/model.ts';
import { CatalogueIndex } from './engine/catalogue-index.ts';
import { layOnLadder, runLayer } from './engine/layers.ts';
import { splitBill, splitLine } from './engine/line-split.ts';
import type { FeeLine, Visit } from './engine/model.ts';
import type { CompiledLayer } from './engine/policy.ts';
import { SettlementRefused } from './engine/problems.ts';
import type { SelectorContext } from './engine/selectors.ts';
import {
  applyRatio,
  divRound,
  formatPercent,
  formatYuan,
  mulDivRound,
  parseRatio,
  parseScaled,
  parseYuan,
} from './money.ts';
import { addDays, ageOn } from './time.ts';

describe('parseYuan', () => {
  it('turns yuan numbers and strings into integer fen exactly', () => {
    expect(parseYuan(25000)).toEqual({ ok: true, value: 2_500_000 });
    expect(parseYuan('17500.00')).toEqual({ ok: true, value: 1_750_000 });
    expect(parseYuan(12.5)).toEqual({ ok: true, value: 1250 });
    expect(parseYuan('0.01')).toEqual({ ok: true, value: 1 });
    expect(parseYuan(-3.2)).toEqual({ ok: true, value: -320 });
  });

  it('ignores trailing zeros beyond two decimals', () => {
    expect(parseYuan('1.2300')).toEqual({ ok: true, value: 123 });
  });

  it('refuses more than two significant decimals instead of rounding', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, problem: { kind: 'too-many-decimals', max: 2 } });
    expect(parseYuan(0.1 + 0.2)).toEqual({ ok: false, problem: { kind: 'too-many-decimals', max: 2 } });
  });

  it('refuses what is not a decimal number', () => {
    for (const bad of [
      '',
      'abc',
      '1,000.00',
      '1e3',
      null,
      undefined,
      true,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      {},
    ]) {
      expect(parseYuan(bad)).toEqual({ ok: false, problem: { kind: 'not-a-number' } });
    }
  });

  it('refuses amounts beyond exact integer range', () => {
    expect(parseYuan('999999999999999999')).toEqual({ ok: false, problem: { kind: 'too-large' } });
  });

  it('reads numbers printed in exponent notation exactly', () => {
    expect(parseScaled(1e-7, 8)).toEqual({ ok: true, value: 10 });
    expect(parseYuan(1e-7)).toEqual({ ok: false, problem: { kind: 'too-many-decimals', max: 2 } });
    expect(parseYuan(1e21)).toEqual({ ok: false, problem: { kind: 'too-large' } });
  });
});

describe('parseRatio', () => {
  it('turns a decimal ratio into basis points', () => {
    expect(parseRatio(0.85)).toEqual({ ok: true, value: 8500 });
    expect(parseRatio('0.0525')).toEqual({ ok: true, value: 525 });
    expect(parseRatio(1)).toEqual({ ok: true, value: 10_000 });
  });

  it('refuses more than four decimals', () => {
    expect(parseRatio(0.12345)).toEqual({ ok: false, problem: { kind: 'too-many-decimals', max: 4 } });
  });
});

describe('rounding', () => {
  it('rounds half away from zero, symmetric around zero', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(-4n, 3n)).toBe(-1n);
    expect(divRound(7n, -2n)).toBe(-4n);
  });

  it('applies a ratio to fen with one rounding', () => {
    expect(applyRatio(1_000_000, 8500)).toBe(850_000);
    expect(applyRatio(5, 5000)).toBe(3); // 2.5 fen → 3
    expect(applyRatio(-5, 5000)).toBe(-3);
    expect(applyRatio(333, 3333)).toBe(111); // 110.9889 → 111
  });

  it('stays exact where fen × basis points passes 2^53', () => {
    expect(mulDivRound(9_000_000_000_000, 9999, 10_000)).toBe(8_999_100_000_000);
  });

  it('refuses non-integers so no float slips into money', () => {
    expect(() => mulDivRound(1.5, 2, 3)).toThrow(RangeError);
    expect(() => mulDivRound(1, 2, 0)).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('prints fen as yuan with two decimals', () => {
    expect(formatYuan(1_750_000)).toBe('17500.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-105)).toBe('-1.05');
  });

  it('prints basis points as a percentage', () => {
    expect(formatPercent(8500)).toBe('85%');
    expect(formatPercent(8550)).toBe('85.5%');
  });
});

// ── Fast paths ────────────────────────────────────────────────────────────────────────────────────────────────
// The settlement engine computes in plain numbers while that is exact and falls back to BigInt beyond
// (npm run bench:engine). Each fast path is checked here against the BigInt arithmetic it stands for, with
// operands on both sides of the 2^53 boundary; the engine's own ones are reached through its public functions.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** mulberry32: a seeded stream, so that a failure reproduces. */
function seeded(seed: number): { float(): number; int(min: number, max: number): number } {
  let state = seed >>> 0;
  const float = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { float, int: (min, max) => min + Math.floor(float() * (max - min + 1)) };
}

const exactMulDivRound = (a: number, b: number, d: number): number =>
  Number(divRound(BigInt(a) * BigInt(b), BigInt(d)));

describe('fast paths agree with BigInt', () => {
  it('mulDivRound: around the switch to BigInt (2|a·b| + |d| = 2^53), signs, ties and zeros', () => {
    const random = seeded(53);
    const divisors = [1, 2, 3, 7, 100, 10_000, 100_000_000, 2 ** 26 + 1, 2 ** 40 - 3];
    for (let i = 0; i < 20_000; i++) {
      const d = i % 10 === 9 ? random.int(1, MAX_SAFE) : divisors[i % divisors.length]!;
      // |a·b| lands within a few thousand of the boundary, on either side of it, or anywhere below 2^53.
      const boundary = (MAX_SAFE - d) / 2;
      const target = i % 3 === 2 ? random.float() * MAX_SAFE : boundary + random.int(-4096, 4096);
      const a = random.int(1, 2 ** random.int(0, 26));
      const b = Math.min(MAX_SAFE, Math.max(0, Math.round(target / a) + random.int(-2, 2)));
      const [sa, sb, sd] = [
        random.float() < 0.5 ? -a : a,
        random.float() < 0.5 ? -b : b,
        random.float() < 0.3 ? -d : d,
      ];
      expect(mulDivRound(sa, sb, sd), `${sa} × ${sb} ÷ ${sd}`).toBe(exactMulDivRound(sa, sb, sd));
    }
    // Every sign combination of small operands, where halves are frequent, and no -0.
    for (let a = -40; a <= 40; a++)
      for (let b = -12; b <= 12; b++)
        for (const d of [-4, -3, -2, -1, 1, 2, 3, 4]) {
          const got = mulDivRound(a, b, d);
          expect(got, `${a} × ${b} ÷ ${d}`).toBe(exactMulDivRound(a, b, d));
          expect(Object.is(got, -0), `${a} × ${b} ÷ ${d} is -0`).toBe(false);
        }
    // Halves right at the boundary round away from zero on both paths.
    expect(mulDivRound(1, 2 ** 52 - 3, 2)).toBe(2 ** 51 - 1);
    expect(mulDivRound(-1, 2 ** 52 - 3, 2)).toBe(-(2 ** 51 - 1));
    expect(mulDivRound(1, 2 ** 52 - 1, 2)).toBe(2 ** 51);
  });

  it('formatYuan and formatPercent: the looked-up texts are the ones the formula writes', () => {
    const random = seeded(2);
    const yuanText = (fen: number) =>
      `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
    for (let i = 0; i < 5_000; i++) {
      const fen = i % 2 === 0 ? random.int(-MAX_SAFE, MAX_SAFE) : random.int(-1_000_000, 1_000_000);
      expect(formatYuan(fen)).toBe(yuanText(fen));
    }
    for (const odd of [0.5, -12.5, Number.NaN, 2 ** 60]) expect(formatYuan(odd)).toBe(yuanText(odd));
    for (let bp = -5; bp <= 10_005; bp++) {
      const text = `${(bp / 100).toString()}%`;
      expect(formatPercent(bp)).toBe(text); // made
      expect(formatPercent(bp)).toBe(text); // looked up
    }
  });

  it('a fee line: the amount check and the over-cap part near 2^53 match their BigInt definitions', () => {
    const random = seeded(8);
    const capped: CatalogueItem = {
      province: '460000',
      hilist_code: 'CAP',
      hilist_name: '限价项目',
      list_type: '201',
      med_chrgitm_type: '05',
      chrgitm_lv: '01',
      selfpay_prop_bp: 0,
      pric_uplmt_fen: 100,
      lmt_used_flag: '0',
      begndate: '2026-01-01',
      enddate: null,
    };
    const catalogue = new CatalogueIndex([capped]);
    const visit: Visit = {
      med_type: '21',
      hosp_lv: '3',
      begntime: '2026-05-01 00:00:00',
      endtime: '2026-05-09 00:00:00',
      dise_codg: null,
    };
    for (let i = 0; i < 5_000; i++) {
      // cnt × pric within a factor of 4 of 2^53, the amount within 0.02 yuan of it; one line in seven a refund.
      // One in three has whole units at whole fen (the amount can be exactly 0.01 yuan off: the tolerance's edge),
      // one in three odd half units at an odd number of fen over the cap (the over-cap part ends in half a fen).
      const sign = i % 7 === 0 ? -1 : 1;
      const size = 2 ** random.int(51, 54) * random.float();
      let cnt_e4: number;
      let pric_e6: number;
      if (i % 3 === 0) {
        cnt_e4 = random.int(1, 2 ** random.int(0, 13)) * 10_000;
        pric_e6 = Math.max(1, Math.round(size / cnt_e4 / 10_000)) * 10_000;
      } else if (i % 3 === 1) {
        cnt_e4 = (2 * random.int(0, 2 ** random.int(0, 12)) + 1) * 5_000;
        pric_e6 = 100 * 10_000 + (2 * Math.round(size / cnt_e4 / 20_000) + 1) * 10_000;
      } else {
        cnt_e4 = random.int(1, 2 ** random.int(0, 30));
        pric_e6 = Math.round(size / cnt_e4);
      }
      cnt_e4 *= sign;
      pric_e6 = Math.min(MAX_SAFE, pric_e6);
      const product_e10 = BigInt(cnt_e4) * BigInt(pric_e6);
      const nearest = divRound(product_e10, 100_000_000n) + BigInt(random.int(-2, 2));
      const amount_fen = Number(nearest < -BigInt(MAX_SAFE) || nearest > BigInt(MAX_SAFE) ? 0n : nearest);
      const line: FeeLine = {
        feedetl_sn: String(i),
        med_list_codg: 'CAP',
        amount_fen,
        cnt_e4,
        pric_e6,
        fee_ocur_time: '2026-05-05 10:00:00',
        hosp_appr_flag: '0',
      };
      const diff = BigInt(amount_fen) * 100_000_000n - product_e10;
      const within =
        diff <= 100_000_000n && diff >= -100_000_000n && Math.sign(amount_fen) !== -Math.sign(cnt_e4);
      // A refund alone makes a negative visit, refused after the lines passed their checks.
      const refusal = (() => {
        try {
          splitBill([line], catalogue, visit, '2026-05-09 00:00:00');
          return undefined;
        } catch (error) {
          if (!(error instanceof SettlementRefused)) throw error;
          return error.code;
        }
      })();
      expect(refusal === 'invalid-fee-lines', `${amount_fen} vs ${cnt_e4} × ${pric_e6}`).toBe(!within);
      if (!within || pric_e6 <= 100 * 10_000) continue;
      const overlmt = Number(divRound(BigInt(pric_e6 - 100 * 10_000) * BigInt(cnt_e4), 100_000_000n));
      const expected = amount_fen >= 0 ? Math.min(overlmt, amount_fen) : Math.max(overlmt, amount_fen);
      expect(splitLine(line, catalogue).overlmt_fen, `over cap of ${cnt_e4} × ${pric_e6}`).toBe(expected);
    }
  });

  it('a layer: the ladder payment and the over-cap amount near 2^53 match their BigInt definitions', () => {
    const random = seeded(4);
    const context: SelectorContext = {
      hosp_lv: '3',
      psn_type: '1101',
      age: 50,
      admission: 1,
      dcla_type: null,
      med_type: '21',
      cvlserv: false,
      idet: new Set(),
      dise_codg: null,
    };
    const same = (bp: number) => bp;
    for (let i = 0; i < 5_000; i++) {
      const props = [random.int(1, 10_000), random.int(1, 10_000), random.int(0, 10_000)];
      // Σ length × prop lands within a factor of 4 of 2^53.
      const basis_fen = Math.round((2 ** random.int(51, 54) * random.float()) / Math.max(...props));
      const first = random.int(1, basis_fen);
      const ladder = [
        { upto_fen: first, prop_bp: props[0]! },
        { upto_fen: first + random.int(1, basis_fen), prop_bp: props[1]! },
        { upto_fen: i % 2 === 0 ? null : basis_fen + random.int(-first, first), prop_bp: props[2]! },
      ];
      const cap_fen = random.int(0, basis_fen); // the ladder pays at most the basis: capped often
      const layer: CompiledLayer = {
        id: 'pool',
        fund_pay_type: '310100',
        basis: 'inscp',
        of: 'pool',
        when: undefined,
        offsite: false,
        deductible: undefined,
        bands: { over: 'settlement', rules: [{ when: undefined, ladder }] },
        cap_fen,
      };
      const parts = layOnLadder(ladder, 0, basis_fen, same);
      const exact_e4 = parts.reduce((sum, p) => sum + BigInt(p.length_fen) * BigInt(p.prop_bp), 0n);
      const byLadder = Number(divRound(exact_e4, 10_000n));
      const capped = byLadder > cap_fen;
      const { payment } = runLayer(layer, basis_fen, {}, context, same);
      expect(payment.paid_fen, `pays on ${basis_fen}`).toBe(capped ? cap_fen : byLadder);
      if (!capped) continue;
      // The contract's over-cap amount, in BigInt as the engine wrote it before the fast path.
      const target_e4 = BigInt(cap_fen) * 10_000n;
      let paid_e4 = 0n;
      let laid = 0;
      let over_cap: number | undefined;
      for (const part of parts) {
        const partPay_e4 = BigInt(part.length_fen) * BigInt(part.prop_bp);
        if (paid_e4 >= target_e4) break;
        if (paid_e4 + partPay_e4 >= target_e4) {
          const prop = BigInt(part.prop_bp);
          over_cap = Number(divRound(BigInt(basis_fen - laid) * prop - (target_e4 - paid_e4), prop));
          break;
        }
        paid_e4 += partPay_e4;
        laid += part.length_fen;
      }
      expect(payment.over_cap_fen, `over cap of ${basis_fen}`).toBe(over_cap ?? basis_fen - laid);
    }
  });

  it('a catalogue version and an age: read in place, the same as from cut strings', () => {
    const random = seeded(10);
    const day = (n: number) => addDays('2026-01-01', n);
    for (let i = 0; i < 300; i++) {
      const versions: CatalogueItem[] = [];
      let from = random.int(0, 20);
      for (let v = random.int(1, 3); v > 0; v--) {
        const to = v === 1 && random.float() < 0.5 ? null : from + random.int(0, 30);
        versions.push({ ...versionOf(day(from)), enddate: to === null ? null : day(to) });
        if (to === null) break;
        from = to + random.int(1, 5);
      }
      const catalogue = new CatalogueIndex(versions);
      for (let n = 0; n < 120; n += random.int(1, 3)) {
        const time = `${day(n)} ${String(random.int(0, 23)).padStart(2, '0')}:59:59`;
        expect(catalogue.findAt('V', time), time).toBe(catalogue.find('V', time.slice(0, 10)));
      }
    }
    const ageBySplitting = (birth: string, on: string) => {
      const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
      const [y, m, d] = on.split('-').map(Number) as [number, number, number];
      return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
    };
    for (let i = 0; i < 2_000; i++) {
      const birth = addDays('1900-01-01', random.int(0, 60_000));
      const on =
        i % 4 === 0 ? `${random.int(1900, 2100)}${birth.slice(4)}` : addDays(birth, random.int(-400, 40_000));
      expect(ageOn(birth, on), `${birth} on ${on}`).toBe(ageBySplitting(birth, on));
    }
    expect(ageOn('1970-3-12', '2026-03-12')).toBe(56); // not yyyy-MM-dd: read by splitting, as before
  });
});

function versionOf(begndate: string): CatalogueItem {
  return {
    province: '460000',
    hilist_code: 'V',
    hilist_name: '多版本项目',
    list_type: '101',
    med_chrgitm_type: '09',
    chrgitm_lv: '02',
    selfpay_prop_bp: 1000,
    pric_uplmt_fen: null,
    lmt_used_flag: '0',
    begndate,
    enddate: null,
  };
}
