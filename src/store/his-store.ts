// A node's HIS bookkeeping: sign-in sessions (9001/9002) and processed messages by msgid (idempotency).
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';
import { TtlCache } from './ttl-cache.ts';

export interface StoredMessage {
  readonly infno: string;
  readonly request_hash: string;
  /** Null for a reversal that arrived before its message (the message is then refused). */
  readonly response: unknown;
  readonly reversed?: boolean;
}

/**
 * An open session is trusted from memory for this long. A sign-out through this process takes effect at once;
 * through another process of the same node (cluster mode) after at most this.
 */
const SESSION_CACHE_MS = 60_000;
const MAX_CACHED_SESSIONS = 10_000;

export class HisStore {
  private readonly schema: string;
  private readonly sessions = new TtlCache<string, true>(SESSION_CACHE_MS, MAX_CACHED_SESSIONS);

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  async signIn(signNo: string, fixmedinsCode: string, opterNo: string, signTime: Date): Promise<void> {
    await this.q(
      'INSERT INTO {s}.his_sessions (sign_no, fixmedins_code, opter_no, sign_time) VALUES ($1, $2, $3, $4)',
      [signNo, fixmedinsCode, opterNo, signTime.toISOString()],
    );
  }

  /** Ends a session; false when it was not open for this institution. */
  async signOut(signNo: string, fixmedinsCode: string, at: Date): Promise<boolean> {
    const rows = await this.q(
      `UPDATE {s}.his_sessions SET signed_out_at = $3
       WHERE sign_no = $1 AND fixmedins_code = $2 AND signed_out_at IS NULL RETURNING sign_no`,
      [signNo, fixmedinsCode, at.toISOString()],
    );
    this.sessions.delete(`${fixmedinsCode}|${signNo}`);
    return rows.length === 1;
  }

  /** From a short-lived cache of open sessions: every message carries its sign_no. */
  async isSignedIn(signNo: string, fixmedinsCode: string): Promise<boolean> {
    const key = `${fixmedinsCode}|${signNo}`;
    if (this.sessions.get(key)) return true;
    const open = await this.readSession(signNo, fixmedinsCode);
    if (open) this.sessions.set(key, true);
    return open;
  }

  private async readSession(signNo: string, fixmedinsCode: string): Promise<boolean> {
    const rows = await this.q(
      'SELECT 1 FROM {s}.his_sessions WHERE sign_no = $1 AND fixmedins_code = $2 AND signed_out_at IS NULL',
      [signNo, fixmedinsCode],
    );
    return rows.length === 1;
  }

  async findMessage(fixmedinsCode: string, msgid: string): Promise<StoredMessage | undefined> {
    const [row] = await this.q<StoredMessage & Row>(
      'SELECT infno, request_hash, response, reversed FROM {s}.processed_messages WHERE fixmedins_code = $1 AND msgid = $2',
      [fixmedinsCode, msgid],
    );
    return row;
  }

  /** Records the answer to a message; if another request with the msgid won the race, returns what it stored. */
  async saveMessage(fixmedinsCode: string, msgid: string, message: StoredMessage): Promise<StoredMessage> {
    const [inserted] = await this.q<StoredMessage & Row>(
      `INSERT INTO {s}.processed_messages (fixmedins_code, msgid, infno, request_hash, response)
       VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING infno, request_hash, response`,
      [fixmedinsCode, msgid, message.infno, message.request_hash, JSON.stringify(message.response)],
    );
    return inserted ?? (await this.findMessage(fixmedinsCode, msgid))!;
  }

  /**
   * Marks a message reversed (2601); a message never seen is recorded as reversed with no answer, so that it is
   * refused if it arrives late. Returns what was stored before, if anything.
   */
  async markReversed(
    fixmedinsCode: string,
    msgid: string,
    infno: string,
  ): Promise<StoredMessage | undefined> {
    const before = await this.findMessage(fixmedinsCode, msgid);
    await this.q(
      `INSERT INTO {s}.processed_messages (fixmedins_code, msgid, infno, request_hash, response, reversed)
       VALUES ($1, $2, $3, '', NULL, true)
       ON CONFLICT (fixmedins_code, msgid) DO UPDATE SET reversed = true`,
      [fixmedinsCode, msgid, infno],
    );
    return before;
  }
}
