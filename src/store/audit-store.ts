// 智能审核 on the treatment node: the province's settings document and the hits referred for review (docs/audit.md).
import type { AuditHit, Severity } from '../core/audit/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/**
 * A stored hit: the engine's hit with the visit, the message (an upload's or a settlement's msgid) and when. At
 * settlement `line_index` is the line's place among the settlement's lines (by fee_ocur_time, feedetl_sn).
 */
export interface AuditHitRecord {
  readonly rule: string;
  readonly severity: Severity;
  readonly mdtrt_id: string;
  readonly fixmedins_code: string;
  /** The institution's pooling region (统筹区). */
  readonly pooling_admdvs: string;
  readonly insuplc_admdvs: string;
  readonly line_index: number;
  readonly feedetl_sn: string;
  readonly explanation: string;
  readonly data: AuditHit['data'];
  readonly msgid: string;
  /** ISO time the upload or settlement was judged. */
  readonly at: string;
}

export interface StoredSettings {
  readonly doc: unknown;
  readonly updated_by: string;
  readonly updated_at: string;
}

export class AuditStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
    on: Queryable = this.db,
  ): Promise<T[]> {
    return on.query<T>(inSchema(this.schema, sql), params);
  }

  /** The settings document the agency wrote, or undefined (national defaults). */
  async settings(): Promise<StoredSettings | undefined> {
    const [row] = await this.q<StoredSettings & Row>(
      'SELECT doc, updated_by, updated_at FROM {s}.audit_settings WHERE id',
    );
    return row && { ...row, updated_at: new Date(row.updated_at).toISOString() };
  }

  /** Replaces the document (already validated). */
  async putSettings(doc: unknown, by: string): Promise<void> {
    await this.q(
      `INSERT INTO {s}.audit_settings (id, doc, updated_by) VALUES (true, $1::jsonb, $2)
       ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(doc), by],
    );
  }

  /** Records hits in the caller's transaction (with the upload's lines); a retried message adds nothing twice. */
  async insertHits(tx: Queryable, hits: readonly AuditHitRecord[]): Promise<void> {
    if (hits.length === 0) return;
    await this.q(
      `INSERT INTO {s}.audit_hits (rule, severity, mdtrt_id, fixmedins_code, pooling_admdvs, insuplc_admdvs, line_index, feedetl_sn,
         explanation, data, msgid, at)
       SELECT rule, severity, mdtrt_id, fixmedins_code, pooling_admdvs, insuplc_admdvs, line_index, feedetl_sn, explanation, data,
         msgid, at
       FROM jsonb_to_recordset($1::jsonb) AS r(rule text, severity text, mdtrt_id text, fixmedins_code text, pooling_admdvs text,
         insuplc_admdvs text, line_index integer, feedetl_sn text, explanation text, data jsonb, msgid text,
         at timestamptz)
       ON CONFLICT (msgid, feedetl_sn, rule) DO NOTHING`,
      [JSON.stringify(hits)],
      tx,
    );
  }

  /** Records hits on their own (a settlement's, after its record): a retried message adds nothing twice. */
  recordHits(hits: readonly AuditHitRecord[]): Promise<void> {
    return this.insertHits(this.db, hits);
  }

  /** The newest hits first, optionally of one severity. */
  async hits(filter: {
    readonly limit: number;
    readonly severity?: Severity;
    /** Only the hits of this pooling region's institutions. */
    readonly pooling_admdvs?: string;
  }): Promise<AuditHitRecord[]> {
    const params: unknown[] = [filter.limit];
    const where: string[] = [];
    if (filter.severity) {
      params.push(filter.severity);
      where.push(`severity = $${params.length}`);
    }
    if (filter.pooling_admdvs) {
      params.push(filter.pooling_admdvs);
      where.push(`pooling_admdvs = $${params.length}`);
    }
    const rows = await this.q<AuditHitRecord & Row>(
      `SELECT rule, severity, mdtrt_id, fixmedins_code, pooling_admdvs, insuplc_admdvs, line_index, feedetl_sn, explanation, data,
         msgid, at FROM {s}.audit_hits ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $1`,
      params,
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }
}
