// What the simulator knows of the world: who may be treated where, and what each treatment province bills.
import type {
  CatalogueRow,
  FilingRow,
  InstitutionRow,
  PersonRow,
  PolicyDoc,
  RawDataset,
} from '../core/dataset/schema.ts';
import { isCrossProvince } from '../core/filing/validity.ts';
import { poolingRegionOf, provinceOf } from '../core/regions.ts';
import { addDays, isWithin } from '../core/time.ts';

/** One insured person as the simulator picks them (a person with two insurance types is two of these). */
export interface SimPerson {
  readonly row: PersonRow;
  /** Approved off-site filings: the places where the person may settle directly. */
  readonly filings: readonly FilingRow[];
  /** 医疗类别 the person's policy pays for today: a visit of another category would be refused (no benefit). */
  readonly medTypes: ReadonlySet<string>;
  /** 门诊慢特病 qualifications valid today. */
  readonly chronic: readonly string[];
}

export interface SimWorld {
  readonly persons: readonly SimPerson[];
  /** Persons with at least one approved filing for a place that has institutions in this world. */
  readonly filed: readonly SimPerson[];
  /** Persons with a chronic qualification and such a filing. */
  readonly chronicFiled: readonly SimPerson[];
  /** Institutions by province and by pooling region (a filing names one or the other). */
  readonly byPlace: ReadonlyMap<string, readonly InstitutionRow[]>;
  readonly provinces: readonly string[];
  /** Each treatment province's catalogue rows valid over the simulated days (fee lines must find them). */
  readonly catalogues: ReadonlyMap<string, readonly CatalogueRow[]>;
}

export const isPharmacy = (institution: InstitutionRow): boolean => institution.fixmedins_type === '2';

/** Builds the simulator's view of a dataset, for visits on `fromDay`…`today`. */
export function simWorldOf(raw: RawDataset, fromDay: string, today: string): SimWorld {
  const catalogues = new Map<string, CatalogueRow[]>();
  for (const [province, rows] of Object.entries(raw.catalogues ?? {})) {
    // Only rows that hold over the whole window: a fee line on any simulated day finds the same version.
    const valid = rows.filter((r) => r.begndate <= fromDay && (r.enddate === null || r.enddate >= today));
    if (valid.length > 0) catalogues.set(province, valid);
  }
  const byPlace = new Map<string, InstitutionRow[]>();
  const add = (place: string | undefined, institution: InstitutionRow) => {
    if (place === undefined) return;
    const list = byPlace.get(place) ?? [];
    list.push(institution);
    byPlace.set(place, list);
  };
  for (const institution of raw.institutions ?? []) {
    // A hospital of a province without a catalogue could bill nothing the simulator knows.
    if (!catalogues.has(provinceOf(institution.admdvs))) continue;
    add(provinceOf(institution.admdvs), institution);
    const pooling = poolingRegionOf(institution.admdvs);
    if (pooling !== provinceOf(institution.admdvs)) add(pooling, institution);
  }

  const filingsOf = new Map<string, FilingRow[]>();
  for (const filing of raw.filings ?? []) {
    if (filing.status !== 'approved' || !byPlace.has(filing.mdtrtarea_admdvs)) continue;
    const key = `${filing.psn_no}|${filing.insutype}`;
    filingsOf.set(key, [...(filingsOf.get(key) ?? []), filing]);
  }
  const persons: SimPerson[] = [];
  for (const row of raw.persons ?? []) {
    const medTypes = medTypesOf(raw.policies?.[`${row.insuplc_admdvs}-${row.insutype}`], today);
    // Without a policy today every settlement would be refused: such a person is no traffic.
    if (medTypes.size === 0) continue;
    const filings = (filingsOf.get(`${row.psn_no}|${row.insutype}`) ?? []).filter((f) =>
      isCrossProvince(row.insuplc_admdvs, f.mdtrtarea_admdvs),
    );
    const chronic = (row.chronic ?? [])
      .filter((c) => isWithin(today, c.begndate, c.enddate))
      .map((c) => c.opsp_dise_code);
    persons.push({ row, filings, medTypes, chronic });
  }
  const filed = persons.filter((p) => p.filings.length > 0);
  return {
    persons,
    filed,
    chronicFiled: filed.filter((p) => p.chronic.length > 0 && p.medTypes.has('14')),
    byPlace,
    provinces: [...byPlace.keys()].filter((p) => p === provinceOf(p)),
    catalogues,
  };
}

function medTypesOf(policy: PolicyDoc | readonly PolicyDoc[] | undefined, today: string): Set<string> {
  const versions: readonly PolicyDoc[] =
    policy === undefined ? [] : Array.isArray(policy) ? policy : [policy];
  const current = versions.find((v) => isWithin(today, v.begndate, v.enddate));
  return new Set(current?.benefits.flatMap((b) => b.med_types) ?? []);
}

/** A trimmed copy of a dataset: only the given provinces' institutions, catalogues, insured persons and their rows. */
export function datasetOfProvinces(raw: RawDataset, provinces: readonly string[]): RawDataset {
  const keep = new Set(provinces);
  const persons = (raw.persons ?? []).filter((p) => keep.has(provinceOf(p.insuplc_admdvs)));
  const psnNos = new Set(persons.map((p) => p.psn_no));
  return {
    institutions: (raw.institutions ?? []).filter((i) => keep.has(provinceOf(i.admdvs))),
    catalogues: Object.fromEntries(Object.entries(raw.catalogues ?? {}).filter(([p]) => keep.has(p))),
    policies: Object.fromEntries(
      Object.entries(raw.policies ?? {}).filter(([key]) => keep.has(provinceOf(key.slice(0, 6)))),
    ),
    persons,
    filings: (raw.filings ?? []).filter((f) => psnNos.has(f.psn_no)),
    accumulators: (raw.accumulators ?? []).filter((a) => psnNos.has(a.psn_no)),
  };
}

/**
 * Gives every person insured in `insured` an approved filing for `treatment` where they have none (13 异地长期居住,
 * personal commitment, made on the app 30 days before `today`): a world in which every stay from there to here may
 * settle directly (the fault test and bench:cluster drive such traffic).
 */
export function withFilingsFor(
  raw: RawDataset,
  insured: string,
  treatment: string,
  today: string,
): RawDataset {
  const filed = new Set(
    (raw.filings ?? [])
      .filter((f) => f.status === 'approved' && provinceOf(f.mdtrtarea_admdvs) === treatment)
      .map((f) => `${f.psn_no}|${f.insutype}`),
  );
  const added = (raw.persons ?? [])
    .filter((p) => provinceOf(p.insuplc_admdvs) === insured && !filed.has(`${p.psn_no}|${p.insutype}`))
    .map(
      (p): FilingRow =>
        ({
          trt_dcla_detl_sn: `FT${p.psn_no}${p.insutype}`,
          psn_no: p.psn_no,
          insutype: p.insutype,
          dcla_type: '13',
          mdtrtarea_admdvs: treatment,
          begndate: addDays(today, -30),
          enddate: null,
          dcla_souc: 'app',
          commitment: true,
          status: 'approved',
        }) as FilingRow,
    );
  return { ...raw, filings: [...(raw.filings ?? []), ...added] };
}
