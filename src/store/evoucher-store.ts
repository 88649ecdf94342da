// 医保电子凭证 of one node: the short-lived tokens its portal issued, with the person each one names.
import type { Person } from '../core/dataset/model.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

/** Whom a token names and until when: every insurance-type row of the person. */
export interface EvoucherHolder {
  readonly expires_at: Date;
  readonly persons: readonly Person[];
}

export class EvoucherStore {
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

  async insert(token: string, psnNo: string, issuedAt: Date, expiresAt: Date): Promise<void> {
    await this.q('INSERT INTO {s}.evouchers (token, psn_no, issued_at, expires_at) VALUES ($1, $2, $3, $4)', [
      token,
      psnNo,
      issuedAt,
      expiresAt,
    ]);
  }

  /** Deletes the tokens that expired before `cutoff`; the count of rows gone. */
  async pruneExpiredBefore(cutoff: Date): Promise<number> {
    const rows = await this.q<{ token: string }>(
      'DELETE FROM {s}.evouchers WHERE expires_at < $1 RETURNING token',
      [cutoff],
    );
    return rows.length;
  }

  /** The token's expiry and person, in one round trip (1101 reads it at the hospital's desk); undefined when unknown. */
  async holder(token: string): Promise<EvoucherHolder | undefined> {
    const rows = await this.q<Person & Row & { evoucher_expires_at: Date | string }>(
      `SELECT e.expires_at AS evoucher_expires_at, p.* FROM {s}.evouchers e
         JOIN {s}.persons p ON p.psn_no = e.psn_no
       WHERE e.token = $1 ORDER BY p.insutype`,
      [token],
    );
    const [first] = rows;
    if (!first) return undefined;
    return {
      expires_at: new Date(first.evoucher_expires_at),
      persons: rows.map(({ evoucher_expires_at: _expiry, ...person }) => person as Person),
    };
  }

  /** How many tokens the node keeps (live and recently expired), for tests and stats. */
  async count(): Promise<number> {
    const [row] = await this.q<{ n: number }>('SELECT count(*)::int AS n FROM {s}.evouchers');
    return row!.n;
  }
}
