// One period's facts into its outcome: each fact assigned to its month, reconciliation first, then the totals.
import { factKey, type InsuredFact, type Period, periodOf, type TreatmentFact } from './facts.ts';
import type { ClearingOutcome } from './machine.ts';
import { reconcile } from './reconcile.ts';
import { hospitalStatementsOf, pairTotalsOf } from './totals.ts';

/**
 * The facts read for a period include a margin on each side (BOUNDARY_GRACE_MS); a fact belongs to the month of its
 * treatment record when there is one, else to its own: an event across midnight of the 1st is counted once.
 */
export function factsOfPeriod(
  period: Period,
  treatment: readonly TreatmentFact[],
  insured: readonly InsuredFact[],
): { treatment: TreatmentFact[]; insured: InsuredFact[] } {
  const treatmentAt = new Map(treatment.map((t) => [factKey(t), t.at]));
  return {
    treatment: treatment.filter((t) => periodOf(t.at) === period),
    insured: insured.filter((i) => periodOf(treatmentAt.get(factKey(i)) ?? i.at) === period),
  };
}

export function outcomeOf(
  period: Period,
  treatmentRead: readonly TreatmentFact[],
  insuredRead: readonly InsuredFact[],
): ClearingOutcome {
  const { treatment, insured } = factsOfPeriod(period, treatmentRead, insuredRead);
  const reconciliation = reconcile(treatment, insured);
  return {
    treatment_facts: treatment.length,
    insured_facts: insured.length,
    matched: reconciliation.matched,
    pairs: pairTotalsOf(treatment),
    hospitals: hospitalStatementsOf(treatment, reconciliation.matchedKeys),
    differences: reconciliation.differences,
  };
}
