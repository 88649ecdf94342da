// Reads and writes of the national hub: routing table, national filing index, institution directory.
import { PROVINCES } from '../core/regions.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

export interface Route {
  readonly province: string;
  readonly name: string;
  readonly node_id: string;
}

export interface IndexedFiling {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly mdtrtarea_admdvs: string;
  readonly dcla_type: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
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

  /** Records a filing in the national index, or its new state (a cancellation): idempotent, by the filing's id. */
  async indexFiling(filing: IndexedFiling): Promise<void> {
    await this.q(
      `INSERT INTO {s}.filing_index (trt_dcla_detl_sn, psn_no, insutype, insuplc_admdvs, mdtrtarea_admdvs, dcla_type,
         begndate, enddate, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (trt_dcla_detl_sn) DO UPDATE SET psn_no = EXCLUDED.psn_no, insutype = EXCLUDED.insutype,
         insuplc_admdvs = EXCLUDED.insuplc_admdvs, mdtrtarea_admdvs = EXCLUDED.mdtrtarea_admdvs,
         dcla_type = EXCLUDED.dcla_type, begndate = EXCLUDED.begndate, enddate = EXCLUDED.enddate,
         status = EXCLUDED.status`,
      [
        filing.trt_dcla_detl_sn,
        filing.psn_no,
        filing.insutype,
        filing.insuplc_admdvs,
        filing.mdtrtarea_admdvs,
        filing.dcla_type,
        filing.begndate,
        filing.enddate,
        filing.status,
      ],
    );
  }

  /** 1201 医药机构信息获取: networked institutions by code, type and part of the name (at most `limit`). */
  searchInstitutions(filter: { code?: string; type?: string; name?: string }, limit: number): Promise<Row[]> {
    return this.q(
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
