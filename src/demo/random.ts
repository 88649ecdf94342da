// A small seeded PRNG (sfc32) with the helpers the demo world draws from; no clock, no global state.

/** A deterministic stream of numbers: the same seed and label always give the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with the given relative weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** `count` hex digits. */
  hex(count: number): string;
  /** `count` decimal digits (leading zeros kept). */
  digits(count: number): string;
}

// Two hex digits per byte value: building tokens from a table is several times faster than toString(16).
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** FNV-1a, to turn a label into a 32-bit number. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** splitmix32 spreads a 32-bit seed over the 128-bit sfc32 state. */
function seedState(seed: number): Uint32Array {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
}

/**
 * sfc32. A class, not closures: every stream then shares one compiled copy of each method (closures per
 * stream make V8 deoptimise whenever a second stream is used), and the state lives in a typed array,
 * because 32-bit values in plain fields would be boxed as heap numbers on every draw.
 */
class Sfc32 implements Random {
  private readonly state: Uint32Array;

  constructor(seed: number) {
    this.state = seedState(seed);
    // Warm-up: the first outputs of sfc32 still show their seed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const state = this.state;
    const a = state[0]!;
    const b = state[1]!;
    const c = state[2]!;
    const d = state[3]!;
    const t = (a + b + d) >>> 0;
    state[0] = b ^ (b >>> 9);
    state[1] = c + (c << 3);
    state[2] = ((c << 21) | (c >>> 11)) + t;
    state[3] = d + 1;
    return t;
  }

  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let r = this.next() * total;
    for (const [item, weight] of choices) {
      r -= weight;
      if (r < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }

  hex(count: number): string {
    let text = '';
    while (text.length < count) {
      const n = this.uint32();
      text +=
        HEX_BYTES[n >>> 24]! +
        HEX_BYTES[(n >>> 16) & 0xff]! +
        HEX_BYTES[(n >>> 8) & 0xff]! +
        HEX_BYTES[n & 0xff]!;
    }
    return text.length === count ? text : text.slice(0, count);
  }

  digits(count: number): string {
    // Up to nine digits per draw (32 bits cover 10^9 values about four times over: even enough for identifiers).
    let text = '';
    for (let left = count; left > 0; left -= 9) {
      const width = Math.min(left, 9);
      text += String(Math.floor(this.next() * 10 ** width)).padStart(width, '0');
    }
    return text;
  }
}

/**
 * A stream for one part of the world. Each part (institutions, catalogue, persons, one region's policy …)
 * gets its own labelled stream, so that changing how many persons are drawn does not reshuffle the
 * hospitals, and adding a draw in one module does not disturb the others.
 */
export function createRandom(seed: number, label = ''): Random {
  return new Sfc32((seed ^ hashText(label)) >>> 0);
}

/**
 * Picks by cumulative weight with a binary search: for drawing tens of thousands of persons over
 * hundreds of regions, where `weighted` would scan the list every time.
 */
export function cumulativePicker<T>(choices: readonly (readonly [T, number])[]): (random: Random) => T {
  const items = choices.map(([item]) => item);
  const bounds: number[] = [];
  let total = 0;
  for (const [, weight] of choices) {
    total += weight;
    bounds.push(total);
  }
  return (random) => {
    const r = random.next() * total;
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/**
 * A value between `min` and `max` spread over orders of magnitude (prices, bills): a decade chosen by its
 * share of the range, then a point inside it. Only + and ×, no Math.log/exp: their last bit may differ
 * between engines, and the same seed must give the same bytes everywhere.
 */
export function spread(random: Random, min: number, max: number): number {
  const decades: [number, number][] = [];
  for (let low = min; low < max; low *= 10) decades.push([low, Math.min(low * 10, max)]);
  // A whole decade weighs 1; the last, partial one roughly its share of a decade.
  const weights = decades.map(([low, high]) => (high - low) / (9 * low));
  const [low, high] = random.weighted(decades.map((decade, i) => [decade, weights[i]!] as const));
  return low + random.next() * (high - low);
}

/** Integer fen → yuan as the dataset writes it (exact for at most 2 decimals). */
export const yuan = (fen: number): number => Math.round(fen) / 100;

/** Integer basis points → a ratio with at most 4 decimals. */
export const ratio = (bp: number): number => Math.round(bp) / 10_000;
