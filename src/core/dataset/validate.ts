// Validates a whole dataset before anything is written: every problem as `file: json.path: reason`.
import type { SchemaObject, ValidateFunction } from 'ajv';
import { normalizeChrgitmLv } from '../dictionaries.ts';
import { parseRatio, parseYuan } from '../money.ts';
import { poolingRegionOf, provinceOf, regionOf } from '../regions.ts';
import { LEGACY_ROLES } from '../staff-roles.ts';
import { compile, describeError } from './ajv.ts';
import { checkCrossReferences } from './checks.ts';
import type { CatalogueItem, Dataset, PortalAccount } from './model.ts';
import {
  ACCUMULATORS_FILE,
  CATALOGUE_FILE,
  FILINGS_FILE,
  INSTITUTIONS_FILE,
  PERSONS_FILE,
  POLICY_FILE,
  Problems,
  REGIONS_FILE,
  STAFF_FILE,
} from './problems.ts';
import {
  AccumulatorsFileSchema,
  CatalogueFileSchema,
  type CatalogueRow,
  FilingsFileSchema,
  InstitutionsFileSchema,
  PersonsFileSchema,
  type PolicyDoc,
  PolicySchema,
  type RawDataset,
  RegionsFileSchema,
  StaffFileSchema,
} from './schema.ts';

export type ValidationResult =
  | { readonly ok: true; readonly dataset: Dataset }
  | { readonly ok: false; readonly problems: readonly string[] };

const validators = new Map<SchemaObject, ValidateFunction>();

/** Checks data against a schema (compiled once); reports each problem with its path under `prefix`. */
export function checkSchema(
  schema: SchemaObject,
  data: unknown,
  prefix: string,
  report: (path: string, message: string) => void,
): boolean {
  let validate = validators.get(schema);
  if (!validate) {
    validate = compile(schema);
    validators.set(schema, validate);
  }
  if (validate(data)) return true;
  for (const error of validate.errors ?? []) {
    const { path, message } = describeError(error);
    report(
      path === '' ? prefix : path.startsWith('[') || prefix === '' ? prefix + path : `${prefix}.${path}`,
      message,
    );
  }
  return false;
}

function schemaCheck(
  problems: Problems,
  file: string,
  schema: SchemaObject,
  data: unknown,
  prefix = '',
): boolean {
  return checkSchema(schema, data, prefix, (path, message) => problems.add(file, path, message));
}

/** Validates every file, then the references between them; converts to fen/bp only when all is well. */
export function validateDataset(raw: RawDataset): ValidationResult {
  const problems = new Problems();
  // Files are checked in the order dataset.md lists them, so that problems read in that order too.
  const valid = {
    institutions:
      raw.institutions === undefined ||
      schemaCheck(problems, INSTITUTIONS_FILE, InstitutionsFileSchema, raw.institutions),
    catalogues: true,
    policies: true,
    persons: true,
    filings: true,
    accumulators: true,
    regions: true,
    staff: true,
  };
  for (const [province, rows] of Object.entries(raw.catalogues ?? {})) {
    const file = CATALOGUE_FILE(province);
    if (regionOf(province)?.level !== 'province') {
      problems.add(file, '', 'the file name must be a province code XX0000');
      valid.catalogues = false;
    }
    valid.catalogues = schemaCheck(problems, file, CatalogueFileSchema, rows) && valid.catalogues;
  }
  const policyVersions = new Map<string, readonly PolicyDoc[]>();
  for (const [key, content] of Object.entries(raw.policies ?? {})) {
    const file = POLICY_FILE(key);
    const versions = Array.isArray(content) ? content : [content];
    if (versions.length === 0)
      problems.add(file, '', 'must hold a policy object or a non-empty list of them');
    let fileValid = versions.length > 0;
    versions.forEach((doc, i) => {
      fileValid =
        schemaCheck(problems, file, PolicySchema, doc, Array.isArray(content) ? `[${i}]` : '') && fileValid;
    });
    if (fileValid) policyVersions.set(key, versions);
    else valid.policies = false;
  }
  valid.persons =
    raw.persons === undefined || schemaCheck(problems, PERSONS_FILE, PersonsFileSchema, raw.persons);
  valid.filings =
    raw.filings === undefined || schemaCheck(problems, FILINGS_FILE, FilingsFileSchema, raw.filings);
  valid.accumulators =
    raw.accumulators === undefined ||
    schemaCheck(problems, ACCUMULATORS_FILE, AccumulatorsFileSchema, raw.accumulators);
  valid.regions =
    raw.regions === undefined || schemaCheck(problems, REGIONS_FILE, RegionsFileSchema, raw.regions);
  valid.staff = raw.staff === undefined || schemaCheck(problems, STAFF_FILE, StaffFileSchema, raw.staff);
  if (Object.values(valid).every(Boolean)) checkCrossReferences(raw, policyVersions, problems);
  if (problems.count > 0) return { ok: false, problems: problems.lines };
  return { ok: true, dataset: toDataset(raw, policyVersions) };
}

const fen = (value: unknown): number => {
  const parsed = parseYuan(value);
  if (!parsed.ok) throw new Error('validated money did not parse');
  return parsed.value;
};
const bp = (value: unknown): number => {
  const parsed = parseRatio(value);
  if (!parsed.ok) throw new Error('validated ratio did not parse');
  return parsed.value;
};

/** A validated catalogue row in fen and basis points, 丙/乙/甲 normalised to 03/02/01. */
export function toCatalogueItem(province: string, row: CatalogueRow): CatalogueItem {
  return {
    province,
    hilist_code: row.hilist_code,
    hilist_name: row.hilist_name,
    list_type: row.list_type,
    med_chrgitm_type: row.med_chrgitm_type,
    chrgitm_lv: normalizeChrgitmLv(row.chrgitm_lv)!,
    selfpay_prop_bp: row.selfpay_prop == null ? 0 : bp(row.selfpay_prop),
    pric_uplmt_fen: row.pric_uplmt_amt == null ? null : fen(row.pric_uplmt_amt),
    lmt_used_flag: row.lmt_used_flag,
    begndate: row.begndate,
    enddate: row.enddate,
    // Only when present, so that an item of a catalogue without restrictions stays as it was.
    ...(row.gend_lmt !== undefined && { gend_lmt: row.gend_lmt }),
    ...(row.age_min !== undefined && { age_min: row.age_min }),
    ...(row.age_max !== undefined && { age_max: row.age_max }),
    ...(row.daily_once !== undefined && { daily_once: row.daily_once }),
  };
}

function toDataset(raw: RawDataset, policyVersions: ReadonlyMap<string, readonly PolicyDoc[]>): Dataset {
  return {
    institutions: (raw.institutions ?? []).map(({ sign_pubkey: _, sign_secret: __, ...row }) => ({
      ...row,
      pooling_admdvs: poolingRegionOf(row.admdvs)!,
      province: provinceOf(row.admdvs),
    })),
    institutionKeys: (raw.institutions ?? []).flatMap((row) =>
      row.sign_pubkey === undefined && row.sign_secret === undefined
        ? []
        : [
            {
              fixmedins_code: row.fixmedins_code,
              province: provinceOf(row.admdvs),
              sign_pubkey: row.sign_pubkey ?? null,
              sign_secret: row.sign_secret ?? null,
            },
          ],
    ),
    catalogue: Object.entries(raw.catalogues ?? {}).flatMap(([province, rows]) =>
      rows.map((row) => toCatalogueItem(province, row)),
    ),
    policies: [...policyVersions.values()].flatMap((versions) =>
      versions.map((doc) => ({
        admdvs: doc.admdvs,
        insutype: doc.insutype,
        name: doc.name,
        begndate: doc.begndate,
        enddate: doc.enddate,
        doc,
      })),
    ),
    persons: (raw.persons ?? []).map(({ acct_balc, portal_pwd_hash: _, ...row }) => ({
      ...row,
      acct_balc_fen: fen(acct_balc),
    })),
    filings: raw.filings ?? [],
    accumulators: (raw.accumulators ?? []).map((row) => ({
      psn_no: row.psn_no,
      insutype: row.insutype,
      year: row.year,
      admissions: row.admissions,
      counters_fen: Object.fromEntries(
        Object.entries(row.counters).map(([name, value]) => [name, fen(value)]),
      ),
    })),
    portalAccounts: portalAccountsOf(raw),
    regions: (raw.regions ?? []).map((row) => ({
      admdvs: row.admdvs,
      province: provinceOf(row.admdvs),
      agency: row.agency
        ? {
            name: row.agency.name,
            tel: row.agency.tel ?? null,
            addr: row.agency.addr ?? null,
            hours: row.agency.hours ?? null,
          }
        : null,
      filing: row.filing ?? {},
    })),
    staff: (raw.staff ?? []).map((row) => ({
      ...row,
      province: provinceOf(row.scope_admdvs),
      roles: row.roles ?? LEGACY_ROLES,
    })),
  };
}

/** One account per person (their insutype rows agree, checks.ts made sure), for the node of their insured province. */
function portalAccountsOf(raw: RawDataset): PortalAccount[] {
  const accounts = new Map<string, PortalAccount>();
  for (const p of raw.persons ?? []) {
    if (p.portal_pwd_hash === undefined || accounts.has(p.psn_no)) continue;
    accounts.set(p.psn_no, {
      psn_no: p.psn_no,
      province: provinceOf(p.insuplc_admdvs),
      pwd_hash: p.portal_pwd_hash,
    });
  }
  return [...accounts.values()];
}
