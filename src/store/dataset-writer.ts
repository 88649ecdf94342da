// Writes a validated dataset into the nodes that own each part, all in one transaction.
import type { Dataset } from '../core/dataset/model.ts';
import { provinceOf } from '../core/regions.ts';
import type { Db, Queryable } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA, nodeSchema } from './schemas.ts';
import { type TableShape, upsertRows } from './upsert.ts';

const INSTITUTIONS: TableShape = {
  table: 'institutions',
  key: ['fixmedins_code'],
  columns: {
    fixmedins_code: 'text',
    fixmedins_name: 'text',
    fixmedins_type: 'text',
    hosp_lv: 'text',
    admdvs: 'text',
    pooling_admdvs: 'text',
    services: 'jsonb',
    addr: 'text',
    tel: 'text',
  },
};
const DIRECTORY: TableShape = {
  table: 'institution_directory',
  key: ['fixmedins_code'],
  columns: { ...INSTITUTIONS.columns, province: 'text' },
};
const CATALOGUE: TableShape = {
  table: 'catalogue_items',
  key: ['hilist_code', 'begndate'],
  columns: {
    hilist_code: 'text',
    begndate: 'date',
    enddate: 'date',
    hilist_name: 'text',
    list_type: 'text',
    med_chrgitm_type: 'text',
    chrgitm_lv: 'text',
    selfpay_prop_bp: 'integer',
    pric_uplmt_fen: 'bigint',
    lmt_used_flag: 'text',
    // Optional restrictions for the audit rules (docs/audit.md); absent in the file = NULL.
    gend_lmt: 'text',
    age_min: 'integer',
    age_max: 'integer',
    daily_once: 'boolean',
  },
};
const POLICIES: TableShape = {
  table: 'policies',
  key: ['admdvs', 'insutype', 'begndate'],
  columns: {
    admdvs: 'text',
    insutype: 'text',
    begndate: 'date',
    enddate: 'date',
    name: 'text',
    doc: 'jsonb',
  },
};
const PERSONS: TableShape = {
  table: 'persons',
  key: ['psn_no', 'insutype'],
  columns: {
    psn_no: 'text',
    insutype: 'text',
    psn_cert_type: 'text',
    certno: 'text',
    psn_name: 'text',
    gend: 'text',
    brdy: 'date',
    naty: 'text',
    insuplc_admdvs: 'text',
    psn_type: 'text',
    psn_insu_stas: 'text',
    psn_insu_date: 'date',
    cvlserv_flag: 'text',
    emp_name: 'text',
    acct_balc_fen: 'bigint',
    card_sn: 'text',
    card_no: 'text',
    ectoken: 'text',
    idet: 'jsonb',
    chronic: 'jsonb',
  },
};
const FILINGS: TableShape = {
  table: 'filings',
  key: ['trt_dcla_detl_sn'],
  columns: {
    trt_dcla_detl_sn: 'text',
    psn_no: 'text',
    insutype: 'text',
    dcla_type: 'text',
    mdtrtarea_admdvs: 'text',
    begndate: 'date',
    enddate: 'date',
    dcla_souc: 'text',
    commitment: 'boolean',
    status: 'text',
  },
};
const FILING_INDEX: TableShape = {
  table: 'filing_index',
  key: ['trt_dcla_detl_sn'],
  columns: {
    trt_dcla_detl_sn: 'text',
    psn_no: 'text',
    insutype: 'text',
    insuplc_admdvs: 'text',
    mdtrtarea_admdvs: 'text',
    dcla_type: 'text',
    begndate: 'date',
    enddate: 'date',
    status: 'text',
  },
};
const OFFSITE_FILINGS: TableShape = { ...FILING_INDEX, table: 'offsite_filings' };
const ACCUMULATORS: TableShape = {
  table: 'accumulators',
  key: ['psn_no', 'insutype', 'year'],
  columns: { psn_no: 'text', insutype: 'text', year: 'integer', admissions: 'integer', counters: 'jsonb' },
};

const INSTITUTION_KEYS: TableShape = {
  table: 'institution_keys',
  key: ['fixmedins_code'],
  columns: { fixmedins_code: 'text', sign_pubkey: 'text', sign_secret: 'text', updated_by: 'text' },
};
const PORTAL_ACCOUNTS: TableShape = {
  table: 'portal_accounts',
  key: ['psn_no'],
  columns: { psn_no: 'text', pwd_hash: 'text' },
};
const REGION_SETTINGS: TableShape = {
  table: 'region_settings',
  key: ['admdvs'],
  columns: { admdvs: 'text', agency: 'jsonb', filing: 'jsonb' },
};
const AGENCY_DIRECTORY: TableShape = {
  table: 'agency_directory',
  key: ['admdvs'],
  columns: { admdvs: 'text', province: 'text', name: 'text', tel: 'text', addr: 'text', hours: 'text' },
};
const STAFF_ACCOUNTS: TableShape = {
  table: 'staff_accounts',
  key: ['username'],
  columns: { username: 'text', name: 'text', scope_admdvs: 'text', pwd_hash: 'text', roles: 'jsonb' },
};

export interface LoadSummary {
  readonly institutions: number;
  readonly catalogueItems: number;
  readonly policies: number;
  readonly persons: number;
  readonly filings: number;
  readonly accumulators: number;
  readonly portalAccounts: number;
  readonly regions: number;
  readonly staff: number;
}

const groupBy = <T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
};

/**
 * Which schemas of a dataset this database holds: all of them (the embedded platform), or in cluster mode the hub's
 * (directory, filing index, agencies) or one node's (its province's data) — each process loads only its own part.
 */
export interface DatasetScope {
  readonly hub: boolean;
  /** The provinces whose node schemas this database holds; undefined: every province. */
  readonly provinces?: readonly string[];
}

/**
 * A catalogue file and a policy file are complete: they replace what their province (or pooling region and
 * insurance type) had. Institutions, persons, filings and accumulators are upserted by their keys.
 */
export async function writeDataset(
  db: Db,
  dataset: Dataset,
  scope: DatasetScope = { hub: true },
): Promise<LoadSummary> {
  const inScope = (schema: string) =>
    schema === HUB_SCHEMA
      ? scope.hub
      : !scope.provinces || scope.provinces.some((p) => nodeSchema(p) === schema);
  const insuredPlace = new Map(dataset.persons.map((p) => [`${p.psn_no}/${p.insutype}`, p.insuplc_admdvs]));
  const insuredProvince = (row: { psn_no: string; insutype: string }) =>
    provinceOf(insuredPlace.get(`${row.psn_no}/${row.insutype}`)!);
  await db.transaction(async (tx) => {
    await upsert(tx, inScope, HUB_SCHEMA, DIRECTORY, dataset.institutions);
    for (const [province, rows] of groupBy(dataset.institutions, (i) => i.province)) {
      await upsert(tx, inScope, nodeSchema(province), INSTITUTIONS, rows);
    }
    // Signing keys go to their own table of the institution's node, never to the hub's directory.
    for (const [province, rows] of groupBy(dataset.institutionKeys, (k) => k.province)) {
      const keys = rows.map((k) => ({ ...k, updated_by: 'dataset' }));
      await upsert(tx, inScope, nodeSchema(province), INSTITUTION_KEYS, keys);
    }
    for (const [province, rows] of groupBy(dataset.catalogue, (c) => c.province)) {
      await scopedQuery(tx, inScope, nodeSchema(province), 'DELETE FROM {s}.catalogue_items');
      await upsert(tx, inScope, nodeSchema(province), CATALOGUE, rows);
    }
    for (const [province, rows] of groupBy(dataset.policies, (p) => provinceOf(p.admdvs))) {
      const files = [...new Set(rows.map((p) => `${p.admdvs}-${p.insutype}`))];
      await scopedQuery(
        tx,
        inScope,
        nodeSchema(province),
        "DELETE FROM {s}.policies WHERE admdvs || '-' || insutype = ANY($1)",
        [files],
      );
      await upsert(tx, inScope, nodeSchema(province), POLICIES, rows);
    }
    for (const [province, rows] of groupBy(dataset.persons, (p) => provinceOf(p.insuplc_admdvs))) {
      const persons = rows.map((p) => ({ ...p, idet: p.idet ?? [], chronic: p.chronic ?? [] }));
      await upsert(tx, inScope, nodeSchema(province), PERSONS, persons);
    }
    const indexed = dataset.filings.map((f) => ({
      ...f,
      insuplc_admdvs: insuredPlace.get(`${f.psn_no}/${f.insutype}`),
    }));
    await upsert(tx, inScope, HUB_SCHEMA, FILING_INDEX, indexed);
    // The treatment place's copy, as the hub would pass each filing on; a province this database serves no node of
    // (a partial platform) has only the national index.
    const served = new Set(
      (
        await tx.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'node\\_%'")
      ).map((r) => r.nspname),
    );
    for (const [province, rows] of groupBy(indexed, (f) => provinceOf(f.mdtrtarea_admdvs))) {
      if (served.has(nodeSchema(province)))
        await upsert(tx, inScope, nodeSchema(province), OFFSITE_FILINGS, rows);
    }
    for (const [province, rows] of groupBy(dataset.filings, insuredProvince)) {
      await upsert(tx, inScope, nodeSchema(province), FILINGS, rows);
    }
    for (const [province, rows] of groupBy(dataset.accumulators, insuredProvince)) {
      await upsert(
        tx,
        inScope,
        nodeSchema(province),
        ACCUMULATORS,
        rows.map((a) => ({ ...a, counters: a.counters_fen })),
      );
    }
    // Password hashes go to their own table, never into persons (person rows travel over the bus).
    for (const [province, rows] of groupBy(dataset.portalAccounts, (a) => a.province)) {
      await upsert(tx, inScope, nodeSchema(province), PORTAL_ACCOUNTS, rows);
    }
    await writeRegions(tx, dataset, inScope);
    for (const [province, rows] of groupBy(dataset.staff, (a) => a.province)) {
      await upsert(tx, inScope, nodeSchema(province), STAFF_ACCOUNTS, rows);
    }
  });
  return {
    institutions: dataset.institutions.length,
    catalogueItems: dataset.catalogue.length,
    policies: dataset.policies.length,
    persons: dataset.persons.length,
    filings: dataset.filings.length,
    accumulators: dataset.accumulators.length,
    portalAccounts: dataset.portalAccounts.length,
    regions: dataset.regions.length,
    staff: dataset.staff.length,
  };
}

/**
 * A row of regions.json is the region's whole settings: the node keeps them (region_settings) and the hub lists the
 * agency for the public (agency_directory); a region listed without an agency leaves that directory.
 */
async function writeRegions(
  tx: Queryable,
  dataset: Dataset,
  inScope: (schema: string) => boolean,
): Promise<void> {
  for (const [province, rows] of groupBy(dataset.regions, (r) => r.province)) {
    await upsert(tx, inScope, nodeSchema(province), REGION_SETTINGS, rows);
  }
  const listed = dataset.regions.flatMap((r) =>
    r.agency ? [{ ...r.agency, admdvs: r.admdvs, province: r.province }] : [],
  );
  await upsert(tx, inScope, HUB_SCHEMA, AGENCY_DIRECTORY, listed);
  const unlisted = dataset.regions.filter((r) => !r.agency).map((r) => r.admdvs);
  if (unlisted.length > 0)
    await scopedQuery(tx, inScope, HUB_SCHEMA, 'DELETE FROM {s}.agency_directory WHERE admdvs = ANY($1)', [
      unlisted,
    ]);
}

type InScope = (schema: string) => boolean;

/** Upserts into a schema this database holds; rows for another process's schema are left to that process. */
const upsert = (
  tx: Queryable,
  inScope: InScope,
  schema: string,
  shape: TableShape,
  rows: readonly object[],
) => (inScope(schema) ? upsertRows(tx, schema, shape, rows) : Promise.resolve());

const scopedQuery = (tx: Queryable, inScope: InScope, schema: string, sql: string, params?: unknown[]) =>
  inScope(schema) ? tx.query(inSchema(schema, sql), params) : Promise.resolve([]);
