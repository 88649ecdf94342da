// Drawn parameters of the demo policies: what varies from one pooling region to the next, within the ranges of policy.md §6.
import type { PolicyDoc } from '../core/dataset/schema.ts';
import type { Region } from '../core/regions.ts';
import {
  type Band,
  type EmployeeParams,
  employeePolicy,
  type OffsiteParams,
  type ResidentParams,
  residentPolicy,
} from './policies.ts';
import { createRandom, type Random, ratio } from './random.ts';

/** A multiple of `by` between `from` and `to`. */
const step = (from: number, to: number, by: number, random: Random): number =>
  from + by * random.int(0, Math.round((to - from) / by));

/** At most 10 points off for referral and emergency, at most 20 for other temporary care (policy.md §1.9). */
function drawOffsite(random: Random): OffsiteParams {
  if (random.chance(0.3)) {
    return { '21': { times: ratio(random.pick([9000, 9500])) }, '22': { times: 1 }, '23': { times: 0.8 } };
  }
  return {
    '21': { minus: ratio(random.pick([500, 1000, 1000])) },
    '22': { minus: ratio(random.pick([0, 0, 0, 500])) },
    '23': { minus: ratio(random.pick([1000, 1500, 2000, 2000])) },
  };
}

export function drawEmployeeParams(random: Random): EmployeeParams {
  const lv3First = random.pick([800, 900, 1000, 1200, 1300, 1500]);
  const base = step(8200, 8800, 100, random);
  const firstUpto = random.pick([10000, 20000, 30000]);
  const employeeLadder: Band[] = random.chance(0.5)
    ? [
        { upto: firstUpto, bp: base },
        { upto: null, bp: base + 500 },
      ]
    : [
        { upto: firstUpto, bp: base },
        { upto: firstUpto + 40000, bp: base + 300 },
        { upto: null, bp: Math.min(base + 600, 9500) },
      ];
  const retireeBp = Math.min(base + random.pick([500, 700, 1000]), 9700);
  const outpatientBp = step(5000, 7000, 500, random);
  return {
    deductible: {
      lv3First,
      lv3Later: Math.round(lv3First / 20) * 10,
      lv2: random.pick([400, 500, 600, 700]),
      lv1: random.pick([100, 150, 200, 300]),
    },
    employeeLadder,
    retireeLadder: [{ upto: null, bp: retireeBp }],
    poolCap: step(150_000, 300_000, 10_000, random),
    hifobBp: step(8500, 9500, 100, random),
    hifobCap: step(300_000, 600_000, 50_000, random),
    mafBp: step(6000, 8000, 500, random),
    mafCap: step(30_000, 80_000, 10_000, random),
    chronicDeductible: random.pick([0, 0, 200, 300, 500]),
    chronicBp: step(8000, 9000, 100, random),
    outpatientDeductible: random.pick([100, 150, 200, 300, 500]),
    outpatientBp,
    outpatientRetireeBp: Math.min(outpatientBp + 1000, 8500),
    outpatientCap: step(1500, 5000, 500, random),
    offsite: drawOffsite(random),
  };
}

export function drawResidentParams(random: Random): ResidentParams {
  const seriousDeductible = random.pick([10_000, 12_000, 15_000, 18_000, 20_000]);
  // Bands are quoted on the whole yearly amount (10–30k, 30–100k, 100k+); the ladder starts after the deductible.
  const firstLimit = random.pick([30_000, 50_000]);
  const lift = random.pick([0, 0, 500]);
  return {
    deductible: {
      lv3: random.pick([800, 1000, 1200, 1300, 1500]),
      lv2: random.pick([400, 500, 600, 800]),
      lv1: random.pick([100, 150, 200, 300]),
    },
    inpatientBp: {
      lv3: random.pick([6000, 6500, 7000]),
      lv2: random.pick([7500, 8000, 8500]),
      lv1: random.pick([8500, 9000]),
    },
    poolCap: step(100_000, 200_000, 10_000, random),
    seriousDeductible,
    seriousLadder: [
      { upto: firstLimit - seriousDeductible, bp: 6000 + lift },
      { upto: 100_000 - seriousDeductible, bp: 7000 + lift },
      { upto: null, bp: 8000 + lift },
    ],
    seriousCap: step(300_000, 400_000, 50_000, random),
    mafBp: step(6000, 8000, 500, random),
    mafCap: step(20_000, 50_000, 10_000, random),
    chronicDeductible: random.pick([0, 200, 300, 500]),
    chronicBp: random.pick([6000, 6500, 7000]),
    chronicCap: step(3000, 10_000, 1000, random),
    outpatientDeductible: random.pick([0, 50, 100]),
    outpatientBp: random.pick([5000, 5500, 6000]),
    outpatientCap: random.pick([150, 200, 300, 400, 500, 800]),
    offsite: drawOffsite(random),
  };
}

/**
 * A pooling region's demo policies. They depend on the region code only, not on the world's seed, so that
 * what docs/demo-world.md says about a region's parameters stays true whatever the seed.
 */
export function regionPolicies(region: Region): {
  readonly employee: PolicyDoc;
  readonly resident: PolicyDoc;
} {
  const random = createRandom(0x5eed_2026, `policy:${region.admdvs}`);
  return {
    employee: employeePolicy(region, drawEmployeeParams(random)),
    resident: residentPolicy(region, drawResidentParams(random)),
  };
}
