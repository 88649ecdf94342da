// Applies a batch of transfers to account balances, all or nothing, and checks that the ledger sums to zero.
import {
  type Account,
  isPeriod,
  LedgerError,
  MAX_BATCH_TRANSFERS,
  TRANSFER_CODES,
  type Transfer,
} from './model.ts';

/** The checks of one transfer on its own, before any balance is read. */
export function validateTransfer(t: Transfer): void {
  if (!t.id || t.id.length > 200) throw new LedgerError('transfer-invalid', t.id, '转账编号缺失或过长');
  if (!Number.isSafeInteger(t.amount_fen) || t.amount_fen <= 0)
    throw new LedgerError('amount-invalid', t.id, `金额必须是正整数分（${t.amount_fen}）`);
  if (t.debit_account_id === t.credit_account_id)
    throw new LedgerError('accounts-same', t.id, `借方与贷方不能是同一账户${t.debit_account_id}`);
  if (!isPeriod(t.period)) throw new LedgerError('period-invalid', t.id, `期间${t.period}不是 yyyy-MM`);
  if (!TRANSFER_CODES.includes(t.code))
    throw new LedgerError('transfer-invalid', t.id, `未知的转账类型${t.code}`);
}

/**
 * The balances after the batch, or a LedgerError and nothing changed: the input is never mutated, so a refused
 * batch leaves every balance as it was. Transfers apply in order and each one must keep every flag; the answer holds
 * only the accounts the batch touched.
 */
export function applyBatch(
  accounts: ReadonlyMap<string, Account>,
  transfers: readonly Transfer[],
): Map<string, Account> {
  if (transfers.length > MAX_BATCH_TRANSFERS)
    throw new LedgerError('batch-too-large', null, `一批最多${MAX_BATCH_TRANSFERS}笔转账`);
  const seen = new Set<string>();
  const next = new Map<string, Account>();
  const current = (id: string, transferId: string): Account => {
    const account = next.get(id) ?? accounts.get(id);
    if (!account) throw new LedgerError('unknown-account', transferId, `账户${id}不存在`);
    return account;
  };
  let debitsFen = 0;
  let creditsFen = 0;
  for (const t of transfers) {
    validateTransfer(t);
    if (seen.has(t.id)) throw new LedgerError('duplicate-id', t.id, `同一批中转账编号${t.id}重复`);
    seen.add(t.id);
    const debit = current(t.debit_account_id, t.id);
    const credit = current(t.credit_account_id, t.id);
    if (debit.ledger !== t.ledger || credit.ledger !== t.ledger)
      throw new LedgerError('ledger-mismatch', t.id, `转账${t.id}与账户不在同一账簿`);
    const debited = { ...debit, debits_posted_fen: debit.debits_posted_fen + t.amount_fen };
    const credited = { ...credit, credits_posted_fen: credit.credits_posted_fen + t.amount_fen };
    if (
      debited.flags.debits_must_not_exceed_credits &&
      debited.debits_posted_fen > debited.credits_posted_fen
    )
      throw new LedgerError(
        'exceeds-credits',
        t.id,
        `账户${debit.id}余额不足：可用${debit.credits_posted_fen - debit.debits_posted_fen}分，需${t.amount_fen}分`,
      );
    if (
      credited.flags.credits_must_not_exceed_debits &&
      credited.credits_posted_fen > credited.debits_posted_fen
    )
      throw new LedgerError(
        'exceeds-debits',
        t.id,
        `账户${credit.id}贷方将超过借方：应付${credit.debits_posted_fen - credit.credits_posted_fen}分，拟冲${t.amount_fen}分`,
      );
    if (
      !Number.isSafeInteger(debited.debits_posted_fen) ||
      !Number.isSafeInteger(credited.credits_posted_fen)
    )
      throw new LedgerError('amount-invalid', t.id, '余额超出可精确表示的范围');
    next.set(debit.id, debited);
    next.set(credit.id, credited);
    debitsFen += t.amount_fen;
    creditsFen += t.amount_fen;
  }
  // Each transfer debits and credits the same amount, so the touched accounts moved by equal sums.
  assertZeroSum(
    [...next.values()],
    sumsOf([...next.keys()].map((id) => accounts.get(id)).filter(isAccount)),
    {
      debits_fen: debitsFen,
      credits_fen: creditsFen,
    },
  );
  return next;
}

const isAccount = (a: Account | undefined): a is Account => a !== undefined;

export interface Sums {
  readonly debits_fen: number;
  readonly credits_fen: number;
}

export function sumsOf(accounts: Iterable<Pick<Account, 'debits_posted_fen' | 'credits_posted_fen'>>): Sums {
  let debits = 0;
  let credits = 0;
  for (const a of accounts) {
    debits += a.debits_posted_fen;
    credits += a.credits_posted_fen;
  }
  return { debits_fen: debits, credits_fen: credits };
}

/**
 * The ledger's invariant: all debits equal all credits. With `before` and `moved`, also that the accounts moved by
 * exactly the batch's sums. Throws (a bug, not a refusal) when it does not hold.
 */
export function assertZeroSum(
  accounts: Iterable<Pick<Account, 'debits_posted_fen' | 'credits_posted_fen'>>,
  before?: Sums,
  moved?: Sums,
): void {
  const after = sumsOf(accounts);
  const ok =
    before && moved
      ? after.debits_fen - before.debits_fen === moved.debits_fen &&
        after.credits_fen - before.credits_fen === moved.credits_fen &&
        moved.debits_fen === moved.credits_fen
      : after.debits_fen === after.credits_fen;
  if (!ok)
    throw new LedgerError(
      'not-balanced',
      null,
      `账簿不平：借方合计${after.debits_fen}分，贷方合计${after.credits_fen}分`,
    );
}

/** Whether two transfers with the same id are the same transfer (an idempotent re-post) or a clash. */
export const sameTransfer = (a: Transfer, b: Transfer): boolean =>
  a.id === b.id &&
  a.debit_account_id === b.debit_account_id &&
  a.credit_account_id === b.credit_account_id &&
  a.amount_fen === b.amount_fen &&
  a.ledger === b.ledger &&
  a.code === b.code &&
  a.period === b.period &&
  a.memo === b.memo;
