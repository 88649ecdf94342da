// The insured side of orphan-decision reconciliation: decisions to ask the treatment side about, and the report.
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** A decision no treatment node has yet confirmed a settlement for. */
export interface UnverifiedDecision {
  readonly decision_key: string;
  readonly psn_no: string;
  readonly insutype: string;
  /** The person's pooling region (the revert's routing field). */
  readonly insuplc_admdvs: string;
  readonly treatment_admdvs: string;
  readonly mdtrt_id: string | null;
  readonly setl_time: string | null;
}

/** One row of orphan_reversals: a decision reverted because the treatment side had no settlement for it. */
export interface OrphanReversal {
  readonly decision_key: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly treatment_admdvs: string;
  readonly mdtrt_id: string | null;
  readonly setl_time: string | null;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
  /** When the insured node made the decision, and when reconciliation found it without a settlement. */
  readonly decided_at: string;
  readonly detected_at: string;
  /** The reversal's time as clearing dates it (China time text). */
  readonly reverted_time: string;
  readonly reason: string;
}

export class OrphanStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private sql(text: string): string {
    return inSchema(this.schema, text);
  }

  /**
   * Decisions still standing and not verified, made before `before`, oldest first, at most `perProvince` for each
   * treatment province: a backlog (after an outage) drains over rounds, and a province that does not answer does
   * not hold up the others.
   */
  unverified(before: Date, perProvince: number): Promise<UnverifiedDecision[]> {
    return this.db.query<UnverifiedDecision & Row>(
      this.sql(`SELECT decision_key, psn_no, insutype, insuplc_admdvs, treatment_admdvs, mdtrt_id, setl_time
         FROM (SELECT d.decision_key, d.psn_no, d.insutype, p.insuplc_admdvs, d.treatment_admdvs, d.mdtrt_id,
                      d.setl_time, d.created_at,
                      row_number() OVER (PARTITION BY substr(d.treatment_admdvs, 1, 2) ORDER BY d.created_at) AS n
               FROM {s}.benefit_decisions d
               JOIN {s}.persons p ON p.psn_no = d.psn_no AND p.insutype = d.insutype
               WHERE d.status = 'decided' AND d.verified_at IS NULL AND d.created_at < $1) x
         WHERE n <= $2
         ORDER BY created_at, decision_key`),
      [before.toISOString(), perProvince],
    );
  }

  /** The treatment side has a settlement for these: they are not asked about again. */
  async markVerified(keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query(
      this.sql(
        'UPDATE {s}.benefit_decisions SET verified_at = $2 WHERE decision_key = ANY($1::text[]) AND verified_at IS NULL',
      ),
      [keys, at.toISOString()],
    );
  }

  /** The report, newest first; `since` keeps the reversals detected from then on. */
  reversals(options: { readonly since?: Date; readonly limit?: number } = {}): Promise<OrphanReversal[]> {
    return this.db.query<OrphanReversal & Row>(
      this.sql(`SELECT decision_key, psn_no, insutype, insuplc_admdvs, treatment_admdvs, mdtrt_id, setl_time,
                medfee_fen, fund_pay_fen, acct_pay_fen, psn_cash_fen,
                to_char(decided_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS') AS decided_at,
                to_char(detected_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS') AS detected_at,
                reverted_time, reason
         FROM {s}.orphan_reversals WHERE detected_at >= $1
         ORDER BY detected_at DESC, decision_key LIMIT $2`),
      [(options.since ?? new Date(0)).toISOString(), options.limit ?? 1_000],
    );
  }
}
