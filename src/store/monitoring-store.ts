// 医疗行为监控 on the treatment node: the province's thresholds document, grouped settlement figures and bounded stay
// rows of cross-province patients.
import type { InstitutionGroup, Stay } from '../core/monitoring/monitoring.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** At most this many stays are read for readmissions and high-cost cases (newest first). */
export const MAX_MONITORED_STAYS = 1_000;

export interface MonitoringRange {
  /** First day of the range, yyyy-MM-dd. */
  readonly since: string;
  /** First day after the range, yyyy-MM-dd. */
  readonly until: string;
  /** Earliest admission read for readmissions (since minus the readmission window). */
  readonly lookback: string;
}

// A cancel record (refd_setl_flag 1) carries negated amounts; setlinfo's yuan are signed by the flag to be safe.
const SIGNED_YUAN = (field: string) =>
  `round(abs(coalesce((s.setlinfo->>'${field}')::numeric, 0)) * 100) * (CASE s.refd_setl_flag WHEN '1' THEN -1 ELSE 1 END)`;

/** The province's thresholds document as written, by whom and when (ISO). */
export interface StoredMonitoringSettings {
  readonly doc: unknown;
  readonly updated_by: string;
  readonly updated_at: string;
}

export class MonitoringStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    private readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /** The thresholds document the agency wrote, or undefined (the defaults). */
  async settings(): Promise<StoredMonitoringSettings | undefined> {
    const [row] = await this.q<Row>(
      'SELECT doc, updated_by, updated_at FROM {s}.monitoring_settings WHERE id',
      [],
    );
    return (
      row && {
        doc: row.doc,
        updated_by: String(row.updated_by),
        updated_at: new Date(row.updated_at as string).toISOString(),
      }
    );
  }

  /** Replaces the document (already validated). */
  async putSettings(doc: unknown, by: string): Promise<void> {
    await this.q(
      `INSERT INTO {s}.monitoring_settings (id, doc, updated_by) VALUES (true, $1::jsonb, $2)
       ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(doc), by],
    );
  }

  /** Settlements of the range per institution × insured province, net of cancels (by setl_time); the whole province. */
  async groups(range: MonitoringRange): Promise<InstitutionGroup[]> {
    const rows = await this.q<Row>(
      `SELECT s.fixmedins_code, i.fixmedins_name, i.pooling_admdvs, substr(s.insuplc_admdvs, 1, 2) || '0000' AS insured_province,
         sum(CASE s.refd_setl_flag WHEN '1' THEN -1 ELSE 1 END)::int AS settlements,
         sum(s.medfee_sumamt_fen)::bigint AS medfee_fen,
         sum(${SIGNED_YUAN('fulamt_ownpay_amt')} + ${SIGNED_YUAN('overlmt_selfpay')} + ${SIGNED_YUAN('preselfpay_amt')})::bigint AS selfpaid_fen,
         coalesce(sum(CASE s.refd_setl_flag WHEN '1' THEN -1 ELSE 1 END) FILTER (WHERE v.inpatient), 0)::int AS inpatient_admissions,
         coalesce(sum(s.medfee_sumamt_fen) FILTER (WHERE v.inpatient), 0)::bigint AS inpatient_medfee_fen
       FROM {s}.settlements s
       JOIN {s}.visits v ON v.mdtrt_id = s.mdtrt_id
       JOIN {s}.institutions i ON i.fixmedins_code = s.fixmedins_code
       WHERE substr(s.insuplc_admdvs, 1, 2) <> $1 AND s.setl_time >= $2 AND s.setl_time < $3
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 4`,
      [this.province.slice(0, 2), range.since, range.until],
    );
    return rows.map((r) => ({
      fixmedins_code: String(r.fixmedins_code),
      fixmedins_name: String(r.fixmedins_name),
      pooling_admdvs: String(r.pooling_admdvs),
      insured_province: String(r.insured_province),
      settlements: Number(r.settlements),
      medfee_fen: Number(r.medfee_fen),
      selfpaid_fen: Number(r.selfpaid_fen),
      inpatient_admissions: Number(r.inpatient_admissions),
      inpatient_medfee_fen: Number(r.inpatient_medfee_fen),
    }));
  }

  /**
   * Inpatient stays of cross-province patients admitted before the end of the range and open or discharged since
   * `lookback` (any institution of the province, so that a readmission elsewhere is seen), not cancelled, with their
   * net settled medfee; newest first, at most MAX_MONITORED_STAYS.
   */
  async stays(range: MonitoringRange): Promise<Stay[]> {
    const rows = await this.q<Row>(
      `SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, i.pooling_admdvs, v.insuplc_admdvs, v.begntime, v.endtime,
         coalesce((SELECT sum(s.medfee_sumamt_fen) FROM {s}.settlements s WHERE s.mdtrt_id = v.mdtrt_id), 0)::bigint AS medfee_fen
       FROM {s}.visits v JOIN {s}.institutions i ON i.fixmedins_code = v.fixmedins_code
       WHERE v.inpatient AND v.status <> 'cancelled' AND substr(v.insuplc_admdvs, 1, 2) <> $1
         AND (v.endtime IS NULL OR v.endtime >= $2) AND v.begntime < $3
       ORDER BY v.begntime DESC, v.mdtrt_id DESC LIMIT $4`,
      [this.province.slice(0, 2), range.lookback, range.until, MAX_MONITORED_STAYS],
    );
    return rows.map((r) => ({
      mdtrt_id: String(r.mdtrt_id),
      psn_no: String(r.psn_no),
      fixmedins_code: String(r.fixmedins_code),
      pooling_admdvs: String(r.pooling_admdvs),
      insuplc_admdvs: String(r.insuplc_admdvs),
      begntime: String(r.begntime),
      endtime: r.endtime === null ? null : String(r.endtime),
      medfee_fen: Number(r.medfee_fen),
    }));
  }
}
