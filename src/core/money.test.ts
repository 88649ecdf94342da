import { describe, expect, it } from 'vitest';
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
