// Reads and writes of the national hub: routing table, national filing index, institution directory.

import { PROVINCES } from '../core/regions.ts';
import type { Db, Row } from './db.ts';
import { type FilingIndexEvent, indexedFilingParams, UPSERT_INDEXED_FILING } from './filing-events.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

export interface Route {
  readonly province: string;
  readonly name: string;
  readonly node_id: string;
}

/** A filing as the national index holds it. */
export type IndexedFiling = FilingIndexEvent;

export interface InstitutionFilter {
  readonly code?: string;
  readonly type?: string;
  readonly name?: string;
}

/** A networked institution as the national directory lists it (1201). */
export interface DirectoryRow {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly fixmedins_type: string;
  readonly hosp_lv: string | null;
  readonly admdvs: string;
}

export class HubStore {
  constructor(private readonly db: Db) {}

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  /** Records which node serves each of the given provinces (in embedded mode every node is in this process). */
  async setRoutes(provinces: readonly string[], nodeIdOf: (province: string) => string): Promise<void> {
    const rows = PROVINCES.filter((p) => provinces.includes(p.admdvs)).map((p) => ({
      province: p.admdvs,
      name: p.name,
      node_id: nodeIdOf(p.admdvs),
    }));
    await this.q(
      `INSERT INTO {s}.routes (province, name, node_id)
       SELECT province, name, node_id FROM jsonb_to_recordset($1::jsonb) AS r(province text, name text, node_id text)
       ON CONFLICT (province) DO UPDATE SET name = EXCLUDED.name, node_id = EXCLUDED.node_id`,
      [JSON.stringify(rows)],
    );
  }

  routes(): Promise<Route[]> {
    return this.q<Route & Row>('SELECT province, name, node_id FROM {s}.routes ORDER BY province');
  }

  /** The filings of a person that a treatment place can see. */
  filingsOf(psnNo: string): Promise<IndexedFiling[]> {
    return this.q<IndexedFiling & Row>('SELECT * FROM {s}.filing_index WHERE psn_no = $1 ORDER BY begndate', [
      psnNo,
    ]);
  }

  /**
   * Records a filing's new state in the national index unless a newer one is there (idempotent by id and version);
   * answers the place it was for before, so that a treatment place it moved away from hears of it too.
   */
  async indexFiling(filing: FilingIndexEvent): Promise<{ previousPlace: string | null }> {
    // One statement (the consumer takes one event at a time, so nothing races it): the place before, then the upsert.
    const [row] = await this.q<{ previous: string | null }>(
      `WITH before AS (SELECT mdtrtarea_admdvs FROM {s}.filing_index WHERE trt_dcla_detl_sn = $1),
       upserted AS (${UPSERT_INDEXED_FILING.replaceAll('{table}', '{s}.filing_index')} RETURNING 1)
       SELECT (SELECT mdtrtarea_admdvs FROM before) AS previous`,
      indexedFilingParams(filing),
    );
    return { previousPlace: row?.previous ?? null };
  }

  /** 1201 医药机构信息获取: networked institutions by code, type and part of the name (at most `limit`). */
  searchInstitutions(filter: InstitutionFilter, limit: number): Promise<DirectoryRow[]> {
    return this.q<DirectoryRow & Row>(
      `SELECT fixmedins_code, fixmedins_name, fixmedins_type, hosp_lv, admdvs FROM {s}.institution_directory
       WHERE ($1::text IS NULL OR fixmedins_code = $1) AND ($2::text IS NULL OR fixmedins_type = $2)
         AND ($3::text IS NULL OR fixmedins_name LIKE '%' || $3 || '%')
       ORDER BY fixmedins_code LIMIT $4`,
      [filter.code ?? null, filter.type ?? null, filter.name ?? null, limit],
    );
  }

  async counts(): Promise<{ institutions: number; filings: number }> {
    const [row] = await this.q<{ institutions: number; filings: number }>(`SELECT
      (SELECT count(*)::int FROM {s}.institution_directory) AS institutions,
      (SELECT count(*)::int FROM {s}.filing_index) AS filings`);
    return row!;
  }
}
