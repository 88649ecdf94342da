// The insured side's writes: benefit decisions applied to a person's accumulators and account, one transaction each.
// A decision is on the hot path of every settlement: the transaction is six statements (begin, the lock, the person
// with their filings, the decision and accumulators, one combined write, commit).
import type { Filing, Person } from '../core/dataset/model.ts';
import type { Accumulators, BenefitDecision } from '../core/engine/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export interface StoredDecision {
  readonly decision_key: string;
  readonly status: 'decided' | 'reverted' | 'refused';
  readonly decision: BenefitDecision | null;
}

/** A decision reverted because the treatment side had no settlement for it (orphan_reversals). */
export interface OrphanReport {
  readonly insuplc_admdvs: string;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
  readonly detected_at: Date;
  readonly reason: string;
}

/** What one transaction on a locked person reads, and the writes it may make. */
export interface InsuredTransaction {
  readonly person: Person;
  readonly filings: readonly Filing[];
  /** The decision already recorded under the key, if any. */
  readonly stored: StoredDecision | undefined;
  accumulators(year: number): Accumulators;
  /** Records a decision: the accumulators after it, the account balance, the decision under its key. */
  recordDecision(
    decision: BenefitDecision,
    meta: { treatment_admdvs: string; mdtrt_id: string; setl_time: string },
  ): Promise<void>;
  /** Reverts the stored decision: the accumulators before it, the balance given back, the decision marked. */
  /** `at`: the cancel's time as the treatment side stamps it (China time text). */
  /** `orphan`: the reversal is reconciliation's, reported in orphan_reversals by the same statement. */
  recordReversion(before: Accumulators, balanceFen: number, at: string, orphan?: OrphanReport): Promise<void>;
  /** A reversal that arrived before its decision: the key is spent, a late decision under it is refused. */
  recordRefusal(meta: { treatment_admdvs: string }): Promise<void>;
}

type Snapshot = {
  person: Person;
  filings: Filing[];
  stored: StoredDecision | null;
  accumulators: Accumulators[] | null;
};

export class InsuredStore {
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

  /** The person with their filings, the decision under `key` and every year's accumulators, in one statement. */
  private async read(
    q: Queryable,
    psnNo: string,
    insutype: string,
    key: string,
  ): Promise<Snapshot | undefined> {
    const [row] = await q.query<{ snapshot: Snapshot } & Row>(
      this.sql(`SELECT jsonb_build_object(
           'person', to_jsonb(p) - 'filings',
           'filings', COALESCE((SELECT jsonb_agg(f ORDER BY f.begndate, f.trt_dcla_detl_sn) FROM {s}.filings f
                                WHERE f.psn_no = p.psn_no AND f.insutype = p.insutype), '[]'::jsonb),
           'stored', (SELECT jsonb_build_object('decision_key', d.decision_key, 'status', d.status, 'decision', d.decision)
                      FROM {s}.benefit_decisions d WHERE d.decision_key = $3),
           'accumulators', (SELECT jsonb_agg(jsonb_build_object('year', a.year, 'admissions', a.admissions, 'counters', a.counters))
                            FROM {s}.accumulators a WHERE a.psn_no = p.psn_no AND a.insutype = p.insutype)
         ) AS snapshot
         FROM {s}.persons p WHERE p.psn_no = $1 AND p.insutype = $2`),
      [psnNo, insutype, key],
    );
    return row?.snapshot;
  }

  /**
   * Runs `work` in one transaction holding the row lock of the person's insurance: two hospitals settling the
   * same person queue here, so each decision starts from the accumulators the previous one left. Undefined when
   * the person has no such insurance. `work` must not touch the database outside the transaction it is given.
   */
  async withPerson<T>(
    psnNo: string,
    insutype: string,
    key: string,
    work: (tx: InsuredTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction(async (q) => {
      // The lock is taken in a statement of its own: a statement reads with the snapshot it started with, so the
      // accumulators read by the statement that waited for the lock would predate the decision that held it
      // (READ COMMITTED; lost updates under concurrent settlements on PostgreSQL).
      const [locked] = await q.query(
        this.sql('SELECT 1 FROM {s}.persons WHERE psn_no = $1 AND insutype = $2 FOR UPDATE'),
        [psnNo, insutype],
      );
      if (!locked) return undefined;
      const snapshot = await this.read(q, psnNo, insutype, key);
      if (!snapshot) return undefined;
      return work(this.transactionOn(q, snapshot, key));
    });
  }

  /** The same reads without a lock, for a pre-settlement (it changes nothing). */
  async snapshot(
    psnNo: string,
    insutype: string,
  ): Promise<Pick<InsuredTransaction, 'person' | 'filings' | 'accumulators'> | undefined> {
    const snapshot = await this.read(this.db, psnNo, insutype, '');
    return snapshot && { person: snapshot.person, filings: snapshot.filings, accumulators: yearOf(snapshot) };
  }

  private transactionOn(q: Queryable, snapshot: Snapshot, key: string): InsuredTransaction {
    const { psn_no, insutype } = snapshot.person;
    // Accumulators, the balance and the decision's state change together or not at all.
    const write = (
      accumulators: Accumulators,
      balanceFen: number,
      decisionSql: string,
      decisionParams: readonly unknown[],
    ) =>
      q.query(
        this.sql(`WITH acc AS (
             INSERT INTO {s}.accumulators (psn_no, insutype, year, admissions, counters, version)
             VALUES ($1, $2, $3, $4, $5::jsonb, 1)
             ON CONFLICT (psn_no, insutype, year) DO UPDATE
             SET admissions = EXCLUDED.admissions, counters = EXCLUDED.counters,
                 version = {s}.accumulators.version + 1
             RETURNING 1),
           balance AS (
             UPDATE {s}.persons SET acct_balc_fen = $6 WHERE psn_no = $1 AND insutype = $2 AND acct_balc_fen <> $6
             RETURNING 1)
           ${decisionSql}`),
        [
          psn_no,
          insutype,
          accumulators.year,
          accumulators.admissions,
          JSON.stringify(accumulators.counters),
          balanceFen,
          key,
          ...decisionParams,
        ],
      );
    return {
      person: snapshot.person,
      filings: snapshot.filings,
      stored: snapshot.stored ?? undefined,
      accumulators: yearOf(snapshot),
      recordDecision: async (decision, meta) => {
        await write(
          decision.accumulators,
          decision.balance_after_fen,
          `INSERT INTO {s}.benefit_decisions
             (decision_key, psn_no, insutype, year, treatment_admdvs, mdtrt_id, decision, status, setl_time)
           VALUES ($7, $1, $2, $3, $8, $9, $10::jsonb, 'decided', $11)`,
          [meta.treatment_admdvs, meta.mdtrt_id, JSON.stringify(decision), meta.setl_time],
        );
      },
      recordReversion: async (before, balanceFen, at, orphan) => {
        const revert =
          "UPDATE {s}.benefit_decisions SET status = 'reverted', reverted_at = now(), reverted_time = $8 WHERE decision_key = $7";
        if (!orphan) {
          await write(before, balanceFen, revert, [at]);
          return;
        }
        // The statement goes on `write`'s WITH list: the reversal is one more CTE and the report row its insert.
        await write(
          before,
          balanceFen,
          `, reverted AS (${revert}
             RETURNING decision_key, psn_no, insutype, treatment_admdvs, mdtrt_id, setl_time, created_at)
           INSERT INTO {s}.orphan_reversals (decision_key, psn_no, insutype, insuplc_admdvs, treatment_admdvs, mdtrt_id,
             setl_time, medfee_fen, fund_pay_fen, acct_pay_fen, psn_cash_fen, decided_at, detected_at, reverted_time,
             reason)
           SELECT decision_key, psn_no, insutype, $15, treatment_admdvs, mdtrt_id, setl_time,
             $9::bigint, $10::bigint, $11::bigint, $12::bigint, created_at, $13::timestamptz, $8, $14
           FROM reverted`,
          [
            at,
            orphan.medfee_fen,
            orphan.fund_pay_fen,
            orphan.acct_pay_fen,
            orphan.psn_cash_fen,
            orphan.detected_at.toISOString(),
            orphan.reason,
            orphan.insuplc_admdvs,
          ],
        );
      },
      recordRefusal: async (meta) => {
        await q.query(
          this.sql(`INSERT INTO {s}.benefit_decisions (decision_key, psn_no, insutype, year, treatment_admdvs, status)
             VALUES ($1, $2, $3, 0, $4, 'refused')`),
          [key, psn_no, insutype, meta.treatment_admdvs],
        );
      },
    };
  }

  /** Every year's accumulators of a person (5206). */
  accumulatorsOf(psnNo: string): Promise<(Accumulators & { insutype: string })[]> {
    return this.db.query<Accumulators & { insutype: string } & Row>(
      this.sql(
        'SELECT insutype, year, admissions, counters FROM {s}.accumulators WHERE psn_no = $1 ORDER BY year, insutype',
      ),
      [psnNo],
    );
  }
}

/** The accumulators of one year from a snapshot's rows; a year without a row starts at zero. */
function yearOf(snapshot: Snapshot): (year: number) => Accumulators {
  return (year) =>
    snapshot.accumulators?.find((a) => a.year === year) ?? { year, admissions: 0, counters: {} };
}
