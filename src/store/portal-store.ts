// Accounts and sessions of one node: portal passwords, one-time codes, agency staff, session tokens (hashed).
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export type SessionKind = 'portal' | 'staff';

export interface StaffAccount {
  readonly username: string;
  readonly name: string;
  /** A province `XX0000` (the whole node) or one pooling region of it. */
  readonly scope_admdvs: string;
  readonly pwd_hash: string;
  /** What the account may do (`StaffRole` of src/api/rest/sessions.ts; docs/SECURITY.md). */
  readonly roles: readonly string[];
}

export interface LoginCode {
  readonly code_hash: string;
  readonly expires_at: Date;
  readonly attempts: number;
}

export class PortalStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  async passwordHashOf(psnNo: string): Promise<string | undefined> {
    const [row] = await this.q<{ pwd_hash: string }>(
      'SELECT pwd_hash FROM {s}.portal_accounts WHERE psn_no = $1',
      [psnNo],
    );
    return row?.pwd_hash;
  }

  async setPassword(psnNo: string, pwdHash: string): Promise<void> {
    await this.q(
      `INSERT INTO {s}.portal_accounts (psn_no, pwd_hash) VALUES ($1, $2)
       ON CONFLICT (psn_no) DO UPDATE SET pwd_hash = EXCLUDED.pwd_hash`,
      [psnNo, pwdHash],
    );
  }

  async saveCode(certno: string, codeHash: string, expiresAt: Date): Promise<void> {
    await this.q(
      `INSERT INTO {s}.login_codes (certno, code_hash, expires_at, attempts) VALUES ($1, $2, $3, 0)
       ON CONFLICT (certno) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, attempts = 0`,
      [certno, codeHash, expiresAt],
    );
  }

  /** Counts one attempt and returns the code as it was before it; a used-up code is gone. */
  async takeCodeAttempt(certno: string): Promise<LoginCode | undefined> {
    const [row] = await this.q<LoginCode & Row>(
      `UPDATE {s}.login_codes SET attempts = attempts + 1 WHERE certno = $1
       RETURNING code_hash, expires_at, attempts - 1 AS attempts`,
      [certno],
    );
    return row;
  }

  async dropCode(certno: string): Promise<void> {
    await this.q('DELETE FROM {s}.login_codes WHERE certno = $1', [certno]);
  }

  async staff(username: string): Promise<StaffAccount | undefined> {
    const [row] = await this.q<StaffAccount & Row>('SELECT * FROM {s}.staff_accounts WHERE username = $1', [
      username,
    ]);
    return row;
  }

  async upsertStaff(account: StaffAccount): Promise<void> {
    await this.q(
      `INSERT INTO {s}.staff_accounts (username, name, scope_admdvs, pwd_hash, roles)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (username) DO UPDATE SET name = EXCLUDED.name, scope_admdvs = EXCLUDED.scope_admdvs,
         pwd_hash = EXCLUDED.pwd_hash, roles = EXCLUDED.roles`,
      [account.username, account.name, account.scope_admdvs, account.pwd_hash, JSON.stringify(account.roles)],
    );
  }

  async openSession(
    tokenHash: string,
    kind: SessionKind,
    subject: string,
    expiresAt: Date,
    now: Date,
  ): Promise<void> {
    // Expired sessions go as new ones come (by the caller's clock): the table holds live sessions and few stale ones.
    await this.q('DELETE FROM {s}.sessions WHERE expires_at < $1', [now]);
    await this.q('INSERT INTO {s}.sessions (token_hash, kind, subject, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      kind,
      subject,
      expiresAt,
    ]);
  }

  async session(tokenHash: string, kind: SessionKind, now: Date): Promise<string | undefined> {
    const [row] = await this.q<{ subject: string }>(
      'SELECT subject FROM {s}.sessions WHERE token_hash = $1 AND kind = $2 AND expires_at > $3',
      [tokenHash, kind, now],
    );
    return row?.subject;
  }

  async closeSession(tokenHash: string): Promise<void> {
    await this.q('DELETE FROM {s}.sessions WHERE token_hash = $1', [tokenHash]);
  }
}
