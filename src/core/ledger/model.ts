// Double-entry accounts and transfers of the national hub's ledger (TigerBeetle's model), and its typed refusals.

/** The one ledger of the hub: Chinese yuan (ISO 4217 numeric 156), in fen. Transfers never cross ledgers. */
export const LEDGER_CNY = 156;

/** Hard limit of one batch: a month's clearing is 31 × 30 pairs at most, plus netting and payments. */
export const MAX_BATCH_TRANSFERS = 8_190;

export interface AccountFlags {
  /** A credit-normal account (预付金, a receivable, a hospital): its balance credits − debits never goes below 0. */
  readonly debits_must_not_exceed_credits: boolean;
  /** A debit-normal account (a payable, advances): its balance debits − credits never goes below 0. */
  readonly credits_must_not_exceed_debits: boolean;
}

export interface Account {
  /** `130000:prepaid`, `460000:advances`, `H:H46010800012` … (see chart.ts). */
  readonly id: string;
  readonly ledger: number;
  readonly flags: AccountFlags;
  readonly debits_posted_fen: number;
  readonly credits_posted_fen: number;
}

export const TRANSFER_CODES = [
  'deposit',
  'adjustment',
  'clearing',
  'netting',
  'prepaid-draw',
  'disbursement',
  'collection',
  'hospital-advance',
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export interface Transfer {
  /** The idempotency key: the same id posted again is the same transfer, never a second one. */
  readonly id: string;
  readonly debit_account_id: string;
  readonly credit_account_id: string;
  readonly amount_fen: number;
  readonly ledger: number;
  readonly code: TransferCode;
  /** yyyy-MM: the clearing period (月份) the movement belongs to. */
  readonly period: string;
  readonly memo: string;
}

export type LedgerErrorCode =
  | 'transfer-invalid'
  | 'amount-invalid'
  | 'period-invalid'
  | 'account-invalid'
  | 'accounts-same'
  | 'ledger-mismatch'
  | 'batch-too-large'
  | 'duplicate-id'
  | 'exists-different'
  | 'exceeds-credits'
  | 'exceeds-debits'
  | 'unknown-account'
  | 'instruction-unknown'
  | 'not-balanced';

/** A refusal of the ledger: a stable code, the transfer it is about, and a reason a clerk understands. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    readonly transfer_id: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** Debits minus credits: positive for a debit-normal account in use. */
export const debitBalanceOf = (a: Pick<Account, 'debits_posted_fen' | 'credits_posted_fen'>): number =>
  a.debits_posted_fen - a.credits_posted_fen;

/** Credits minus debits: positive for a credit-normal account in use. */
export const creditBalanceOf = (a: Pick<Account, 'debits_posted_fen' | 'credits_posted_fen'>): number =>
  a.credits_posted_fen - a.debits_posted_fen;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isPeriod = (text: string): boolean => PERIOD.test(text);
