// Social security card numbers, card_sn and e-voucher tokens for generated persons: unique by construction, never a story person's.
import type { Random } from './random.ts';

const CARD_LETTERS: readonly string[] = [...'ABCDEFGHJKLMNPQRSTUVWXYZ']; // I and O left out: they read like digits.
const CARD_SN_DIGITS = 1e9;
const CARD_NO_DIGITS = 1e8;

/** Person indexes stay below this (the spare indexes count down from it), which keeps the maps bijective. */
const MAX_INDEX = 1e8;

/**
 * A multiplier with no factor 2 or 5, so that i → (i·a + b) mod 10^k is a bijection; below 9·10^6 so
 * that i·a stays an exact integer (< 2^53) for every index below 10^8.
 */
function coprimeToTen(random: Random): number {
  let a = random.int(1_000_000, 8_999_990);
  while (a % 2 === 0 || a % 5 === 0) a++;
  return a;
}

/**
 * Mints the credentials of person number i: card_sn digits and card_no digits are bijections of i (with
 * constants drawn from the seed), the e-voucher token is 24 random hex digits and a bijection of i. So no
 * two persons can share one and no uniqueness set is needed (sets of 20,000 strings were a visible part
 * of the generation time); only the few story people's values are checked.
 */
export class CredentialMint {
  private readonly snMultiplier: number;
  private readonly snOffset: number;
  private readonly noMultiplier: number;
  private readonly noOffset: number;
  private readonly tokenMultiplier: number;
  private readonly tokenMask: number;
  /** Index for a redraw after a clash with a story person: counts down from the top, away from the persons' own. */
  private spare = MAX_INDEX - 1;

  constructor(
    private readonly random: Random,
    private readonly taken: {
      readonly cardSns: ReadonlySet<string>;
      readonly cardNos: ReadonlySet<string>;
      readonly ectokens: ReadonlySet<string>;
    },
  ) {
    this.snMultiplier = coprimeToTen(random);
    this.snOffset = random.int(0, CARD_SN_DIGITS - 1);
    this.noMultiplier = coprimeToTen(random);
    this.noOffset = random.int(0, CARD_NO_DIGITS - 1);
    this.tokenMultiplier = random.uint32() | 1;
    this.tokenMask = random.uint32();
  }

  /** `<pooling admdvs>D156` + 14 digits, like 130100D15600000512345678. */
  cardSn(admdvs: string, i: number): string {
    if (i >= this.spare) throw new RangeError(`at most ${MAX_INDEX} persons`);
    let n = i;
    let value = this.formatCardSn(admdvs, n);
    while (this.taken.cardSns.has(value)) {
      n = this.spare--;
      value = this.formatCardSn(admdvs, n);
    }
    return value;
  }

  /** A letter and 8 digits, like A13010023. */
  cardNo(i: number): string {
    let n = i;
    let value = this.formatCardNo(n);
    while (this.taken.cardNos.has(value)) {
      n = this.spare--;
      value = this.formatCardNo(n);
    }
    return value;
  }

  /** 32 hex digits: 24 random, then 8 that encode i (multiplying by an odd number is a bijection mod 2^32). */
  ectoken(i: number): string {
    let n = i;
    let value = this.formatToken(n);
    while (this.taken.ectokens.has(value)) {
      n = this.spare--;
      value = this.formatToken(n);
    }
    return value;
  }

  private formatCardSn(admdvs: string, n: number): string {
    const digits = (n * this.snMultiplier + this.snOffset) % CARD_SN_DIGITS;
    return `${admdvs}D15600000${String(digits).padStart(9, '0')}`;
  }

  private formatCardNo(n: number): string {
    const digits = (n * this.noMultiplier + this.noOffset) % CARD_NO_DIGITS;
    return `${this.random.pick(CARD_LETTERS)}${String(digits).padStart(8, '0')}`;
  }

  private formatToken(n: number): string {
    const tail = ((Math.imul(n, this.tokenMultiplier) ^ this.tokenMask) >>> 0).toString(16).padStart(8, '0');
    return this.random.hex(24) + tail;
  }
}
