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
 * In plain numbers while that is exact (every real amount); BigInt beyond, where fen × basis points passes 2^53.
 */
export function mulDivRound(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || d === 0) {
    throw new RangeError(`mulDivRound needs safe integers and d ≠ 0 (got ${a}, ${b}, ${d})`);
  }
  // A correctly rounded product is ≥ 2^53 whenever the exact one is, so a product below 2^53 is exact.
  const absN = Math.abs(a * b);
  const absD = Math.abs(d);
  // The same formula as divRound, ⌊(2|n| + |d|) ÷ 2|d|⌋. With both operands below 2^53, Math.floor of the float
  // quotient is the exact integer quotient: its rounding error is below 1/2|d|, a fraction of a step of 1/2|d|.
  if (2 * absN + absD <= Number.MAX_SAFE_INTEGER) {
    const q = Math.floor((2 * absN + absD) / (2 * absD));
    const negative = (a < 0 !== b < 0) !== d < 0;
    // Never -0 (the BigInt path cannot return it, and toBe(0) tells the two apart).
    return negative && q !== 0 ? -q : q;
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

/** "00" … "99": the fen part of a yuan text, looked up rather than padded on every call. */
const FEN_DIGITS: readonly string[] = Array.from({ length: FEN_PER_YUAN }, (_, fen) =>
  String(fen).padStart(2, '0'),
);

/** Fen to yuan text with exactly two decimals, e.g. 1750000 → "17500.00". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  // A fen amount is an integer; anything else keeps the general form (and its odd text) as before.
  const fenText = Number.isInteger(abs)
    ? FEN_DIGITS[abs % FEN_PER_YUAN]!
    : String(abs % FEN_PER_YUAN).padStart(2, '0');
  return `${sign}${Math.trunc(abs / FEN_PER_YUAN)}.${fenText}`;
}

/** Basis points to a ratio JSON number with at most 4 decimals (8500 → 0.85). */
export const bpToRatio = (bp: number): number => bp / BP_PER_UNIT;

/**
 * Percent texts of whole basis points 0 … 10 000, made on first use: a float to text is slow, ratios are few.
 * Filled up front with undefined so that V8 keeps it a plain array (a sparse one becomes a hash table).
 */
const percentTexts = Array.from<string | undefined>({ length: BP_PER_UNIT + 1 });

/** Basis points as a percentage for Chinese explanations: 8500 → "85%", 8550 → "85.5%". */
export function formatPercent(bp: number): string {
  const cached = percentTexts[bp];
  if (cached !== undefined) return cached;
  const text = `${(bp / 100).toString()}%`;
  if (Number.isInteger(bp) && bp >= 0 && bp <= BP_PER_UNIT) percentTexts[bp] = text;
  return text;
}

function numberToPlainText(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Exponent notation (1e-7, 1e21): expand exactly through toFixed/BigInt so the decimal check stays honest.
  if (Math.abs(n) >= 1) return BigInt(n).toString();
  return n.toFixed(20).replace(/0+$/, '');
}
