// Checks a schema-valid dataset for what a schema cannot say: uniqueness, order, overlaps and references between files.
import { birthDateOf, checkIdNumber, idCheckChar } from '../id-number.ts';
import { parseYuan } from '../money.ts';
import { provinceOf } from '../regions.ts';
import { parseSm2PublicKey } from '../signing/keys.ts';
import { joinPath } from './ajv.ts';
import {
  ACCUMULATORS_FILE,
  CATALOGUE_FILE,
  FILINGS_FILE,
  INSTITUTIONS_FILE,
  PERSONS_FILE,
  POLICY_FILE,
  type Problems,
  REGIONS_FILE,
  STAFF_FILE,
} from './problems.ts';
import type { BenefitDoc, PersonRow, PolicyDoc, RawDataset, Selector } from './schema.ts';

export type Report = (path: string, message: string) => void;

export function checkCrossReferences(
  raw: RawDataset,
  policies: ReadonlyMap<string, readonly PolicyDoc[]>,
  problems: Problems,
): void {
  const report =
    (file: string): Report =>
    (path, message) =>
      problems.add(file, path, message);
  checkInstitutions(raw, report(INSTITUTIONS_FILE));
  for (const [province, rows] of Object.entries(raw.catalogues ?? {})) {
    const at = report(CATALOGUE_FILE(province));
    checkPeriods(rows, (row) => row.hilist_code, 'hilist_code', at);
    rows.forEach((row, i) => {
      if (row.age_min !== undefined && row.age_max !== undefined && row.age_max < row.age_min)
        at(`[${i}].age_max`, `must not be below age_min ${row.age_min}`);
    });
  }
  for (const [key, versions] of policies) checkPolicyFile(key, versions, report(POLICY_FILE(key)));
  const persons = checkPersons(raw, report(PERSONS_FILE));
  checkFilings(raw, persons, report(FILINGS_FILE));
  checkAccumulators(raw, persons, report(ACCUMULATORS_FILE));
  checkUnique(raw.regions ?? [], (r) => r.admdvs, 'admdvs', report(REGIONS_FILE));
  // Usernames are unique across the platform: the console finds an account by its name alone.
  checkUnique(raw.staff ?? [], (s) => s.username, 'username', report(STAFF_FILE));
}

/** Reports the second and later rows that share a key. */
function checkUnique<T>(
  rows: readonly T[],
  keyOf: (row: T) => string | null | undefined,
  field: string,
  report: Report,
  what = field,
): void {
  const first = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = keyOf(row);
    if (key == null) return;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else report(`[${i}].${field}`, `${what} ${key} is listed twice (also at [${seen}])`);
  });
}

interface Period {
  readonly begndate: string;
  readonly enddate: string | null;
}

/** Versions of one key must not overlap; each must end on or after it begins. */
export function checkPeriods<T extends Period>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  what: string,
  report: Report,
  prefix = '',
): void {
  const byKey = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (row.enddate !== null && row.enddate < row.begndate)
      report(`${prefix}[${i}].enddate`, 'must not be before begndate');
    byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), i]);
  });
  for (const [key, indexes] of byKey) {
    const sorted = [...indexes].sort((a, b) => (rows[a]!.begndate < rows[b]!.begndate ? -1 : 1));
    for (let k = 1; k < sorted.length; k++) {
      const previous = rows[sorted[k - 1]!]!;
      const current = rows[sorted[k]!]!;
      if (previous.enddate === null || previous.enddate >= current.begndate) {
        report(
          `${prefix}[${sorted[k]}].begndate`,
          `overlaps the version at ${prefix}[${sorted[k - 1]}] of ${what} ${key}`,
        );
      }
    }
  }
}

function checkInstitutions(raw: RawDataset, report: Report): void {
  checkUnique(raw.institutions ?? [], (row) => row.fixmedins_code, 'fixmedins_code', report);
  (raw.institutions ?? []).forEach((row, i) => {
    if (row.sign_pubkey !== undefined && !parseSm2PublicKey(row.sign_pubkey))
      report(`[${i}].sign_pubkey`, 'must be an SM2 public key, SPKI PEM or its DER in base64');
  });
}

function checkPolicyFile(key: string, versions: readonly PolicyDoc[], report: Report): void {
  const match = /^(\d{6})-(\d{3})$/.exec(key);
  if (!match) {
    report('', 'the file name must be <admdvs>-<insutype>.json, like 130100-310.json');
    return;
  }
  const many = versions.length > 1;
  versions.forEach((doc, i) => {
    const at = many ? `[${i}]` : '';
    if (doc.admdvs !== match[1]) report(joinPath(at, 'admdvs'), `must be ${match[1]} as in the file name`);
    if (doc.insutype !== match[2])
      report(joinPath(at, 'insutype'), `must be ${match[2]} as in the file name`);
    checkPolicy(doc, at, report);
  });
  if (many) checkPeriods(versions, () => key, 'policy', report);
  else if (versions[0]!.enddate !== null && versions[0]!.enddate < versions[0]!.begndate)
    report('enddate', 'must not be before begndate');
}

export function checkPolicy(doc: PolicyDoc, at: string, report: Report): void {
  // The object is built from a list of keys, so TypeBox types it loosely; the schema has checked the shape.
  const offsite = Object.entries(doc.offsite ?? {}) as [string, { minus?: unknown; times?: unknown }][];
  for (const [dclaType, adjustment] of offsite) {
    if ((adjustment.minus === undefined) === (adjustment.times === undefined)) {
      report(joinPath(joinPath(at, 'offsite'), dclaType), 'needs exactly one of minus or times');
    }
  }
  const medTypeOwner = new Map<string, number>();
  doc.benefits.forEach((benefit, b) => {
    const benefitAt = `${joinPath(at, 'benefits')}[${b}]`;
    benefit.med_types.forEach((medType, m) => {
      const owner = medTypeOwner.get(medType);
      if (owner !== undefined)
        report(`${benefitAt}.med_types[${m}]`, `${medType} is already in benefits[${owner}]`);
      else medTypeOwner.set(medType, b);
    });
    checkLayers(benefit, benefitAt, report);
  });
}

function checkLayers(benefit: BenefitDoc, benefitAt: string, report: Report): void {
  const seen: string[] = [];
  const takenOverCap = new Map<string, number>();
  benefit.layers.forEach((layer, l) => {
    const layerAt = `${benefitAt}.layers[${l}]`;
    if (seen.includes(layer.id)) report(`${layerAt}.id`, `${layer.id} is used twice in this benefit`);
    if (layer.basis === 'over_cap') {
      const of = layer.of ?? benefit.layers[0]!.id;
      const field = `${layerAt}.${layer.of === undefined ? 'basis' : 'of'}`;
      if (!seen.includes(of)) report(field, `over_cap needs an earlier layer (${of} is not one)`);
      // Two layers on one over-cap amount would pay it twice.
      else if (takenOverCap.has(of))
        report(field, `the over_cap amount of ${of} is already taken by layers[${takenOverCap.get(of)}]`);
      else takenOverCap.set(of, l);
    } else if (layer.of !== undefined) {
      report(`${layerAt}.of`, 'only a layer with basis over_cap names another layer');
    }
    checkSelector(layer.when, `${layerAt}.when`, report);
    layer.deductible?.rules.forEach((rule, r) => {
      checkSelector(rule.when, `${layerAt}.deductible.rules[${r}].when`, report);
    });
    layer.bands.rules.forEach((rule, r) => {
      const ruleAt = `${layerAt}.bands.rules[${r}]`;
      checkSelector(rule.when, `${ruleAt}.when`, report);
      let previous = 0;
      rule.ladder.forEach((band, k) => {
        const bandAt = `${ruleAt}.ladder[${k}].upto`;
        if (band.upto === null) {
          if (k < rule.ladder.length - 1) report(bandAt, 'only the last band may be open (null)');
          return;
        }
        const upto = yuanToFen(band.upto);
        if (upto <= previous)
          report(bandAt, `must be greater than ${k === 0 ? 0 : String(rule.ladder[k - 1]!.upto)}`);
        previous = upto;
      });
    });
    seen.push(layer.id);
  });
}

function checkSelector(when: Selector | undefined, at: string, report: Report): void {
  if (!when) return;
  if (when.age_min !== undefined && when.age_max !== undefined && when.age_min > when.age_max) {
    report(`${at}.age_max`, `must not be less than age_min ${when.age_min}`);
  }
  if (
    when.admission_min !== undefined &&
    when.admission_max !== undefined &&
    when.admission_min > when.admission_max
  ) {
    report(`${at}.admission_max`, `must not be less than admission_min ${when.admission_min}`);
  }
}

/** A 居民身份证 number must pass GB 11643 and carry the person's birth date. */
export function checkCertno(p: PersonRow, at: string, report: Report): void {
  if (p.psn_cert_type !== '01') return;
  const problem = checkIdNumber(p.certno);
  const certno = joinPath(at, 'certno');
  if (problem === 'shape') report(certno, 'must be 18 characters: 17 digits and a digit or X');
  else if (problem === 'birth-date') report(certno, 'has no valid birth date');
  else if (problem === 'check-digit')
    report(certno, `wrong check digit (expected ${idCheckChar(p.certno.slice(0, 17))})`);
  else if (birthDateOf(p.certno) !== p.brdy)
    report(joinPath(at, 'brdy'), `must be ${birthDateOf(p.certno)} as in certno`);
}

const personKey = (psnNo: string, insutype: string) => `${psnNo}/${insutype}`;

function checkPersons(raw: RawDataset, report: Report): ReadonlySet<string> {
  const persons = raw.persons ?? [];
  checkUnique(persons, (p) => personKey(p.psn_no, p.insutype), 'insutype', report, 'psn_no/insutype');
  const owners = new Map<string, string>();
  // One portal account per person: their insutype rows may leave the hash out, but may not name two.
  const passwordAt = new Map<string, number>();
  // An identifier may repeat across one person's insutype rows, never across two persons.
  const checkOwned = (i: number, field: string, value: string | null | undefined, psnNo: string) => {
    if (value == null) return;
    const key = `${field}:${value}`;
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, psnNo);
    else if (owner !== psnNo) report(`[${i}].${field}`, `${value} also belongs to psn_no ${owner}`);
  };
  persons.forEach((p, i) => {
    checkCertno(p, `[${i}]`, report);
    checkOwned(i, 'certno', `${p.psn_cert_type}/${p.certno}`, p.psn_no);
    checkOwned(i, 'card_sn', p.card_sn, p.psn_no);
    checkOwned(i, 'card_no', p.card_no, p.psn_no);
    checkOwned(i, 'ectoken', p.ectoken, p.psn_no);
    if (p.portal_pwd_hash !== undefined) {
      const first = passwordAt.get(p.psn_no);
      if (first === undefined) passwordAt.set(p.psn_no, i);
      else if (persons[first]!.portal_pwd_hash !== p.portal_pwd_hash)
        report(`[${i}].portal_pwd_hash`, `differs from [${first}] of the same psn_no ${p.psn_no}`);
    }
    p.idet?.forEach((idet, k) => {
      if (idet.endtime !== null && idet.endtime < idet.begntime)
        report(`[${i}].idet[${k}].endtime`, 'must not be before begntime');
    });
    p.chronic?.forEach((c, k) => {
      if (c.enddate !== null && c.enddate < c.begndate)
        report(`[${i}].chronic[${k}].enddate`, 'must not be before begndate');
    });
  });
  return new Set(persons.map((p) => personKey(p.psn_no, p.insutype)));
}

function checkPersonReference(
  persons: ReadonlySet<string>,
  raw: RawDataset,
  i: number,
  psnNo: string,
  insutype: string,
  report: Report,
): void {
  if (raw.persons === undefined) report(`[${i}].psn_no`, 'needs persons.json in the same dataset');
  else if (!persons.has(personKey(psnNo, insutype)))
    report(`[${i}].psn_no`, `no person ${psnNo} with insutype ${insutype} in persons.json`);
}

function checkFilings(raw: RawDataset, persons: ReadonlySet<string>, report: Report): void {
  const filings = raw.filings ?? [];
  checkUnique(filings, (f) => f.trt_dcla_detl_sn, 'trt_dcla_detl_sn', report);
  const insuredPlace = new Map(
    (raw.persons ?? []).map((p) => [personKey(p.psn_no, p.insutype), p.insuplc_admdvs]),
  );
  filings.forEach((f, i) => {
    checkPersonReference(persons, raw, i, f.psn_no, f.insutype, report);
    if (f.enddate !== null && f.enddate < f.begndate) report(`[${i}].enddate`, 'must not be before begndate');
    const home = insuredPlace.get(personKey(f.psn_no, f.insutype));
    if (home !== undefined && provinceOf(home) === provinceOf(f.mdtrtarea_admdvs)) {
      report(
        `[${i}].mdtrtarea_admdvs`,
        `${f.mdtrtarea_admdvs} is in the insured province ${provinceOf(home)}; a cross-province filing names another province`,
      );
    }
  });
}

function checkAccumulators(raw: RawDataset, persons: ReadonlySet<string>, report: Report): void {
  const rows = raw.accumulators ?? [];
  checkUnique(rows, (a) => `${a.psn_no}/${a.insutype}/${a.year}`, 'year', report, 'psn_no/insutype/year');
  rows.forEach((a, i) => {
    checkPersonReference(persons, raw, i, a.psn_no, a.insutype, report);
  });
}

function yuanToFen(value: number | string): number {
  const parsed = parseYuan(value);
  return parsed.ok ? parsed.value : Number.NaN;
}
