// The event a treatment node's settlement or cancel record writes to its outbox, for the national level's copy
// (hub.settlement_facts): written in the transaction of the record, published after commit, stored once by id.
import type { SettlementGroup } from '../core/stats/settlement-stats.ts';
import type { Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

/** A cross-province settlement or cancel record as the hub keeps it: amounts and places, nobody's identity. */
export interface SettlementFact {
  readonly setl_id: string;
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly setl_time: string;
  readonly refd_setl_flag: '0' | '1';
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}

/** The subject of a treatment province's settlement events. */
export const settlementEventSubject = (treatmentProvince: string): string =>
  `yidi.events.settlement.${treatmentProvince}`;
export const SETTLEMENT_EVENTS = 'yidi.events.settlement.>';

/**
 * Writes the outbox event of a settlement or cancel record, inside the caller's transaction, in one statement; a
 * record of this province's own insured is not cross-province and writes nothing.
 */
export async function announceSettlement(
  tx: Queryable,
  schema: string,
  province: string,
  setlId: string,
): Promise<void> {
  await tx.query(
    inSchema(
      schema,
      `INSERT INTO {s}.outbox (event_id, subject, data)
       SELECT 'settlement:' || s.setl_id, $2,
         jsonb_build_object('setl_id', s.setl_id, 'treatment_province', $3::text, 'fixmedins_code', s.fixmedins_code,
           'insuplc_admdvs', s.insuplc_admdvs, 'med_type', s.med_type, 'setl_time', s.setl_time,
           'refd_setl_flag', s.refd_setl_flag, 'medfee_fen', s.medfee_sumamt_fen,
           'fund_pay_fen', s.fund_pay_sumamt_fen, 'psn_part_fen', s.psn_part_amt_fen,
           'acct_pay_fen', s.acct_pay_fen, 'psn_cash_fen', s.psn_cash_pay_fen)
       FROM {s}.settlements s
       WHERE s.setl_id = $1 AND substr(s.insuplc_admdvs, 1, 2) <> substr($3::text, 1, 2)
       ON CONFLICT (event_id) DO NOTHING`,
    ),
    [setlId, settlementEventSubject(province), province],
  );
}

/** The hub's copy of the nodes' cross-province settlement records. */
export class SettlementFactStore {
  constructor(private readonly db: Queryable) {}

  /** Stores a fact once: a redelivered or re-published event changes nothing. */
  async record(fact: SettlementFact): Promise<void> {
    await this.db.query(
      inSchema(
        HUB_SCHEMA,
        `INSERT INTO {s}.settlement_facts (setl_id, treatment_province, fixmedins_code, insuplc_admdvs, med_type,
           setl_time, refd_setl_flag, medfee_fen, fund_pay_fen, psn_part_fen, acct_pay_fen, psn_cash_fen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (setl_id) DO NOTHING`,
      ),
      [
        fact.setl_id,
        fact.treatment_province,
        fact.fixmedins_code,
        fact.insuplc_admdvs,
        fact.med_type,
        fact.setl_time,
        fact.refd_setl_flag,
        fact.medfee_fen,
        fact.fund_pay_fen,
        fact.psn_part_fen,
        fact.acct_pay_fen,
        fact.psn_cash_fen,
      ],
    );
  }

  /** One recorded fact by its id. */
  async fact(setlId: string): Promise<SettlementFact | undefined> {
    const [row] = await this.db.query<SettlementFact & Row>(
      inSchema(
        HUB_SCHEMA,
        `SELECT setl_id, treatment_province, fixmedins_code, insuplc_admdvs, med_type, setl_time, refd_setl_flag,
           medfee_fen, fund_pay_fen, psn_part_fen, acct_pay_fen, psn_cash_fen
         FROM {s}.settlement_facts WHERE setl_id = $1`,
      ),
      [setlId],
    );
    return row;
  }

  /**
   * The facts with setl_time in [from, to) (China time text) grouped as a node groups its own settlements (month,
   * insured region, 医疗类别; a cancel −1 with its negated amounts), by treatment province.
   */
  groups(from: string, to: string): Promise<(SettlementGroup & { treatment_province: string })[]> {
    return this.db.query<SettlementGroup & { treatment_province: string } & Row>(
      inSchema(
        HUB_SCHEMA,
        `SELECT treatment_province, substr(setl_time, 1, 7) AS month, insuplc_admdvs, med_type,
           sum(CASE WHEN refd_setl_flag = '1' THEN -1 ELSE 1 END)::bigint AS settlements,
           sum(medfee_fen)::bigint AS medfee_fen, sum(fund_pay_fen)::bigint AS fund_pay_fen,
           sum(psn_part_fen)::bigint AS psn_part_fen, sum(acct_pay_fen)::bigint AS acct_pay_fen,
           sum(psn_cash_fen)::bigint AS psn_cash_fen
         FROM {s}.settlement_facts
         WHERE setl_time >= $1 AND setl_time < $2
         GROUP BY 1, 2, 3, 4
         ORDER BY 1, 2, 3, 4`,
      ),
      [from, to],
    );
  }
}
