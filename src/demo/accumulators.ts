// Year-to-date accumulators (2026) of some demo persons: home-place care replayed roughly through their own policy's layers.
import type { AccumulatorRow, BenefitDoc, LayerDoc, PersonRow, PolicyDoc } from '../core/dataset/schema.ts';
import { createRandom, type Random, spread, yuan } from './random.ts';

const YEAR = 2026;
const toFen = (value: number | string): number => Math.round(Number(value) * 100);
const toBp = (value: number | string): number => Math.round(Number(value) * 10_000);

/**
 * Counters after one home-place settlement of `inscpFen` under `benefit`. A rough replay, not the
 * settlement engine: it takes each layer's default (last) deductible and band rule, so the counters
 * are plausible and consistent (deductibles, caps, only layers of the person's policy) without
 * pretending to be exact.
 */
function replay(
  counters: Map<string, number>,
  benefit: BenefitDoc,
  inscpFen: number,
  idet: readonly string[],
): void {
  let paidBefore = 0;
  for (const layer of benefit.layers) {
    if (layer.when?.idet && !layer.when.idet.some((type) => idet.includes(type))) continue;
    const basis =
      layer.basis === 'inscp' ? inscpFen : layer.basis === 'inscp_self' ? inscpFen - paidBefore : 0;
    const deductible = standardDeductible(layer);
    const dedcKey = `${layer.id}.dedc`;
    let applied = Math.min(deductible, basis);
    if (layer.deductible?.per === 'year') {
      applied = Math.min(Math.max(deductible - (counters.get(dedcKey) ?? 0), 0), basis);
      counters.set(dedcKey, (counters.get(dedcKey) ?? 0) + applied);
    }
    const eligible = Math.max(basis - applied, 0);
    const rules = layer.bands.rules;
    const prop = toBp(rules[rules.length - 1]!.ladder[0]!.prop);
    const room = layer.cap
      ? Math.max(toFen(layer.cap.amount) - (counters.get(`${layer.id}.paid`) ?? 0), 0)
      : Infinity;
    const paid = Math.min(Math.round((eligible * prop) / 10_000), room);
    counters.set(`${layer.id}.paid`, (counters.get(`${layer.id}.paid`) ?? 0) + paid);
    counters.set(`${layer.id}.eligible`, (counters.get(`${layer.id}.eligible`) ?? 0) + eligible);
    paidBefore += paid;
  }
}

function standardDeductible(layer: LayerDoc): number {
  const rules = layer.deductible?.rules ?? [];
  const fallback = rules.find((rule) => rule.when === undefined) ?? rules[rules.length - 1];
  return fallback ? toFen(fallback.amount) : 0;
}

/** In-scope amount of one visit, in fen, spread over orders of magnitude. */
const drawAmount = (random: Random, min: number, max: number): number =>
  Math.round(spread(random, min, max) * 100);

/** Accumulators for about one person in six, each with only counters of layers in that person's policy. */
export function generateAccumulators(
  seed: number,
  persons: readonly PersonRow[],
  policies: Readonly<Record<string, PolicyDoc>>,
): AccumulatorRow[] {
  const random = createRandom(seed, 'accumulators');
  const rows: AccumulatorRow[] = [];
  for (const person of persons) {
    if (!random.chance(0.16)) continue;
    const policy = policies[`${person.insuplc_admdvs}-${person.insutype}`];
    if (!policy) continue;
    const idet = (person.idet ?? []).map((i) => i.psn_idet_type);
    const counters = new Map<string, number>();
    const [inpatient, chronic, outpatient] = policy.benefits;
    const admissions = random.weighted([
      [0, 30],
      [1, 45],
      [2, 18],
      [3, 7],
    ]);
    for (let n = 0; n < admissions && inpatient; n++)
      replay(counters, inpatient, drawAmount(random, 2000, 60_000), idet);
    if (chronic && person.chronic && person.chronic.length > 0) {
      for (let n = random.int(1, 8); n > 0; n--)
        replay(counters, chronic, drawAmount(random, 100, 1500), idet);
    }
    if (outpatient && (admissions === 0 || random.chance(0.5))) {
      for (let n = random.int(1, 6); n > 0; n--)
        replay(counters, outpatient, drawAmount(random, 30, 800), idet);
    }
    rows.push({
      psn_no: person.psn_no,
      insutype: person.insutype,
      year: YEAR,
      admissions,
      counters: Object.fromEntries([...counters].map(([name, fen]) => [name, yuan(fen)])),
    });
  }
  return rows;
}
