// 协查核减 in clearing: a concluded cross-check that takes back part of a settlement's fund payment is booked into a
// clearing period; there the insured province owes the treatment province that much less, and the treatment agency
// pays the hospital that much less. Amounts per pair and per hospital, summed from the period's adjustments.

/** One concluded 协查's adjustment as the hub booked it into a period. */
export interface ClearingAdjustment {
  readonly case_id: string;
  readonly setl_id: string;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  /** Taken back from the fund payment, > 0. */
  readonly fund_fen: number;
}

export const pairKey = (p: { treatment_province: string; insured_province: string }): string =>
  `${p.treatment_province}|${p.insured_province}`;
export const hospitalKey = (h: { treatment_province: string; fixmedins_code: string }): string =>
  `${h.treatment_province}|${h.fixmedins_code}`;

/** The adjustments summed by a key (pair or hospital). */
export function adjustedBy(
  adjustments: readonly ClearingAdjustment[],
  key: (a: ClearingAdjustment) => string,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const a of adjustments) sums.set(key(a), (sums.get(key(a)) ?? 0) + a.fund_fen);
  return sums;
}
