// The insured side's writes: benefit decisions applied to a person's accumulators and account, one transaction each.
import type { Filing, Person } from '../core/dataset/model.ts';
import type { Accumulators, BenefitDecision } from '../core/engine/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export interface StoredDecision {
  readonly decision_key: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly status: 'decided' | 'reverted' | 'refused';
  readonly decision: BenefitDecision | null;
}

/** What one transaction on a locked person can read and write. */
export interface InsuredTransaction {
  readonly person: Person;
  decision(key: string): Promise<StoredDecision | undefined>;
  accumulators(year: number): Promise<Accumulators>;
  saveAccumulators(accumulators: Accumulators): Promise<void>;
  setBalance(balanceFen: number): Promise<void>;
  recordDecision(
    key: string,
    decision: BenefitDecision,
    meta: { treatment_admdvs: string; mdtrt_id: string },
  ): Promise<void>;
  markReverted(key: string): Promise<void>;
  /** A reversal that arrived before its decision: the key is spent, a late decision under it is refused. */
  recordRefusal(key: string, meta: { treatment_admdvs: string }): Promise<void>;
}

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

  /**
   * Runs `work` in one transaction holding the row lock of the person's insurance: two hospitals settling the
   * same person queue here, so each decision starts from the accumulators the previous one left. Undefined when
   * the person has no such insurance.
   */
  async withPerson<T>(
    psnNo: string,
    insutype: string,
    work: (tx: InsuredTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction(async (q) => {
      const [person] = await q.query<Person & Row>(
        this.sql('SELECT * FROM {s}.persons WHERE psn_no = $1 AND insutype = $2 FOR UPDATE'),
        [psnNo, insutype],
      );
      if (!person) return undefined;
      return work(this.transactionOn(q, person));
    });
  }

  private transactionOn(q: Queryable, person: Person): InsuredTransaction {
    const { psn_no, insutype } = person;
    return {
      person,
      decision: async (key) => {
        const [row] = await q.query<StoredDecision & Row>(
          this.sql(
            'SELECT decision_key, psn_no, insutype, status, decision FROM {s}.benefit_decisions WHERE decision_key = $1',
          ),
          [key],
        );
        return row;
      },
      accumulators: async (year) => {
        const [row] = await q.query<Accumulators & Row>(
          this.sql(
            'SELECT year, admissions, counters FROM {s}.accumulators WHERE psn_no = $1 AND insutype = $2 AND year = $3',
          ),
          [psn_no, insutype, year],
        );
        return row ?? { year, admissions: 0, counters: {} };
      },
      saveAccumulators: async (a) => {
        await q.query(
          this.sql(`INSERT INTO {s}.accumulators (psn_no, insutype, year, admissions, counters, version)
             VALUES ($1, $2, $3, $4, $5::jsonb, 1)
             ON CONFLICT (psn_no, insutype, year) DO UPDATE
             SET admissions = EXCLUDED.admissions, counters = EXCLUDED.counters,
                 version = {s}.accumulators.version + 1`),
          [psn_no, insutype, a.year, a.admissions, JSON.stringify(a.counters)],
        );
      },
      setBalance: async (balance) => {
        await q.query(
          this.sql('UPDATE {s}.persons SET acct_balc_fen = $3 WHERE psn_no = $1 AND insutype = $2'),
          [psn_no, insutype, balance],
        );
      },
      recordDecision: async (key, decision, meta) => {
        await q.query(
          this.sql(`INSERT INTO {s}.benefit_decisions
             (decision_key, psn_no, insutype, year, treatment_admdvs, mdtrt_id, decision, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'decided')`),
          [
            key,
            psn_no,
            insutype,
            decision.delta.year,
            meta.treatment_admdvs,
            meta.mdtrt_id,
            JSON.stringify(decision),
          ],
        );
      },
      markReverted: async (key) => {
        await q.query(
          this.sql(
            "UPDATE {s}.benefit_decisions SET status = 'reverted', reverted_at = now() WHERE decision_key = $1",
          ),
          [key],
        );
      },
      recordRefusal: async (key, meta) => {
        await q.query(
          this.sql(`INSERT INTO {s}.benefit_decisions (decision_key, psn_no, insutype, year, treatment_admdvs, status)
             VALUES ($1, $2, $3, 0, $4, 'refused')`),
          [key, psn_no, insutype, meta.treatment_admdvs],
        );
      },
    };
  }

  /** A trial read outside any lock (pre-settlement changes nothing, so it needs none). */
  async snapshot(
    psnNo: string,
    insutype: string,
    year: number,
  ): Promise<{ person: Person; accumulators: Accumulators } | undefined> {
    const [person] = await this.db.query<Person & Row>(
      this.sql('SELECT * FROM {s}.persons WHERE psn_no = $1 AND insutype = $2'),
      [psnNo, insutype],
    );
    if (!person) return undefined;
    const [row] = await this.db.query<Accumulators & Row>(
      this.sql(
        'SELECT year, admissions, counters FROM {s}.accumulators WHERE psn_no = $1 AND insutype = $2 AND year = $3',
      ),
      [psnNo, insutype, year],
    );
    return { person, accumulators: row ?? { year, admissions: 0, counters: {} } };
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

  filingsOf(psnNo: string, insutype: string): Promise<Filing[]> {
    return this.db.query<Filing & Row>(
      this.sql(
        'SELECT * FROM {s}.filings WHERE psn_no = $1 AND insutype = $2 ORDER BY begndate, trt_dcla_detl_sn',
      ),
      [psnNo, insutype],
    );
  }
}
