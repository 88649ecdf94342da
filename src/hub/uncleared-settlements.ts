// 预付金 usage counts settlements not cleared yet: the nodes' statistics of the periods the ledger has not posted.
import { unclearedByInsured, unclearedMonths } from '../core/ledger/index.ts';
import type { SettlementAggregate } from '../core/stats/settlement-stats.ts';
import { chinaDateOf } from '../core/time.ts';
import type { SettlementStatsRequest } from '../node/settlement-stats.ts';
import type { LedgerStore } from '../store/ledger-store.ts';

/** The hub's `settlementStats` as this needs it: every node's aggregates of a month range, or that it is down. */
export type SettlementStatsPort = (
  range: SettlementStatsRequest,
) => Promise<
  readonly ({ readonly up: true; readonly answer: readonly SettlementAggregate[] } | { readonly up: false })[]
>;

/**
 * Per insured province, the fund and personal-account payments of its insured in other provinces' hospitals in the
 * months up to `asOf` (China time) that the ledger has not posted. A node that does not answer leaves its hospitals
 * out (the figure is then a floor); a posted period counts on the province's payable instead, never twice.
 */
export async function unclearedOfInsured(
  settlementStats: SettlementStatsPort,
  store: Pick<LedgerStore, 'postedPeriods'>,
  asOf: Date,
): Promise<Map<string, number>> {
  const current = chinaDateOf(asOf.getTime()).slice(0, 7);
  const lookback = unclearedMonths(current, new Set());
  const posted = new Set(await store.postedPeriods(lookback[0]!, current));
  const months = unclearedMonths(current, posted);
  if (months.length === 0) return new Map();
  const answers = await settlementStats({ from: months[0]!, to: current });
  return unclearedByInsured(
    answers.flatMap((a) => (a.up ? a.answer : [])),
    months,
  );
}
