// 清算 in the hub: each period's run (its state), pair totals, per-hospital statements, differences, confirmations.
import type { ClearingAdjustment } from '../core/clearing/adjustments.ts';
import type { ClearingOutcome, ClearingRun, Confirmation, Posting, Side } from '../core/clearing/machine.ts';
import type { ClearingDifference } from '../core/clearing/reconcile.ts';
import type { HospitalStatement, PairTotals } from '../core/clearing/totals.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

type RunRow = {
  period: string;
  status: Exclude<ClearingRun['status'], 'draft'>;
  treatment_facts: number;
  insured_facts: number;
  matched: number;
  posting: Posting | null;
};

const TOTAL_COLUMNS = `person_times integer, settlements integer, cancels integer, medfee_fen bigint, fund_fen bigint,
  fund_by_type jsonb, acct_pay_fen bigint, psn_cash_fen bigint`;
const TOTAL_NAMES =
  'person_times, settlements, cancels, medfee_fen, fund_fen, fund_by_type, acct_pay_fen, psn_cash_fen';

export class ClearingStore {
  constructor(private readonly db: Db) {}

  private q<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
    on: Queryable = this.db,
  ): Promise<T[]> {
    return on.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  /** The period's stored run, or a draft when it never ran. */
  async run(period: string): Promise<ClearingRun> {
    const [run] = await this.q<RunRow & Row>(
      'SELECT period, status, treatment_facts, insured_facts, matched, posting FROM {s}.clearing_runs WHERE period = $1',
      [period],
    );
    if (!run) return { period, status: 'draft' };
    const [pairs, hospitals, differences, confirmations, adjustments] = await Promise.all([
      this.q<PairTotals & Row>(
        `SELECT treatment_province, insured_province, ${TOTAL_NAMES} FROM {s}.clearing_pairs
         WHERE period = $1 ORDER BY treatment_province, insured_province`,
        [period],
      ),
      this.q<HospitalStatement & Row>(
        `SELECT treatment_province, fixmedins_code, ${TOTAL_NAMES}, cleared_fund_fen, cleared_acct_pay_fen
         FROM {s}.clearing_hospitals WHERE period = $1 ORDER BY treatment_province, fixmedins_code`,
        [period],
      ),
      this.q<ClearingDifference & Row>(
        `SELECT key, decision_key, fact_kind, kind, treatment_province, insured_province, fixmedins_code, setl_id,
           amounts, description
         FROM {s}.clearing_differences WHERE period = $1 ORDER BY seq`,
        [period],
      ),
      this.q<{ province: string; side: Side; confirmed_by: string; confirmed_at: string } & Row>(
        `SELECT province, side, confirmed_by, confirmed_at FROM {s}.clearing_confirmations
         WHERE period = $1 ORDER BY confirmed_at, side, province`,
        [period],
      ),
      this.adjustments(period),
    ]);
    const outcome: ClearingOutcome = {
      treatment_facts: run.treatment_facts,
      insured_facts: run.insured_facts,
      matched: run.matched,
      pairs,
      hospitals,
      differences,
      ...(adjustments.length > 0 ? { adjustments } : {}),
    };
    if (run.status === 'blocked') return { period, status: 'blocked', outcome };
    const confirmed: Confirmation[] = confirmations.map((c) => ({
      province: c.province,
      side: c.side,
      by: c.confirmed_by,
      at: c.confirmed_at,
    }));
    if (run.status === 'posted')
      return { period, status: 'posted', outcome, confirmations: confirmed, posting: run.posting! };
    return { period, status: run.status, outcome, confirmations: confirmed };
  }

  /**
   * The 协查 adjustments booked into a period (hub.cross_checks): none is booked into a period once it is reconciled,
   * so what a stored run reads here is what its reconciliation used.
   */
  async adjustments(period: string): Promise<ClearingAdjustment[]> {
    const rows = await this.q<ClearingAdjustment & Row>(
      `SELECT case_id, setl_id, treatment_province, insured_province, fixmedins_code, adjustment_fen AS fund_fen
       FROM {s}.cross_checks WHERE clearing_period = $1 AND adjustment_fen > 0 ORDER BY case_id`,
      [period],
    );
    return rows.map((r) => ({ ...r, fund_fen: Number(r.fund_fen) }));
  }

  /** The periods from `from` on whose clearing was reconciled, confirmed or posted. */
  async closedPeriods(from: string): Promise<Set<string>> {
    const rows = await this.q<{ period: string } & Row>(
      "SELECT period FROM {s}.clearing_runs WHERE period >= $1 AND status <> 'blocked'",
      [from],
    );
    return new Set(rows.map((r) => r.period));
  }

  /** Writes a run whose facts were (re)computed: the run, its totals, statements and differences, in one transaction. */
  async saveOutcome(run: Exclude<ClearingRun, { status: 'draft' }>): Promise<void> {
    const { outcome } = run;
    await this.db.transaction(async (tx) => {
      await this.q('DELETE FROM {s}.clearing_runs WHERE period = $1', [run.period], tx);
      await this.q(
        `INSERT INTO {s}.clearing_runs (period, status, treatment_facts, insured_facts, matched, posting)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [
          run.period,
          run.status,
          outcome.treatment_facts,
          outcome.insured_facts,
          outcome.matched,
          run.status === 'posted' ? JSON.stringify(run.posting) : null,
        ],
        tx,
      );
      await this.q(
        `INSERT INTO {s}.clearing_pairs (period, treatment_province, insured_province, ${TOTAL_NAMES})
         SELECT $1, treatment_province, insured_province, ${TOTAL_NAMES}
         FROM jsonb_to_recordset($2::jsonb) AS r(treatment_province text, insured_province text, ${TOTAL_COLUMNS})`,
        [run.period, JSON.stringify(outcome.pairs)],
        tx,
      );
      await this.q(
        `INSERT INTO {s}.clearing_hospitals (period, treatment_province, fixmedins_code, ${TOTAL_NAMES},
           cleared_fund_fen, cleared_acct_pay_fen)
         SELECT $1, treatment_province, fixmedins_code, ${TOTAL_NAMES}, cleared_fund_fen, cleared_acct_pay_fen
         FROM jsonb_to_recordset($2::jsonb) AS r(treatment_province text, fixmedins_code text, ${TOTAL_COLUMNS},
           cleared_fund_fen bigint, cleared_acct_pay_fen bigint)`,
        [run.period, JSON.stringify(outcome.hospitals)],
        tx,
      );
      await this.q(
        `INSERT INTO {s}.clearing_differences (period, seq, key, decision_key, fact_kind, kind, treatment_province,
           insured_province, fixmedins_code, setl_id, amounts, description)
         SELECT $1, e.seq::integer, d->>'key', d->>'decision_key', d->>'fact_kind', d->>'kind',
           d->>'treatment_province', d->>'insured_province', d->>'fixmedins_code', d->>'setl_id', d->'amounts',
           d->>'description'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(d, seq)`,
        [run.period, JSON.stringify(outcome.differences)],
        tx,
      );
      if (run.status !== 'blocked') await this.writeConfirmations(tx, run.period, run.confirmations);
    });
  }

  /** Writes a transition that keeps the facts (a confirmation, the posting): status, confirmations, posting. */
  async saveTransition(run: Exclude<ClearingRun, { status: 'draft' | 'blocked' }>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.q(
        'UPDATE {s}.clearing_runs SET status = $2, posting = $3::jsonb, updated_at = now() WHERE period = $1',
        [run.period, run.status, run.status === 'posted' ? JSON.stringify(run.posting) : null],
        tx,
      );
      await this.writeConfirmations(tx, run.period, run.confirmations);
    });
  }

  private async writeConfirmations(
    tx: Queryable,
    period: string,
    confirmations: readonly Confirmation[],
  ): Promise<void> {
    await this.q(
      `INSERT INTO {s}.clearing_confirmations (period, province, side, confirmed_by, confirmed_at)
       SELECT $1, province, side, "by", "at" FROM jsonb_to_recordset($2::jsonb) AS r(province text, side text, "by" text, "at" text)
       ON CONFLICT (period, province, side) DO NOTHING`,
      [period, JSON.stringify(confirmations)],
      tx,
    );
  }
}
