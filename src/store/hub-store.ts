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

  /** Records which node serves each province (in embedded mode every node is in this process). */
  async setRoutes(nodeIdOf: (province: string) => string): Promise<void> {
    const rows = PROVINCES.map((p) => ({ province: p.admdvs, name: p.name, node_id: nodeIdOf(p.admdvs) }));
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

  async counts(): Promise<{ institutions: number; filings: number }> {
    const [row] = await this.q<{ institutions: number; filings: number }>(`SELECT
      (SELECT count(*)::int FROM {s}.institution_directory) AS institutions,
      (SELECT count(*)::int FROM {s}.filing_index) AS filings`);
    return row!;
  }
}
