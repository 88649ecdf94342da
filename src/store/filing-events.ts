// The filing event every approval, change or cancel writes to the outbox, and where the hub and treatment node keep it.
import type { Queryable } from './db.ts';
import { inSchema } from './migrate.ts';

/** A filing as the national index and the treatment place's copy hold it; `version` orders its states. */
export interface FilingIndexEvent {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly mdtrtarea_admdvs: string;
  readonly dcla_type: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
  readonly version: number;
}

/** Id of the event of one version of a filing: a retried write or a redelivery is the same event. */
export const filingEventId = (sn: string, version: number): string => `filing:${sn}:v${version}`;

/** Writes the outbox event of the filing's current version, inside the caller's transaction, in one statement. */
export async function announceFiling(
  tx: Queryable,
  schema: string,
  subject: string,
  sn: string,
): Promise<void> {
  await tx.query(
    inSchema(
      schema,
      `INSERT INTO {s}.outbox (event_id, subject, data)
       SELECT 'filing:' || f.trt_dcla_detl_sn || ':v' || f.version, $2,
         jsonb_build_object('trt_dcla_detl_sn', f.trt_dcla_detl_sn, 'psn_no', f.psn_no, 'insutype', f.insutype,
           'insuplc_admdvs', p.insuplc_admdvs, 'mdtrtarea_admdvs', f.mdtrtarea_admdvs, 'dcla_type', f.dcla_type,
           'begndate', to_char(f.begndate, 'YYYY-MM-DD'), 'enddate', to_char(f.enddate, 'YYYY-MM-DD'),
           'status', f.status, 'version', f.version)
       FROM {s}.filings f JOIN {s}.persons p USING (psn_no, insutype) WHERE f.trt_dcla_detl_sn = $1
       ON CONFLICT (event_id) DO NOTHING`,
    ),
    [sn, subject],
  );
}

/** The upsert of a filing state into `{table}` (the hub's filing_index, a node's offsite_filings), newest version kept. */
export const UPSERT_INDEXED_FILING = `INSERT INTO {table} (trt_dcla_detl_sn, psn_no, insutype, insuplc_admdvs,
    mdtrtarea_admdvs, dcla_type, begndate, enddate, status, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (trt_dcla_detl_sn) DO UPDATE SET psn_no = EXCLUDED.psn_no, insutype = EXCLUDED.insutype,
    insuplc_admdvs = EXCLUDED.insuplc_admdvs, mdtrtarea_admdvs = EXCLUDED.mdtrtarea_admdvs,
    dcla_type = EXCLUDED.dcla_type, begndate = EXCLUDED.begndate, enddate = EXCLUDED.enddate,
    status = EXCLUDED.status, version = EXCLUDED.version
  WHERE {table}.version < EXCLUDED.version`;

export const indexedFilingParams = (f: FilingIndexEvent): unknown[] => [
  f.trt_dcla_detl_sn,
  f.psn_no,
  f.insutype,
  f.insuplc_admdvs,
  f.mdtrtarea_admdvs,
  f.dcla_type,
  f.begndate,
  f.enddate,
  f.status,
  f.version,
];

/**
 * Upserts a filing state into a table of the index's shape, keeping the newest version: an older event delivered late
 * changes nothing.
 */
export async function upsertIndexedFiling(
  q: Queryable,
  schema: string,
  table: 'filing_index' | 'offsite_filings',
  f: FilingIndexEvent,
): Promise<void> {
  await q.query(
    inSchema(schema, UPSERT_INDEXED_FILING.replaceAll('{table}', `{s}.${table}`)),
    indexedFilingParams(f),
  );
}
