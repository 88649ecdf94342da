// The demo world: a whole dataset (all 31 provinces) generated from a seed, with the story people of docs/demo-world.md.
import type { PolicyDoc, RawDataset } from '../core/dataset/schema.ts';
import { generateStaff } from './accounts.ts';
import { generateAccumulators } from './accumulators.ts';
import { generateCatalogues } from './catalogue.ts';
import { generateFilings } from './filings.ts';
import { poolingAreas } from './geography.ts';
import { generateInstitutions } from './institutions.ts';
import { generatePersons } from './persons.ts';
import { regionPolicies } from './policy-params.ts';
import { generateRegions } from './regions.ts';
import { CASE_CATALOGUE_ROWS, STORY_INSTITUTIONS } from './story.ts';
import { STORY_ACCUMULATORS, STORY_FILINGS, STORY_PERSON_ROWS } from './story-people.ts';
import { STORY_POLICIES } from './story-policies.ts';

export { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from './accounts.ts';
export { CHRONIC_DISEASES } from './chronic.ts';
export { LOCAL_FILING_CHOICES } from './regions.ts';
export { LAOZHANG_POLICY, type StoryPerson } from './story.ts';
export { STORY_PEOPLE } from './story-people.ts';
export { STORY_POLICIES } from './story-policies.ts';

export interface DemoWorldOptions {
  /** PRNG seed; the same seed and options give byte-identical JSON. Default 1. */
  readonly seed?: number;
  /** Number of person rows, story people included. Default 20,000. */
  readonly persons?: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_PERSONS = 20_000;

/** Every pooling region's 310 and 390 policy, the story regions' replaced by their fixed ones. */
function allPolicies(): Record<string, PolicyDoc> {
  const policies: Record<string, PolicyDoc> = {};
  for (const area of poolingAreas()) {
    const { employee, resident } = regionPolicies(area.region);
    const admdvs = area.region.admdvs;
    policies[`${admdvs}-310`] = STORY_POLICIES[`${admdvs}-310`] ?? employee;
    policies[`${admdvs}-390`] = STORY_POLICIES[`${admdvs}-390`] ?? resident;
  }
  return policies;
}

/**
 * Generates the demo world. Pure: no I/O, no clock; each part draws from its own seeded stream, so
 * the number of persons does not change the institutions, catalogues or policies.
 */
export function generateDemoWorld(options: DemoWorldOptions = {}): RawDataset {
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const total = Math.max(options.persons ?? DEFAULT_PERSONS, STORY_PERSON_ROWS.length);
  const policies = allPolicies();
  const generated = generatePersons(seed, total - STORY_PERSON_ROWS.length, {
    psnNos: new Set(STORY_PERSON_ROWS.map((p) => p.psn_no)),
    certnos: new Set(STORY_PERSON_ROWS.map((p) => p.certno)),
    cardNos: new Set(STORY_PERSON_ROWS.flatMap((p) => p.card_no ?? [])),
    cardSns: new Set(STORY_PERSON_ROWS.flatMap((p) => p.card_sn ?? [])),
    ectokens: new Set(STORY_PERSON_ROWS.flatMap((p) => p.ectoken ?? [])),
  });
  return {
    institutions: generateInstitutions(seed, STORY_INSTITUTIONS),
    catalogues: generateCatalogues(seed, CASE_CATALOGUE_ROWS),
    policies,
    persons: [...STORY_PERSON_ROWS, ...generated],
    filings: [
      ...STORY_FILINGS,
      ...generateFilings(seed, generated, new Set(STORY_FILINGS.map((f) => f.trt_dcla_detl_sn))),
    ],
    accumulators: [...STORY_ACCUMULATORS, ...generateAccumulators(seed, generated, policies)],
    regions: generateRegions(),
    staff: generateStaff(),
  };
}
