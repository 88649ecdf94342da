// Exact decimal parsing and the single rounding rule: money is integer fen, ratios integer basis points.

/** 1 yuan = 100 fen. */
export const FEN_PER_YUAN = 100;
/** 1 = 10 000 basis points (8500 bp = 85%). */
export const BP_PER_UNIT = 10_000;

export type DecimalProblem =
  | { readonly kind: 'not-a-number' }
  | { readonly kind: 'too-many-decimals'; readonly max: number }
  | { readonly kind: 'too-large' };

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: DecimalProblem };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// Beyond this the integer is no longer exact in a JS number; no real amount comes near it.
const MAX_SCALED = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a JSON number or a numeric string into an integer scaled by 10^decimals, exactly.
 * More significant decimals than allowed are refused, never rounded; trailing zeros do not count.
 * Numbers go through their shortest round-trip text, so 0.1 + 0.2 (0.30000000000000004) is refused.
 */
export function parseScaled(input: unknown, decimals: number): Parsed<number> {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: { kind: 'not-a-number' } };
    text = numberToPlainText(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return { ok: false, problem: { kind: 'not-a-number' } };
  }
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, problem: { kind: 'not-a-number' } };
  const [, sign, whole, rawFraction = ''] = m;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > decimals) return { ok: false, problem: { kind: 'too-many-decimals', max: decimals } };
  const scaled = BigInt((whole ?? '0') + fraction.padEnd(decimals, '0'));
  if (scaled > MAX_SCALED) return { ok: false, problem: { kind: 'too-large' } };
  const value = Number(scaled);
  return { ok: true, value: sign === '-' && value !== 0 ? -value : value };
}

/** Yuan (at most 2 decimals) to fen. */
export const parseYuan = (input: unknown): Parsed<number> => parseScaled(input, 2);

/** A ratio written as a decimal (at most 4 decimals, e.g. 0.85) to basis points. */
export const parseRatio = (input: unknown): Parsed<number> => parseScaled(input, 4);

/** Describes a parse problem the way the dataset loader and `yidi calc` report it. */
export function describeDecimalProblem(problem: DecimalProblem): string {
  switch (problem.kind) {
    case 'not-a-number':
      return 'must be a number';
    case 'too-many-decimals':
      return `more than ${problem.max} decimals`;
    case 'too-large':
      return 'is too large';
  }
}

/**
 * a × b ÷ d rounded half away from zero: the one rounding rule of the platform.
 * BigInt inside because fen × basis points passes 2^53 for large amounts.
 */
export function mulDivRound(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || d === 0) {
    throw new RangeError(`mulDivRound needs safe integers and d ≠ 0 (got ${a}, ${b}, ${d})`);
  }
  return Number(divRound(BigInt(a) * BigInt(b), BigInt(d)));
}

/** n ÷ d rounded half away from zero, on big integers. */
export function divRound(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const q = (absN * 2n + absD) / (absD * 2n);
  return negative ? -q : q;
}

/** fen × basis points, rounded once to the fen. */
export const applyRatio = (amountFen: number, ratioBp: number): number =>
  mulDivRound(amountFen, ratioBp, BP_PER_UNIT);

/** Fen to a yuan JSON number (exact to 2 decimals when printed). */
export const fenToYuan = (fen: number): number => fen / FEN_PER_YUAN;

/** Fen to yuan text with exactly two decimals, e.g. 1750000 → "17500.00". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / FEN_PER_YUAN)}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`;
}

/** Basis points to a ratio JSON number with at most 4 decimals (8500 → 0.85). */
export const bpToRatio = (bp: number): number => bp / BP_PER_UNIT;

/** Basis points as a percentage for Chinese explanations: 8500 → "85%", 8550 → "85.5%". */
export function formatPercent(bp: number): string {
  return `${(bp / 100).toString()}%`;
}

function numberToPlainText(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Exponent notation (1e-7, 1e21): expand exactly through toFixed/BigInt so the decimal check stays honest.
  if (Math.abs(n) >= 1) return BigInt(n).toString();
  return n.toFixed(20).replace(/0+$/, '');
}
