// Exact amounts for the HIS's own totals: the node checks them to the fen, so no float sums (core/money is browser-safe).
import { divRound, formatYuan, parseScaled, parseYuan } from '../../../src/core/money.ts';
import { formatChinaDateTime, parseChinaDateTime } from '../../../src/core/time.ts';

/** cnt × pric is exact at 10^-10 yuan: 4 decimals of quantity, 6 of price. */
const FEN_TO_E10 = 100_000_000n;

/** Yuan as the interface sends it (number or text, at most 2 decimals) to fen; NaN when it is not such a number. */
export function fenOf(value: unknown): number {
  const parsed = parseYuan(value ?? 0);
  return parsed.ok ? parsed.value : Number.NaN;
}

/** The line amount a HIS sends, cnt × pric rounded once to the fen; undefined while an input is not valid. */
export function lineAmountFen(cnt: string, pric: string): number | undefined {
  const c = parseScaled(cnt, 4);
  const p = parseScaled(pric, 6);
  if (!c.ok || !p.ok || c.value <= 0 || p.value < 0) return undefined;
  return Number(divRound(BigInt(c.value) * BigInt(p.value), FEN_TO_E10));
}

/** Fen as the text the interface takes: 25000.00. */
export const yuanText = (fen: number): string => formatYuan(fen);

/** The sum of yuan fields, exactly, in fen. */
export const sumFen = (values: readonly unknown[]): number =>
  values.reduce<number>((s, v) => s + fenOf(v), 0);

/** Now as the HIS writes times: China time, yyyy-MM-dd HH:mm:ss. */
export const hisNow = (): string => formatChinaDateTime(Date.now());

export const isHisTime = (text: string): boolean => parseChinaDateTime(text.trim()) !== undefined;

/** A HIS time moved into [earliest, latest] (such times compare as text). */
export const clampTime = (time: string, earliest: string, latest: string): string =>
  time < earliest ? earliest : time > latest ? latest : time;
