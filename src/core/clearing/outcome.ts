// One period's outcome: the records the digests could not vouch for assigned to their month and reconciled one by one,
// the rest counted as matched by digest, and the totals from the treatment side's groups.
import {
  type CellDigest,
  cellIdOf,
  cellOf,
  compareDigests,
  type GroupDigest,
  groupIdOf,
  groupKeyOf,
  type TreatmentGroup,
} from './digest.ts';
import { factKey, type InsuredFact, type Period, periodOf, type TreatmentFact } from './facts.ts';
import type { ClearingOutcome } from './machine.ts';
import { reconcile } from './reconcile.ts';
import { hospitalStatementsOf, pairTotalsOf, type TotalsRow, totalsRowOf } from './totals.ts';

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

/** Every fact read one by one (no digests): the reference the digest path must agree with. */
export function outcomeOf(
  period: Period,
  treatmentRead: readonly TreatmentFact[],
  insuredRead: readonly InsuredFact[],
): ClearingOutcome {
  const facts = factsOfPeriod(period, treatmentRead, insuredRead);
  return assemble(facts.treatment.map(totalsRowOf), 0, facts);
}

/** What collecting a period by digest gathered (see digest.ts for the levels). */
export interface DigestedPeriod {
  /** The treatment sides' groups of the period, with totals. */
  readonly treatment: readonly TreatmentGroup[];
  /** The insured sides' groups of the period. */
  readonly insured: readonly GroupDigest[];
  /** Both sides' buckets of the groups that differ. */
  readonly treatmentCells: readonly CellDigest[];
  readonly insuredCells: readonly CellDigest[];
  /** Both sides' records of the buckets that differ, read with the margin of the period window. */
  readonly treatmentFacts: readonly TreatmentFact[];
  readonly insuredFacts: readonly InsuredFact[];
}

/** The groups that differ (to split into buckets). */
export const differingGroups = (p: Pick<DigestedPeriod, 'treatment' | 'insured'>) =>
  compareDigests(p.treatment, p.insured, groupIdOf, groupKeyOf).differing;

/** The buckets that differ (to read record by record). */
export const differingCells = (p: Pick<DigestedPeriod, 'treatmentCells' | 'insuredCells'>) =>
  compareDigests(p.treatmentCells, p.insuredCells, cellIdOf, cellOf).differing;

export function outcomeOfDigests(period: Period, p: DigestedPeriod): ClearingOutcome {
  const groups = compareDigests(p.treatment, p.insured, groupIdOf, groupKeyOf);
  const cells = compareDigests(p.treatmentCells, p.insuredCells, cellIdOf, cellOf);
  return assemble(
    p.treatment,
    groups.agreed + cells.agreed,
    factsOfPeriod(period, p.treatmentFacts, p.insuredFacts),
  );
}

/**
 * `agreed` records matched by digest (the same number on each side); `facts` the rest of the period on both sides,
 * reconciled one by one; `rows` every treatment record of the period, summed.
 */
function assemble(
  rows: readonly TotalsRow[],
  agreed: number,
  facts: { treatment: readonly TreatmentFact[]; insured: readonly InsuredFact[] },
): ClearingOutcome {
  const reconciliation = reconcile(facts.treatment, facts.insured);
  const unmatched = facts.treatment.filter((t) => !reconciliation.matchedKeys.has(factKey(t)));
  return {
    treatment_facts: rows.reduce((n, r) => n + r.count, 0),
    insured_facts: agreed + facts.insured.length,
    matched: agreed + reconciliation.matched,
    pairs: pairTotalsOf(rows),
    hospitals: hospitalStatementsOf(rows, unmatched),
    differences: reconciliation.differences,
  };
}
