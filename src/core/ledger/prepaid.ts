// 预付金 sizing and usage warnings: pure arithmetic on fen and basis points.
import { BP_PER_UNIT, mulDivRound } from '../money.ts';

/** The base period: the last twelve months of cross-province fund payments. */
export const PREPAID_HISTORY_MONTHS = 12;
/** The required fund covers two months of the average monthly payments. */
export const PREPAID_REQUIRED_MONTHS = 2;
/** 黄色预警 at 70 % usage. */
export const PREPAID_YELLOW_BP = 7_000;
/** 红色预警 at 90 % usage: the insured province is asked for an emergency top-up (紧急调增). */
export const PREPAID_RED_BP = 9_000;

export interface PrepaidSizing {
  readonly historyMonths: number;
  readonly requiredMonths: number;
}
export const DEFAULT_PREPAID_SIZING: PrepaidSizing = {
  historyMonths: PREPAID_HISTORY_MONTHS,
  requiredMonths: PREPAID_REQUIRED_MONTHS,
};

/**
 * The required 预付金: `requiredMonths` × the average of the last `historyMonths` monthly fund payments (oldest
 * first; fewer months average over those there are), rounded once to the fen. No history requires nothing.
 */
export function requiredPrepaidFen(
  monthlyFundFen: readonly number[],
  sizing: PrepaidSizing = DEFAULT_PREPAID_SIZING,
): number {
  const months = monthlyFundFen.slice(-sizing.historyMonths);
  if (months.length === 0) return 0;
  const total = months.reduce((sum, fen) => sum + fen, 0);
  return Math.max(0, mulDivRound(total, sizing.requiredMonths, months.length));
}

export type WarningLevel = 'none' | 'yellow' | 'red';

/** Usage in basis points, rounded down (69.99 % stays 6 999 bp); null when owing something with no 预付金 at all. */
export function usageBp(owedFen: number, balanceFen: number): number | null {
  if (owedFen <= 0) return 0;
  if (balanceFen <= 0) return null;
  // In big integers: a provincial debt in fen times 10 000 passes 2^53.
  return Number((BigInt(owedFen) * BigInt(BP_PER_UNIT)) / BigInt(balanceFen));
}

export function warningLevel(usage: number | null): WarningLevel {
  if (usage === null || usage >= PREPAID_RED_BP) return 'red';
  return usage >= PREPAID_YELLOW_BP ? 'yellow' : 'none';
}
