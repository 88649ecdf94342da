// What insured provinces owe for settlements of periods not yet posted to the ledger: it counts against 预付金 too.
import { addMonths, monthsBetween } from '../stats/settlement-stats.ts';

/**
 * How far back a period not posted yet still counts (the current month included). Clearing runs monthly, so an
 * older open period is an anomaly the clearing screen shows; the bound keeps the node query to one short range.
 */
export const UNCLEARED_LOOKBACK_MONTHS = 12;

/** The months of the lookback up to `currentMonth` (yyyy-MM, China time) that have not been posted, oldest first. */
export function unclearedMonths(
  currentMonth: string,
  posted: ReadonlySet<string>,
  lookbackMonths: number = UNCLEARED_LOOKBACK_MONTHS,
): string[] {
  return monthsBetween(addMonths(currentMonth, 1 - lookbackMonths), currentMonth).filter(
    (m) => !posted.has(m),
  );
}

/** One group of the nodes' settlement statistics, as far as the uncleared amounts need it. */
export interface UnclearedGroup {
  readonly month: string;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fund_pay_fen: number;
  readonly acct_pay_fen: number;
}

/**
 * Per insured province, what its fund and personal accounts owe for cross-province settlements in the given months
 * (net of cancels, as clearing counts them). A province whose month nets to less than nothing owes nothing for it
 * here: clearing will give it back, and 预付金 usage never goes below zero.
 */
export function unclearedByInsured(
  groups: readonly UnclearedGroup[],
  months: readonly string[],
): Map<string, number> {
  const wanted = new Set(months);
  const byMonth = new Map<string, number>();
  for (const g of groups) {
    if (!wanted.has(g.month) || g.treatment_province === g.insured_province) continue;
    const key = `${g.insured_province}|${g.month}`;
    byMonth.set(key, (byMonth.get(key) ?? 0) + g.fund_pay_fen + g.acct_pay_fen);
  }
  const out = new Map<string, number>();
  for (const [key, fen] of byMonth) {
    const province = key.slice(0, key.indexOf('|'));
    out.set(province, (out.get(province) ?? 0) + Math.max(0, fen));
  }
  return out;
}
