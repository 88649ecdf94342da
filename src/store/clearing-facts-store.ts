// 清算事实 of one node, for a period: its hospitals' cross-province settlement and cancel records (treatment side) and
// its benefit decisions and reversals for other provinces' hospitals (insured side) — summed per group, per bucket of
// the groups asked, or record by record for the buckets asked. Each side reads one index-only range scan (migration
// 012); the digests are computed by the database from the records themselves.
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** A group of records (see core/clearing/digest.ts); `counterpart` is the other province's two digits. */
export interface GroupRow {
  readonly counterpart: string;
  readonly fixmedins_code: string;
  /** '0' settle, '1' cancel (refd_setl_flag). */
  readonly flag: '0' | '1';
  readonly fund_types: string;
  readonly count: number;
  readonly hash: string;
}

export interface TreatmentGroupRow extends GroupRow {
  readonly medfee_fen: number;
  readonly fund_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
  /** Sums of the fund amounts by slot, in the order of fund_types. */
  readonly slots: readonly number[];
}

export interface CellRow extends GroupRow {
  readonly bucket: number;
}

/** A group asked for, by the same fields. */
export type GroupFilter = Pick<GroupRow, 'counterpart' | 'fixmedins_code' | 'flag' | 'fund_types'>;
export type CellFilter = GroupFilter & { readonly bucket: number };

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
  readonly flag: '0' | '1';
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

/** Fund slots summed in the first pass; a group with more fund types gets the rest in a second, narrower one. */
const SLOTS = 3;

const slotColumns = (n: number) =>
  Array.from({ length: n }, (_, k) => `sum(clearing_fund_amounts[${k + 1}])::bigint AS s${k}`).join(', ');

// Both sides' records as (counterpart, hospital, flag, fund types, bucket, hash) in the window: the insured side's
// decisions by settlement time and its reversals by cancel time, each from its partial index.
const INSURED_RECORDS = `
  SELECT substr(treatment_admdvs, 1, 2) AS counterpart, clearing_fixmedins_code AS fixmedins_code, '0' AS flag,
         clearing_fund_types AS fund_types, clearing_bucket AS bucket, clearing_settle_hash AS hash, decision_key
  FROM {s}.benefit_decisions
  WHERE status IN ('decided', 'reverted') AND setl_time >= $1 AND setl_time < $2
  UNION ALL
  SELECT substr(treatment_admdvs, 1, 2), clearing_fixmedins_code, '1', clearing_fund_types, clearing_bucket,
         clearing_cancel_hash, decision_key
  FROM {s}.benefit_decisions
  WHERE status = 'reverted' AND reverted_time >= $1 AND reverted_time < $2`;

const TREATMENT_RECORDS = `
  SELECT clearing_counterpart AS counterpart, fixmedins_code, refd_setl_flag AS flag,
         clearing_fund_types AS fund_types, clearing_bucket AS bucket, clearing_hash AS hash, setl_id
  FROM {s}.settlements
  WHERE setl_time >= $1 AND setl_time < $2`;

/** Rows whose group (and bucket) is in the JSON list in parameter $4. */
const IN_GROUPS = `(counterpart, fixmedins_code, flag, fund_types) IN
  (SELECT counterpart, fixmedins_code, flag, fund_types FROM jsonb_to_recordset($4::jsonb)
     AS g(counterpart text, fixmedins_code text, flag text, fund_types text))`;
const IN_CELLS = `(counterpart, fixmedins_code, flag, fund_types, bucket) IN
  (SELECT counterpart, fixmedins_code, flag, fund_types, bucket FROM jsonb_to_recordset($4::jsonb)
     AS g(counterpart text, fixmedins_code text, flag text, fund_types text, bucket integer))`;

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

  private q<T extends Row>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /**
   * The treatment side's groups with setl_time (China time text `yyyy-MM-dd HH:mm:ss`) in [from, to), other
   * provinces' insured only, with their totals.
   */
  async treatmentGroups(from: string, to: string): Promise<TreatmentGroupRow[]> {
    type Raw = Omit<TreatmentGroupRow, 'slots'> & Record<string, unknown>;
    const sql = (slots: string, where = '') => `
      SELECT clearing_counterpart AS counterpart, fixmedins_code, refd_setl_flag AS flag,
             clearing_fund_types AS fund_types, count(*)::integer AS count, sum(clearing_hash)::text AS hash,
             sum(medfee_sumamt_fen)::bigint AS medfee_fen, sum(fund_pay_sumamt_fen)::bigint AS fund_fen,
             sum(acct_pay_fen)::bigint AS acct_pay_fen, sum(psn_cash_pay_fen)::bigint AS psn_cash_fen, ${slots}
      FROM {s}.settlements
      WHERE setl_time >= $1 AND setl_time < $2 AND clearing_counterpart <> $3 ${where}
      GROUP BY 1, 2, 3, 4`;
    const rows = await this.q<Raw>(sql(slotColumns(SLOTS)), [from, to, this.provinceDigits]);
    const slotsOf = (r: Raw, n: number) => Array.from({ length: n }, (_, k) => Number(r[`s${k}`] ?? 0));
    const wide = Math.max(0, ...rows.map((r) => typesIn(r.fund_types)));
    const rest = new Map<string, Raw>();
    if (wide > SLOTS) {
      const more = await this.q<Raw>(
        sql(slotColumns(wide), `AND array_length(clearing_fund_amounts, 1) > ${SLOTS}`),
        [from, to, this.provinceDigits],
      );
      for (const r of more) rest.set(groupId(r), r);
    }
    return rows.map((r) => {
      const n = typesIn(r.fund_types);
      const source = n > SLOTS ? rest.get(groupId(r))! : r;
      return {
        counterpart: r.counterpart,
        fixmedins_code: r.fixmedins_code,
        flag: r.flag,
        fund_types: r.fund_types,
        count: r.count,
        hash: r.hash,
        medfee_fen: r.medfee_fen,
        fund_fen: r.fund_fen,
        acct_pay_fen: r.acct_pay_fen,
        psn_cash_fen: r.psn_cash_fen,
        slots: slotsOf(source, n),
      };
    });
  }

  /**
   * The insured side's groups: decisions by settlement time and reversals by cancel time in [from, to). Each branch
   * is grouped on its own (by the full treatment region, which the hospital decides anyway), so that each is one
   * parallel index-only scan; grouping their union would aggregate a million rows above an Append, 3–4× slower.
   */
  insuredGroups(from: string, to: string): Promise<GroupRow[]> {
    return this.q<GroupRow & Row>(
      `SELECT substr(treatment_admdvs, 1, 2) AS counterpart, fixmedins_code, flag, fund_types,
              sum(count)::integer AS count, sum(hash)::text AS hash
       FROM (
         SELECT treatment_admdvs, clearing_fixmedins_code AS fixmedins_code, '0' AS flag,
                clearing_fund_types AS fund_types, count(*) AS count, sum(clearing_settle_hash) AS hash
         FROM {s}.benefit_decisions
         WHERE status IN ('decided', 'reverted') AND setl_time >= $1 AND setl_time < $2
         GROUP BY 1, 2, 4
         UNION ALL
         SELECT treatment_admdvs, clearing_fixmedins_code, '1', clearing_fund_types, count(*),
                sum(clearing_cancel_hash)
         FROM {s}.benefit_decisions
         WHERE status = 'reverted' AND reverted_time >= $1 AND reverted_time < $2
         GROUP BY 1, 2, 4) g
       WHERE substr(treatment_admdvs, 1, 2) <> $3
       GROUP BY 1, 2, 3, 4`,
      [from, to, this.provinceDigits],
    );
  }

  /** One side's buckets of the groups asked. */
  cells(
    side: 'treatment' | 'insured',
    from: string,
    to: string,
    groups: readonly GroupFilter[],
  ): Promise<CellRow[]> {
    return this.q<CellRow & Row>(
      `SELECT counterpart, fixmedins_code, flag, fund_types, bucket, count(*)::integer AS count, sum(hash)::text AS hash
       FROM (${side === 'treatment' ? TREATMENT_RECORDS : INSURED_RECORDS}) r
       WHERE counterpart <> $3 AND ${IN_GROUPS}
       GROUP BY 1, 2, 3, 4, 5`,
      [from, to, this.provinceDigits, JSON.stringify(groups)],
    );
  }

  /** The treatment records of the buckets asked, in setl_id order. */
  treatmentFacts(from: string, to: string, cells: readonly CellFilter[]): Promise<TreatmentFactRow[]> {
    return this.q<TreatmentFactRow & Row>(
      `SELECT s.setl_id, decision_key, refd_setl_flag, insuplc_admdvs, s.fixmedins_code, psn_no, med_type, setl_time,
         medfee_sumamt_fen::bigint AS medfee_sumamt_fen, fund_pay_sumamt_fen::bigint AS fund_pay_sumamt_fen,
         acct_pay_fen::bigint AS acct_pay_fen, psn_cash_pay_fen::bigint AS psn_cash_pay_fen,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('fund_pay_type', d->>'fund_pay_type',
                                                       'fund_payamt', d->>'fund_payamt'))
                   FROM jsonb_array_elements(setldetail) d), '[]'::jsonb) AS funds
       FROM {s}.settlements s
       WHERE s.setl_id IN (SELECT setl_id FROM (${TREATMENT_RECORDS}) r WHERE counterpart <> $3 AND ${IN_CELLS})
       ORDER BY s.setl_id`,
      [from, to, this.provinceDigits, JSON.stringify(cells)],
    );
  }

  /** The insured records (decisions and reversals) of the buckets asked, in key order. */
  insuredFacts(from: string, to: string, cells: readonly CellFilter[]): Promise<InsuredFactRow[]> {
    return this.q<InsuredFactRow & Row>(
      `SELECT b.decision_key, r.flag, b.treatment_admdvs, b.psn_no,
         CASE WHEN r.flag = '0' THEN b.setl_time ELSE b.reverted_time END AS at,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('fund_pay_type', l->>'fund_pay_type',
                                                       'paid_fen', (l->>'paid_fen')::bigint))
                   FROM jsonb_array_elements(b.decision->'layers') l), '[]'::jsonb) AS layers,
         (b.decision->>'fund_pay_fen')::bigint AS fund_pay_fen,
         (b.decision->>'psn_part_fen')::bigint AS psn_part_fen,
         (b.decision->>'hosp_part_fen')::bigint AS hosp_part_fen,
         COALESCE((b.decision->'account'->>'paid_fen')::bigint, 0) AS acct_pay_fen,
         (b.decision->>'psn_cash_fen')::bigint AS psn_cash_fen
       FROM (SELECT * FROM (${INSURED_RECORDS}) x WHERE counterpart <> $3 AND ${IN_CELLS}) r
       JOIN {s}.benefit_decisions b ON b.decision_key = r.decision_key
       ORDER BY b.decision_key, r.flag`,
      [from, to, this.provinceDigits, JSON.stringify(cells)],
    );
  }
}

const typesIn = (fundTypes: string) => (fundTypes === '' ? 0 : fundTypes.split(',').length);
const groupId = (r: GroupFilter) => `${r.counterpart}|${r.fixmedins_code}|${r.flag}|${r.fund_types}`;
