// 协查 cases as one node keeps them (in its role: insured or treatment), their documents, and the settlement facts a
// treatment node answers from (docs/cross-checks.md).
import type { CrossCheckCase, CrossCheckRole, CrossCheckStatus } from '../core/cross-check/case.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export interface DocumentInfo {
  readonly n: number;
  readonly name: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
}

export interface StoredDocument extends DocumentInfo {
  readonly data: Uint8Array;
}

export type CaseRecord = CrossCheckCase & { readonly documents: readonly DocumentInfo[] };

export interface CaseFilter {
  readonly role?: CrossCheckRole;
  readonly status?: CrossCheckStatus;
  /** A pooling region's clerk sees the cases of its own institutions (treatment side) or insured (insured side). */
  readonly admdvsPrefix?: string;
  readonly limit: number;
}

const COLUMNS = [
  'case_id',
  'role',
  'automatic',
  'status',
  'setl_id',
  'insured_province',
  'treatment_province',
  'fixmedins_code',
  'insuplc_admdvs',
  'med_type',
  'setl_time',
  'medfee_fen',
  'fund_pay_fen',
  'reason',
  'requested_by',
  'requested_at',
  'psn_no',
  'psn_name',
  'findings',
  'proposal',
  'proposed_fen',
  'answered_by',
  'answered_at',
  'outcome',
  'adjustment_fen',
  'outcome_note',
  'concluded_by',
  'concluded_at',
  'clearing_period',
] as const satisfies readonly (keyof CrossCheckCase)[];

/** Columns a transition may change (the request's own facts never do). */
const MUTABLE = ['status', ...COLUMNS.slice(COLUMNS.indexOf('psn_no'))] as const;

/** The pooling region a case belongs to for this node: its insured's (insured side) or its institution's (treatment). */
const CASE_REGION = `(CASE WHEN role = 'insured' THEN insuplc_admdvs ELSE (SELECT i.pooling_admdvs FROM {s}.institutions i
  WHERE i.fixmedins_code = cross_checks.fixmedins_code) END)`;

const numeric = (value: unknown): number | null => (value === null ? null : Number(value));

function caseOf(row: Row): CrossCheckCase {
  return {
    ...(row as unknown as CrossCheckCase),
    medfee_fen: Number(row.medfee_fen),
    fund_pay_fen: Number(row.fund_pay_fen),
    proposed_fen: numeric(row.proposed_fen),
    adjustment_fen: numeric(row.adjustment_fen),
  };
}

export class CrossCheckStore {
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

  /** Runs `work` in one transaction (a case's change and its outbox event commit together). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The case, locked for the transaction's change when `tx` is given. */
  async get(caseId: string, tx?: Queryable): Promise<CrossCheckCase | undefined> {
    const [row] = await this.q(
      `SELECT * FROM {s}.cross_checks WHERE case_id = $1${tx ? ' FOR UPDATE' : ''}`,
      [caseId],
      tx,
    );
    return row && caseOf(row);
  }

  async record(caseId: string): Promise<CaseRecord | undefined> {
    const found = await this.get(caseId);
    return found && { ...found, documents: await this.documents(caseId) };
  }

  /** Adds a case; false when it was there already (a redelivered request). */
  async insert(tx: Queryable, c: CrossCheckCase): Promise<boolean> {
    const rows = await this.q(
      `INSERT INTO {s}.cross_checks (${COLUMNS.join(', ')})
       VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      COLUMNS.map((k) => c[k]),
      tx,
    );
    return rows.length > 0;
  }

  async update(tx: Queryable, c: CrossCheckCase): Promise<void> {
    await this.q(
      `UPDATE {s}.cross_checks SET ${MUTABLE.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE case_id = $1`,
      [c.case_id, ...MUTABLE.map((k) => c[k])],
      tx,
    );
  }

  async addDocuments(
    tx: Queryable,
    caseId: string,
    documents: readonly (DocumentInfo & { readonly data: Uint8Array })[],
  ): Promise<void> {
    for (const d of documents)
      await this.q(
        `INSERT INTO {s}.cross_check_documents (case_id, n, name, content_type, size, sha256, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, n) DO NOTHING`,
        [caseId, d.n, d.name, d.content_type, d.size, d.sha256, d.data],
        tx,
      );
  }

  documents(caseId: string): Promise<DocumentInfo[]> {
    return this.q<DocumentInfo & Row>(
      'SELECT n, name, content_type, size, sha256 FROM {s}.cross_check_documents WHERE case_id = $1 ORDER BY n',
      [caseId],
    );
  }

  async document(caseId: string, n: number): Promise<StoredDocument | undefined> {
    const [row] = await this.q<StoredDocument & Row>(
      'SELECT n, name, content_type, size, sha256, data FROM {s}.cross_check_documents WHERE case_id = $1 AND n = $2',
      [caseId, n],
    );
    return row;
  }

  /** Newest first; each with its documents' descriptions. */
  async list(filter: CaseFilter): Promise<CaseRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.role) add('role = ?', filter.role);
    if (filter.status) add('status = ?', filter.status);
    if (filter.admdvsPrefix) add(`${CASE_REGION} LIKE ?`, `${filter.admdvsPrefix}%`);
    params.push(filter.limit);
    const rows = await this.q(
      `SELECT * FROM {s}.cross_checks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY requested_at DESC, case_id LIMIT $${params.length}`,
      params,
    );
    const ids = rows.map((r) => r.case_id as string);
    const docs = ids.length
      ? await this.q<DocumentInfo & { case_id: string } & Row>(
          'SELECT case_id, n, name, content_type, size, sha256 FROM {s}.cross_check_documents WHERE case_id = ANY($1) ORDER BY n',
          [ids],
        )
      : [];
    return rows.map((row) => ({
      ...caseOf(row),
      documents: docs
        .filter((d) => d.case_id === row.case_id)
        .map(({ case_id: _, ...d }) => d as DocumentInfo),
    }));
  }

  /** Whether the case belongs to a pooling region (its code's first four digits). */
  async inRegion(caseId: string, admdvsPrefix: string): Promise<boolean> {
    const rows = await this.q(
      `SELECT 1 FROM {s}.cross_checks WHERE case_id = $1 AND ${CASE_REGION} LIKE $2`,
      [caseId, `${admdvsPrefix}%`],
    );
    return rows.length > 0;
  }

  /** What earlier concluded cases of the settlement took back (another case's adjustment bounds this one). */
  async adjustedBefore(setlId: string, exceptCase: string, tx?: Queryable): Promise<number> {
    const [row] = await this.q<{ fen: string | number } & Row>(
      `SELECT coalesce(sum(adjustment_fen), 0) AS fen FROM {s}.cross_checks
       WHERE setl_id = $1 AND case_id <> $2 AND status = 'concluded'`,
      [setlId, exceptCase],
      tx,
    );
    return Number(row?.fen ?? 0);
  }

  /** An open case of the settlement (one at a time), if any. */
  async openCaseOf(setlId: string): Promise<string | undefined> {
    const [row] = await this.q<{ case_id: string } & Row>(
      "SELECT case_id FROM {s}.cross_checks WHERE setl_id = $1 AND status <> 'concluded' LIMIT 1",
      [setlId],
    );
    return row?.case_id;
  }

  /** 就医地: the settlement's person and whether a cancel (退费) stands against it. */
  async settlement(
    setlId: string,
    tx?: Queryable,
  ): Promise<{ psn_no: string; psn_name: string | null; cancelled: boolean } | undefined> {
    const [row] = await this.q<{ psn_no: string; psn_name: string | null; cancelled: boolean } & Row>(
      `SELECT psn_no, setlinfo->>'psn_name' AS psn_name, cancelled_by IS NOT NULL AS cancelled
       FROM {s}.settlements WHERE setl_id = $1`,
      [setlId],
      tx,
    );
    return row;
  }
}
