// The hub's ledger tables: accounts and transfers, balances updated in the same transaction as the transfers land.
import {
  type Account,
  accountSpec,
  applyBatch,
  type ClearingPair,
  LedgerError,
  type NetPosition,
  type PaymentInstruction,
  partOfId,
  sameTransfer,
  sumsOf,
  type Transfer,
  type TransferCode,
  type WarningLevel,
} from '../core/ledger/index.ts';
import type { Db, Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

export interface PostResult {
  /** The transfers as stored: the originals for those posted before. */
  readonly transfers: readonly Transfer[];
  /** How many were new. */
  readonly posted: number;
  /** True when every transfer had been posted before (nothing changed). */
  readonly replayed: boolean;
}

export interface ClearingRecord {
  readonly period: string;
  readonly pairs: readonly ClearingPair[];
  readonly positions: readonly NetPosition[];
  readonly instructions: readonly PaymentInstruction[];
  readonly transfers: number;
}

export interface TopupRequest {
  readonly id: number;
  readonly province: string;
  readonly level: Exclude<WarningLevel, 'none'>;
  readonly usage_bp: number | null;
  readonly balance_fen: number;
  readonly owed_fen: number;
  readonly requested_fen: number;
  readonly requested_at: string;
  readonly resolved_at: string | null;
}

interface AccountRow extends Row {
  id: string;
  ledger: number;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  debits_posted_fen: number;
  credits_posted_fen: number;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  ledger: r.ledger,
  flags: {
    debits_must_not_exceed_credits: r.debits_must_not_exceed_credits,
    credits_must_not_exceed_debits: r.credits_must_not_exceed_debits,
  },
  debits_posted_fen: r.debits_posted_fen,
  credits_posted_fen: r.credits_posted_fen,
});

const TRANSFER_COLUMNS = 'id, debit_account_id, credit_account_id, amount_fen, ledger, code, period, memo';
const toTransfer = (r: Row): Transfer => ({
  id: r.id as string,
  debit_account_id: r.debit_account_id as string,
  credit_account_id: r.credit_account_id as string,
  amount_fen: r.amount_fen as number,
  ledger: r.ledger as number,
  code: r.code as TransferCode,
  period: r.period as string,
  memo: r.memo as string,
});

/** The ledger's statements inside one transaction. */
export class LedgerTx {
  constructor(private readonly tx: Queryable) {}

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.tx.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  /**
   * Opens the accounts of the chart that do not exist yet and locks them all until the transaction ends, in id order
   * (two batches touching the same accounts queue instead of deadlocking).
   */
  async lockAccounts(ids: readonly string[]): Promise<Map<string, Account>> {
    const sorted = [...new Set(ids)].sort();
    const specs = sorted.map((id) => {
      const spec = accountSpec(id);
      return {
        id,
        ledger: spec.ledger,
        dnec: spec.flags.debits_must_not_exceed_credits,
        cned: spec.flags.credits_must_not_exceed_debits,
      };
    });
    await this.q(
      `INSERT INTO {s}.ledger_accounts (id, ledger, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
       SELECT id, ledger, dnec, cned FROM jsonb_to_recordset($1::jsonb) AS a(id text, ledger integer, dnec boolean, cned boolean)
       ORDER BY id ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(specs)],
    );
    const rows = await this.q<AccountRow>(
      'SELECT * FROM {s}.ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
      [sorted],
    );
    return new Map(rows.map((r) => [r.id, toAccount(r)]));
  }

  async transfersById(ids: readonly string[]): Promise<Map<string, Transfer>> {
    const rows = await this.q(
      `SELECT ${TRANSFER_COLUMNS} FROM {s}.ledger_transfers WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as string, toTransfer(r)]));
  }

  /**
   * Posts a batch: all of it or nothing. Transfers posted before with the same content are answered as they were;
   * the same id with other content is refused (exists-different). After the batch, the whole ledger must sum to zero.
   */
  async post(transfers: readonly Transfer[]): Promise<PostResult> {
    const ids = transfers.map((t) => t.id);
    if (new Set(ids).size !== ids.length) {
      const dup = ids.find((id, i) => ids.indexOf(id) !== i) ?? null;
      throw new LedgerError('duplicate-id', dup, `同一批中转账编号${dup}重复`);
    }
    const accounts = await this.lockAccounts(
      transfers.flatMap((t) => [t.debit_account_id, t.credit_account_id]),
    );
    // Read after the locks: a concurrent batch with the same ids has committed or not started.
    const existing = await this.transfersById(ids);
    const fresh: Transfer[] = [];
    for (const t of transfers) {
      const before = existing.get(t.id);
      if (!before) fresh.push(t);
      else if (!sameTransfer(before, t))
        throw new LedgerError('exists-different', t.id, `转账${t.id}已以不同内容入账，不能重复使用编号`);
    }
    if (fresh.length > 0) {
      const next = applyBatch(accounts, fresh);
      await this.q(
        `INSERT INTO {s}.ledger_transfers (${TRANSFER_COLUMNS})
         SELECT t->>'id', t->>'debit_account_id', t->>'credit_account_id', (t->>'amount_fen')::bigint,
           (t->>'ledger')::integer, t->>'code', t->>'period', t->>'memo'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(t, n) ORDER BY n`,
        [JSON.stringify(fresh)],
      );
      await this.q(
        `UPDATE {s}.ledger_accounts a SET debits_posted_fen = n.d, credits_posted_fen = n.c
         FROM jsonb_to_recordset($1::jsonb) AS n(id text, d bigint, c bigint) WHERE a.id = n.id`,
        [
          JSON.stringify(
            [...next.values()].map((a) => ({ id: a.id, d: a.debits_posted_fen, c: a.credits_posted_fen })),
          ),
        ],
      );
      await this.assertZeroSum();
    }
    return {
      transfers: transfers.map((t) => existing.get(t.id) ?? t),
      posted: fresh.length,
      replayed: fresh.length === 0,
    };
  }

  /** The invariant, checked in the database after every batch: all debits equal all credits. */
  async assertZeroSum(): Promise<void> {
    const [row] = await this.q<{ d: number; c: number }>(
      `SELECT coalesce(sum(debits_posted_fen), 0)::bigint AS d, coalesce(sum(credits_posted_fen), 0)::bigint AS c
       FROM {s}.ledger_accounts`,
    );
    if (!row || row.d !== row.c)
      throw new LedgerError('not-balanced', null, `账簿不平：借方合计${row?.d}分，贷方合计${row?.c}分`);
  }

  async clearing(period: string): Promise<ClearingRecord | undefined> {
    const [row] = await this.q('SELECT * FROM {s}.ledger_clearings WHERE period = $1', [period]);
    if (!row) return undefined;
    const rows = await this.q<Omit<PaymentInstruction, 'part'> & Row>(
      // The plan's order: by province, the fund part before the account part, a draw before a collection.
      `SELECT id, period, kind, payer, payee, amount_fen FROM {s}.payment_instructions WHERE period = $1
       ORDER BY CASE WHEN payer = 'national' THEN payee ELSE payer END,
         CASE WHEN id LIKE '%:acct' THEN 1 ELSE 0 END,
         CASE kind WHEN 'prepaid-draw' THEN 0 WHEN 'collect' THEN 1 ELSE 2 END`,
      [period],
    );
    // The table predates the account part; the instruction id carries it (see partOfId).
    const instructions: PaymentInstruction[] = rows.map((r) => ({
      id: r.id,
      period: r.period,
      kind: r.kind,
      part: partOfId(r.id),
      payer: r.payer,
      payee: r.payee,
      amount_fen: r.amount_fen,
    }));
    return {
      period,
      pairs: row.pairs as ClearingPair[],
      positions: row.positions as NetPosition[],
      instructions,
      transfers: row.transfers as number,
    };
  }

  async recordClearing(record: ClearingRecord): Promise<void> {
    await this.q(
      'INSERT INTO {s}.ledger_clearings (period, pairs, positions, transfers) VALUES ($1, $2::jsonb, $3::jsonb, $4)',
      [record.period, JSON.stringify(record.pairs), JSON.stringify(record.positions), record.transfers],
    );
    await this.q(
      `INSERT INTO {s}.payment_instructions (id, period, kind, payer, payee, amount_fen)
       SELECT id, period, kind, payer, payee, amount_fen FROM jsonb_to_recordset($1::jsonb)
         AS i(id text, period text, kind text, payer text, payee text, amount_fen bigint)`,
      [JSON.stringify(record.instructions)],
    );
  }
}

export class LedgerStore {
  constructor(private readonly db: Db) {}

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  transaction<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new LedgerTx(tx)));
  }

  post(transfers: readonly Transfer[]): Promise<PostResult> {
    return this.transaction((tx) => tx.post(transfers));
  }

  async accounts(): Promise<Account[]> {
    return (await this.q<AccountRow>('SELECT * FROM {s}.ledger_accounts ORDER BY id')).map(toAccount);
  }

  async account(id: string): Promise<Account | undefined> {
    const [row] = await this.q<AccountRow>('SELECT * FROM {s}.ledger_accounts WHERE id = $1', [id]);
    return row && toAccount(row);
  }

  async transfers(filter: { period?: string; account?: string } = {}): Promise<Transfer[]> {
    const rows = await this.q(
      `SELECT ${TRANSFER_COLUMNS} FROM {s}.ledger_transfers
       WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR debit_account_id = $2 OR credit_account_id = $2)
       ORDER BY seq`,
      [filter.period ?? null, filter.account ?? null],
    );
    return rows.map(toTransfer);
  }

  /** Debit and credit totals of the whole ledger. */
  async sums(): Promise<{ debits_fen: number; credits_fen: number }> {
    return sumsOf(await this.accounts());
  }

  /**
   * What the province owed as insured place (fund and personal-account payments, both drawn from 预付金) in each of
   * the latest `months` cleared periods, oldest first: the signed sum of its pairs, 0 for a period it had none in (a
   * quiet month lowers the average too).
   */
  async clearedMonthlyPayable(
    province: string,
    months: number,
  ): Promise<{ period: string; owed_fen: number }[]> {
    return this.q<{ period: string; owed_fen: number }>(
      `SELECT c.period, coalesce((SELECT sum((p->>'fund_fen')::bigint + coalesce((p->>'acct_pay_fen')::bigint, 0))
                                  FROM jsonb_array_elements(c.pairs) AS p
                                  WHERE p->>'insured_province' = $1), 0)::bigint AS owed_fen
       FROM (SELECT period, pairs FROM {s}.ledger_clearings ORDER BY period DESC LIMIT $2) AS c
       ORDER BY c.period`,
      [province, months],
    );
  }

  /** The periods from `from` to `to` (yyyy-MM, both included) that have been posted, in order. */
  async postedPeriods(from: string, to: string): Promise<string[]> {
    const rows = await this.q<{ period: string }>(
      'SELECT period FROM {s}.ledger_clearings WHERE period >= $1 AND period <= $2 ORDER BY period',
      [from, to],
    );
    return rows.map((r) => r.period);
  }

  clearing(period: string): Promise<ClearingRecord | undefined> {
    return this.transaction((tx) => tx.clearing(period));
  }

  async topupRequests(province?: string): Promise<TopupRequest[]> {
    return this.q<TopupRequest & Row>(
      `SELECT id::int AS id, province, level, usage_bp, balance_fen, owed_fen, requested_fen,
         to_char(requested_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS requested_at,
         to_char(resolved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS resolved_at
       FROM {s}.prepaid_topup_requests WHERE ($1::text IS NULL OR province = $1) ORDER BY id`,
      [province ?? null],
    );
  }

  /** Opens a top-up request unless one of that level is open for the province (idempotent per province and level). */
  async openTopupRequest(r: Omit<TopupRequest, 'id' | 'requested_at' | 'resolved_at'>): Promise<void> {
    await this.q(
      `INSERT INTO {s}.prepaid_topup_requests (province, level, usage_bp, balance_fen, owed_fen, requested_fen)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (province, level) WHERE resolved_at IS NULL DO NOTHING`,
      [r.province, r.level, r.usage_bp, r.balance_fen, r.owed_fen, r.requested_fen],
    );
  }

  /** Closes the open requests of the levels the province is no longer at. */
  async resolveTopupRequests(province: string, levels: readonly string[]): Promise<void> {
    if (levels.length === 0) return;
    await this.q(
      `UPDATE {s}.prepaid_topup_requests SET resolved_at = now()
       WHERE province = $1 AND level = ANY($2::text[]) AND resolved_at IS NULL`,
      [province, levels],
    );
  }
}
