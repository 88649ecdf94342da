// 清算事实 of one node, by period and in pages: its hospitals' cross-province settlement and cancel records
// (treatment side) and its benefit decisions and reversals for other provinces' hospitals (insured side).
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export interface TreatmentFactRow {
  readonly setl_id: string;
  readonly decision_key: string;
  readonly refd_setl_flag: '0' | '1';
  readonly insuplc_admdvs: string;
  readonly fixmedins_code: string;
  readonly psn_no: string;
  readonly med_type: string;
  readonly setl_time: string;
  readonly medfee_sumamt_fen: number;
  readonly fund_pay_sumamt_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_pay_fen: number;
  /** setldetail's fund_pay_type and fund_payamt (yuan text) only. */
  readonly funds: readonly { fund_pay_type: string; fund_payamt: string }[];
}

export interface InsuredFactRow {
  readonly decision_key: string;
  readonly kind: 'settle' | 'cancel';
  readonly treatment_admdvs: string;
  readonly psn_no: string;
  /** The settlement's time (a decision) or the cancel's (a reversal), China time text. */
  readonly at: string;
  readonly layers: readonly { fund_pay_type: string; paid_fen: number }[];
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
  readonly hosp_part_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}

export class ClearingFactsStore {
  private readonly schema: string;
  private readonly provinceDigits: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
    this.provinceDigits = province.slice(0, 2);
  }

  /**
   * Settlement and cancel records with setl_time (China time text `yyyy-MM-dd HH:mm:ss`) in [from, to) for other
   * provinces' insured, after the cursor setl_id, in setl_id order.
   */
  treatmentPage(from: string, to: string, after: string, limit: number): Promise<TreatmentFactRow[]> {
    return this.db.query<TreatmentFactRow & Row>(
      inSchema(
        this.schema,
        `SELECT setl_id, decision_key, refd_setl_flag, insuplc_admdvs, fixmedins_code, psn_no, med_type, setl_time,
           medfee_sumamt_fen::bigint AS medfee_sumamt_fen, fund_pay_sumamt_fen::bigint AS fund_pay_sumamt_fen,
           acct_pay_fen::bigint AS acct_pay_fen, psn_cash_pay_fen::bigint AS psn_cash_pay_fen,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('fund_pay_type', d->>'fund_pay_type',
                                                         'fund_payamt', d->>'fund_payamt'))
                     FROM jsonb_array_elements(setldetail) d), '[]'::jsonb) AS funds
         FROM {s}.settlements
         WHERE setl_time >= $1 AND setl_time < $2 AND substr(insuplc_admdvs, 1, 2) <> $3 AND setl_id > $4
         ORDER BY setl_id
         LIMIT $5`,
      ),
      [from, to, this.provinceDigits, after, limit],
    );
  }

  /**
   * Decisions for other provinces' hospitals made in [from, to) (created_at; China time text) — `kind` settle — or
   * reversals made in it (reverted_at) — `kind` cancel — after the cursor decision key, in key order (the primary
   * key's order: the pages of a month walk the table once).
   */
  insuredPage(
    kind: 'settle' | 'cancel',
    from: string,
    to: string,
    after: string,
    limit: number,
  ): Promise<InsuredFactRow[]> {
    // The settlement's (cancel's) own time, as the treatment side stamped it; the database clock for decisions
    // recorded before the insured side kept it (migration 011).
    const at =
      kind === 'settle'
        ? "COALESCE(setl_time, to_char(created_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'))"
        : "COALESCE(reverted_time, to_char(reverted_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'))";
    const when = `${kind === 'settle' ? "status IN ('decided', 'reverted')" : "status = 'reverted'"} AND ${at} >= $1 AND ${at} < $2`;
    return this.db.query<InsuredFactRow & Row>(
      inSchema(
        this.schema,
        `SELECT decision_key, '${kind}' AS kind, treatment_admdvs, psn_no,
           ${at} AS at,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('fund_pay_type', l->>'fund_pay_type',
                                                         'paid_fen', (l->>'paid_fen')::bigint))
                     FROM jsonb_array_elements(decision->'layers') l), '[]'::jsonb) AS layers,
           (decision->>'fund_pay_fen')::bigint AS fund_pay_fen,
           (decision->>'psn_part_fen')::bigint AS psn_part_fen,
           (decision->>'hosp_part_fen')::bigint AS hosp_part_fen,
           COALESCE((decision->'account'->>'paid_fen')::bigint, 0) AS acct_pay_fen,
           (decision->>'psn_cash_fen')::bigint AS psn_cash_fen
         FROM {s}.benefit_decisions
         WHERE ${when} AND substr(treatment_admdvs, 1, 2) <> $3 AND decision_key > $4
         ORDER BY decision_key
         LIMIT $5`,
      ),
      [from, to, this.provinceDigits, after, limit],
    );
  }
}
