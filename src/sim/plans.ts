// Who is treated where: a person insured in one province, an institution in another, and why they may settle there.
import type { InstitutionRow } from '../core/dataset/schema.ts';
import { isCrossProvince, isFilingValidFor } from '../core/filing/validity.ts';
import { provinceOf } from '../core/regions.ts';
import type { Random } from '../demo/random.ts';
import { isPharmacy, type SimPerson, type SimWorld } from './world.ts';

export type CycleKind = 'inpatient' | 'outpatient' | 'chronic' | 'pharmacy' | 'unfiled';

export const CYCLE_KINDS: readonly CycleKind[] = [
  'inpatient',
  'outpatient',
  'chronic',
  'pharmacy',
  'unfiled',
];

export interface VisitPlan {
  readonly kind: CycleKind;
  readonly person: SimPerson;
  readonly institution: InstitutionRow;
  readonly medType: string;
  /** An emergency counts as filed (his.md): no filing needed. */
  readonly emergency: boolean;
  /** 门诊慢特病: the disease of the person's qualification. */
  readonly diseCodg?: string;
}

/** How often a visit of a filed person is instead an emergency of anyone, anywhere else. */
const EMERGENCY_SHARE = 0.2;
/** Draws before giving up on a plan (a busy person, a place without the right kind of institution). */
const MAX_DRAWS = 20;

/**
 * A plan for a cycle of the given kind, with a person not in `busy` (two cycles of one person at once would
 * race on their accumulators as no real patient does); undefined when the world has no such visit to offer.
 */
export function planVisit(
  world: SimWorld,
  kind: CycleKind,
  random: Random,
  day: string,
  busy: ReadonlySet<string>,
): VisitPlan | undefined {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const plan = drawPlan(world, kind, random, day);
    if (plan && !busy.has(personKey(plan.person))) return plan;
  }
  return undefined;
}

export const personKey = (person: SimPerson): string => `${person.row.psn_no}|${person.row.insutype}`;

function drawPlan(world: SimWorld, kind: CycleKind, random: Random, day: string): VisitPlan | undefined {
  switch (kind) {
    case 'inpatient':
    case 'outpatient': {
      const inpatient = kind === 'inpatient';
      if (world.filed.length === 0 || random.chance(EMERGENCY_SHARE)) {
        const medType = inpatient ? '24' : '13';
        const person = pickPerson(world.persons, random, medType);
        const province = person && otherProvince(world, person, random);
        const institution = province && pickInstitution(world, province, random, hospitalFor(kind));
        return institution ? { kind, person, institution, medType, emergency: true } : undefined;
      }
      const medType = inpatient ? '21' : '11';
      const person = pickPerson(world.filed, random, medType);
      const institution = person && filedInstitution(world, person, random, day, hospitalFor(kind));
      return institution ? { kind, person, institution, medType, emergency: false } : undefined;
    }
    case 'chronic': {
      const person = pickPerson(world.chronicFiled, random, '14');
      const institution = person && filedInstitution(world, person, random, day, hospitalFor('outpatient'));
      if (!person || !institution) return undefined;
      // Where the hospital lists its 门诊慢特病, the patient goes for one of them; elsewhere for any of theirs.
      const offered = person.chronic.filter((c) => institution.services.chronic?.includes(c));
      const diseCodg = random.pick(offered.length > 0 ? offered : person.chronic);
      return { kind, person, institution, medType: '14', emergency: false, diseCodg };
    }
    case 'pharmacy': {
      const person = pickPerson(world.filed, random, '11');
      const institution = person && filedInstitution(world, person, random, day, isPharmacy);
      if (!person || !institution) return undefined;
      // 41 定点药店购药 where the person's policy pays for it; the demo policies do not, and pay 11 instead.
      return {
        kind,
        person,
        institution,
        medType: person.medTypes.has('41') ? '41' : '11',
        emergency: false,
      };
    }
    case 'unfiled': {
      // A hospital admitting someone without a filing for its place: the platform must refuse it.
      const person = pickPerson(world.persons, random, '21');
      const province = person && otherProvince(world, person, random);
      const institution = province && pickInstitution(world, province, random, hospitalFor('inpatient'));
      if (!person || !institution) return undefined;
      if (person.filings.some((f) => isFilingValidFor(f, institution.admdvs, day))) return undefined;
      return { kind, person, institution, medType: '21', emergency: false };
    }
  }
}

const hospitalFor =
  (kind: 'inpatient' | 'outpatient') =>
  (institution: InstitutionRow): boolean =>
    !isPharmacy(institution) && (kind === 'outpatient' || institution.services.inpatient);

function pickPerson(list: readonly SimPerson[], random: Random, medType: string): SimPerson | undefined {
  if (list.length === 0) return undefined;
  const person = random.pick(list);
  return person.medTypes.has(medType) ? person : undefined;
}

function otherProvince(world: SimWorld, person: SimPerson, random: Random): string | undefined {
  const province = random.pick(world.provinces);
  return isCrossProvince(person.row.insuplc_admdvs, province) ? province : undefined;
}

function pickInstitution(
  world: SimWorld,
  place: string,
  random: Random,
  fits: (institution: InstitutionRow) => boolean,
): InstitutionRow | undefined {
  const candidates = world.byPlace.get(place) ?? [];
  for (let draw = 0; draw < 8 && candidates.length > 0; draw++) {
    const institution = random.pick(candidates);
    if (fits(institution)) return institution;
  }
  return candidates.find(fits);
}

/** An institution of the right kind in the place of one of the person's filings valid on the day. */
function filedInstitution(
  world: SimWorld,
  person: SimPerson,
  random: Random,
  day: string,
  fits: (institution: InstitutionRow) => boolean,
): InstitutionRow | undefined {
  const filing = random.pick(person.filings);
  const institution = pickInstitution(world, filing.mdtrtarea_admdvs, random, fits);
  if (!institution || !isFilingValidFor(filing, institution.admdvs, day)) return undefined;
  return isCrossProvince(person.row.insuplc_admdvs, provinceOf(institution.admdvs)) ? institution : undefined;
}
