// The audit trail's tables (020-audit-trail on each node, 007-audit-trail on the hub): appends in short
// transactions that lock only the chain's head row, searches for the auditor, and the walk that verifies a chain.
import {
  type AuditEntry,
  type AuditEntryInput,
  type ChainProblem,
  ChainWalker,
  linkEntries,
} from '../core/audit-trail/chain.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';

/** Entries per INSERT: 17 parameters each, well under PostgreSQL's 65,535. */
const INSERT_ROWS_MAX = 500;
/** Entries read per page while verifying. */
const VERIFY_PAGE_ROWS = 2_000;
export const SEARCH_LIMIT_MAX = 1_000;
export const EXPORT_LIMIT_MAX = 100_000;

/** The entry's columns, in the order the table, the search and the CSV export show them. */
export const AUDIT_TRAIL_COLUMNS = [
  'seq',
  'at_china',
  'at',
  'actor_kind',
  'actor',
  'role',
  'actor_province',
  'action',
  'kind',
  'psn_no',
  'certno_masked',
  'refs',
  'ip',
  'status',
  'infcode',
  'prev_hash',
  'hash',
] as const;
const COLUMN_LIST = AUDIT_TRAIL_COLUMNS.join(', ');

export interface AuditSearch {
  /** ISO instants, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly actor?: string | undefined;
  readonly psn_no?: string | undefined;
  /** A prefix of the action: `HIS 1101`, `POST /api/console/filings`. */
  readonly action?: string | undefined;
  readonly limit: number;
}

export interface ChainReport {
  readonly schema: string;
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly problem: ChainProblem | undefined;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class AuditTrailStore {
  constructor(
    private readonly db: Db,
    /** The node's schema (node_130000) or the hub's. */
    readonly schema: string,
  ) {}

  private sql(text: string): string {
    return inSchema(this.schema, text);
  }

  /**
   * Appends entries in their order after the chain's head, in one transaction. The head row is locked FOR UPDATE,
   * so that appenders of the same chain (other processes of a cluster) queue on it and no other chain waits.
   */
  async append(entries: readonly AuditEntryInput[]): Promise<readonly AuditEntry[]> {
    if (entries.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const [head] = await tx.query<{ seq: number; hash: string }>(
        this.sql('SELECT seq, hash FROM {s}.audit_trail_head WHERE id FOR UPDATE'),
      );
      if (!head)
        throw new Error(`${this.schema}.audit_trail_head has no row (migration 020/007 not applied)`);
      const linked = linkEntries({ seq: Number(head.seq), hash: head.hash }, entries);
      for (let start = 0; start < linked.length; start += INSERT_ROWS_MAX)
        await insertRows(tx, this.sql('{s}.audit_trail'), linked.slice(start, start + INSERT_ROWS_MAX));
      const last = linked[linked.length - 1]!;
      await tx.query(this.sql('UPDATE {s}.audit_trail_head SET seq = $1, hash = $2 WHERE id'), [
        last.seq,
        last.hash,
      ]);
      return linked;
    });
  }

  /** Newest first. */
  async search(filter: AuditSearch): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.from) add('at COLLATE "C" >= ?', filter.from);
    if (filter.to) add('at COLLATE "C" <= ?', filter.to);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.psn_no) add('psn_no = ?', filter.psn_no);
    if (filter.action) add("action LIKE ? ESCAPE '\\'", `${escapeLike(filter.action)}%`);
    params.push(filter.limit);
    const rows = await this.db.query<Row>(
      this.sql(
        `SELECT ${COLUMN_LIST} FROM {s}.audit_trail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY seq DESC LIMIT $${params.length}`,
      ),
      params,
    );
    return rows.map(entryOf);
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const [head] = await this.db.query<{ seq: number; hash: string }>(
      this.sql('SELECT seq, hash FROM {s}.audit_trail_head WHERE id'),
    );
    return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' };
  }

  /** Walks the whole chain from seq 1 and reports the first entry that does not hold. */
  async verify(): Promise<ChainReport> {
    const walker = new ChainWalker();
    let after = 0;
    for (;;) {
      const rows = await this.db.query<Row>(
        this.sql(`SELECT ${COLUMN_LIST} FROM {s}.audit_trail WHERE seq > $1 ORDER BY seq LIMIT $2`),
        [after, VERIFY_PAGE_ROWS],
      );
      if (rows.length === 0) break;
      const entries = rows.map(entryOf);
      if (!walker.check(entries)) break;
      after = entries[entries.length - 1]!.seq;
    }
    const head = await this.head();
    walker.checkHead(head);
    return { schema: this.schema, entries: walker.entries, head, problem: walker.firstProblem };
  }
}

async function insertRows(tx: Queryable, table: string, rows: readonly AuditEntry[]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const start = params.length;
    for (const column of AUDIT_TRAIL_COLUMNS) params.push(row[column]);
    return `(${AUDIT_TRAIL_COLUMNS.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  await tx.query(`INSERT INTO ${table} (${COLUMN_LIST}) VALUES ${tuples.join(', ')}`, params);
}

const textOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

function entryOf(row: Row): AuditEntry {
  return {
    seq: Number(row.seq),
    at: String(row.at),
    at_china: String(row.at_china),
    actor_kind: row.actor_kind as AuditEntry['actor_kind'],
    actor: textOrNull(row.actor),
    role: textOrNull(row.role),
    actor_province: textOrNull(row.actor_province),
    action: String(row.action),
    kind: row.kind as AuditEntry['kind'],
    psn_no: textOrNull(row.psn_no),
    certno_masked: textOrNull(row.certno_masked),
    refs: textOrNull(row.refs),
    ip: textOrNull(row.ip),
    status: Number(row.status),
    infcode: row.infcode === null || row.infcode === undefined ? null : Number(row.infcode),
    prev_hash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

/** The schemas that hold an audit trail: the hub's first, then the nodes' in order. */
export async function auditTrailSchemas(db: Db): Promise<string[]> {
  const rows = await db.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables
     WHERE table_name = 'audit_trail' AND (table_schema = 'hub' OR table_schema LIKE 'node\\_%')
     ORDER BY table_schema = 'hub' DESC, table_schema`,
  );
  return rows.map((row) => row.schema);
}

/** Verifies the chains of the given schemas (all of them by default); one report each. */
export async function verifyAuditTrails(db: Db, schemas?: readonly string[]): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  for (const schema of schemas ?? (await auditTrailSchemas(db)))
    reports.push(await new AuditTrailStore(db, schema).verify());
  return reports;
}
