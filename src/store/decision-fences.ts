// The treatment side of orphan-decision reconciliation: which decision keys have a settlement, and a fence on the others.
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** A decision the insured node asks about, with the visit it named when it decided (null for very old ones). */
export interface DecisionRef {
  readonly decision_key: string;
  readonly mdtrt_id: string | null;
}

export interface FenceAnswer {
  /** Keys with a settlement record (refd_setl_flag 0; cancelled or not). */
  readonly settled: readonly string[];
  /** Keys without one: fenced, so that no settlement can be stored under them any more. */
  readonly absent: readonly string[];
}

/** A settlement under a key this node has told the insured node it has no settlement for. */
export class DecisionFenced extends Error {
  constructor(readonly decisionKey: string) {
    super(`decision ${decisionKey} was found without a settlement and is being reverted`);
    this.name = 'DecisionFenced';
  }
}

/** Whether a key is fenced, read inside the settlement's transaction (see TreatmentStore.recordSettlement). */
export async function isFenced(tx: Queryable, schema: string, decisionKey: string): Promise<boolean> {
  const rows = await tx.query(inSchema(schema, 'SELECT 1 FROM {s}.decision_fences WHERE decision_key = $1'), [
    decisionKey,
  ]);
  return rows.length > 0;
}

export class DecisionFenceStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  /**
   * Answers which keys have a settlement and fences the rest, in one transaction. The race with a settlement being
   * stored right now is closed by the visit's row: storing a settlement takes a KEY SHARE lock on it (the foreign
   * key check of the insert), and this takes FOR UPDATE first, which conflicts. Either the settlement's transaction
   * holds the row — this waits for its commit, and the read after the lock (a new statement, a new snapshot under
   * READ COMMITTED) sees the settlement — or this holds it — the settlement's insert waits, and its next statement
   * sees the fence and refuses. Keys are locked in one order, and a settlement locks one visit only: no deadlock.
   */
  async settledOrFence(refs: readonly DecisionRef[]): Promise<FenceAnswer> {
    if (refs.length === 0) return { settled: [], absent: [] };
    const keys = [...new Set(refs.map((r) => r.decision_key))];
    const visits = [...new Set(refs.flatMap((r) => (r.mdtrt_id ? [r.mdtrt_id] : [])))].sort();
    // The key is `<fixmedins_code>:<msgid>`: reading by msgid uses the settlements' msgid index.
    const msgids = keys.map((k) => k.slice(k.indexOf(':') + 1));
    return this.db.transaction(async (tx) => {
      if (visits.length > 0)
        await tx.query(
          inSchema(
            this.schema,
            'SELECT 1 FROM {s}.visits WHERE mdtrt_id = ANY($1::text[]) ORDER BY mdtrt_id FOR UPDATE',
          ),
          [visits],
        );
      const rows = await tx.query<{ decision_key: string } & Row>(
        inSchema(
          this.schema,
          `WITH settled AS (
             SELECT DISTINCT decision_key FROM {s}.settlements
             WHERE msgid = ANY($2::text[]) AND decision_key = ANY($1::text[]) AND refd_setl_flag = '0'),
           fenced AS (
             INSERT INTO {s}.decision_fences (decision_key)
             SELECT k FROM unnest($1::text[]) AS k WHERE k NOT IN (SELECT decision_key FROM settled)
             ON CONFLICT (decision_key) DO NOTHING)
           SELECT decision_key FROM settled`,
        ),
        [keys, msgids],
      );
      const settled = new Set(rows.map((r) => r.decision_key));
      return { settled: [...settled], absent: keys.filter((k) => !settled.has(k)) };
    });
  }
}
