// NationalHub.ledger: posts clearings, hospital advances and 预付金 movements; answers balances and warnings.
import {
  type Account,
  type ClearingPair,
  clearingAccounts,
  creditBalanceOf,
  DEFAULT_PREPAID_SIZING,
  debitBalanceOf,
  type HospitalAdvanceRow,
  LEDGER_CNY,
  LedgerError,
  MAX_BATCH_TRANSFERS,
  type NetPosition,
  normalizePairs,
  type PaymentInstruction,
  PREPAID_YELLOW_BP,
  type PrepaidSizing,
  planClearing,
  planHospitalAdvances,
  provinceAccount,
  requiredPrepaidFen,
  type Transfer,
  usageBp,
  type WarningLevel,
  warningLevel,
} from '../core/ledger/index.ts';
import { BP_PER_UNIT } from '../core/money.ts';
import { chinaDateOf } from '../core/time.ts';
import type { Db } from '../store/db.ts';
import { LedgerStore, type TopupRequest } from '../store/ledger-store.ts';

/** A caller's id for a deposit or adjustment: short and printable (it becomes part of the transfer id). */
const CALLER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface ClearingPosted {
  readonly transfers: number;
  readonly instructions: PaymentInstruction[];
  readonly positions: NetPosition[];
  readonly replayed: boolean;
}

export interface PrepaidStatus {
  readonly province: string;
  /** 预付金 the national level holds for the province. */
  readonly balance_fen: number;
  /** Two months of its average monthly cross-province fund payments over the last 12 cleared periods (months). */
  readonly required_fen: number;
  /** required − balance, when positive. */
  readonly shortfall_fen: number;
  /** What it owes against the fund: cleared and not yet paid, plus what the caller knows of uncleared periods. */
  readonly owed_fen: number;
  /** owed ÷ balance in basis points, rounded down; null when it owes something and holds no 预付金. */
  readonly usage_bp: number | null;
  readonly level: WarningLevel;
  /** Its open 紧急调增 requests. */
  readonly topup_requests: readonly TopupRequest[];
}

export interface TrialBalanceLine {
  readonly id: string;
  readonly debits_posted_fen: number;
  readonly credits_posted_fen: number;
  /** On the account's normal side (credits − debits for a credit-normal account, debits − credits otherwise). */
  readonly balance_fen: number;
  readonly normal: 'debit' | 'credit';
}

export interface TrialBalance {
  readonly accounts: readonly TrialBalanceLine[];
  readonly debits_fen: number;
  readonly credits_fen: number;
  readonly balanced: boolean;
}

export interface LedgerServiceOptions {
  /** The provinces on the platform (the hub's routing table). */
  readonly provinces: () => Promise<readonly string[]>;
  readonly sizing?: PrepaidSizing;
  /** Dates deposits and adjustments into a period (China time); tests fix it. */
  readonly now?: () => Date;
}

export class LedgerService {
  readonly store: LedgerStore;
  private readonly sizing: PrepaidSizing;
  private readonly now: () => Date;

  constructor(
    db: Db,
    private readonly options: LedgerServiceOptions,
  ) {
    this.store = new LedgerStore(db);
    this.sizing = options.sizing ?? DEFAULT_PREPAID_SIZING;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Posts a confirmed period: per pair the insured province's payable to the treatment province's receivable, netted
   * per province, against 预付金, and the payment instructions. Once per period: a re-run with the same pairs answers
   * the original and changes nothing; with other amounts it is refused (corrections belong to a later period).
   */
  async postClearing(period: string, pairs: readonly ClearingPair[]): Promise<ClearingPosted> {
    const normalized = normalizePairs(period, pairs);
    const posted = await this.store.transaction(async (tx): Promise<ClearingPosted> => {
      const accounts = await tx.lockAccounts(clearingAccounts(normalized));
      const done = await tx.clearing(period);
      if (done) {
        if (!samePairs(done.pairs, normalized))
          throw new LedgerError(
            'exists-different',
            null,
            `${period}已清算，本次金额与已入账的不同；更正计入以后的清算期间`,
          );
        return {
          transfers: done.transfers,
          instructions: [...done.instructions],
          positions: [...done.positions],
          replayed: true,
        };
      }
      const plan = planClearing(period, normalized, (p) =>
        creditBalanceOf(accounts.get(provinceAccount(p, 'prepaid'))!),
      );
      await tx.post(plan.transfers);
      await tx.recordClearing({ ...plan, transfers: plan.transfers.length });
      return {
        transfers: plan.transfers.length,
        instructions: [...plan.instructions],
        positions: [...plan.positions],
        replayed: false,
      };
    });
    if (!posted.replayed)
      for (const p of posted.positions) if (p.payable_fen > 0) await this.prepaidStatus(p.province);
    return posted;
  }

  /** The treatment-place agency's advances of the month to its hospitals, one transfer per hospital and period. */
  async postHospitalAdvances(
    period: string,
    rows: readonly HospitalAdvanceRow[],
  ): Promise<{ transfers: number; replayed: boolean }> {
    const transfers = planHospitalAdvances(period, rows);
    // A province's month can pass one batch's limit; each chunk is idempotent, so a retry completes a broken run.
    let replayed = true;
    for (let i = 0; i < transfers.length; i += MAX_BATCH_TRANSFERS) {
      const result = await this.store.post(transfers.slice(i, i + MAX_BATCH_TRANSFERS));
      replayed &&= result.replayed;
    }
    return { transfers: transfers.length, replayed };
  }

  /** A 预付金 deposit from the province's 财政专户, idempotent by the caller's id. */
  deposit(
    province: string,
    amount_fen: number,
    id: string,
  ): Promise<{ transfer: Transfer; replayed: boolean }> {
    return this.movePrepaid(province, amount_fen, id, 'deposit', `预付金缴存（${id}）`);
  }

  /**
   * An adjustment of the province's 预付金 (年度调整, 紧急调增, or a refund when negative), idempotent by id;
   * a refund larger than the balance is refused and changes nothing.
   */
  adjust(
    province: string,
    amount_fen: number,
    id: string,
    memo: string,
  ): Promise<{ transfer: Transfer; replayed: boolean }> {
    return this.movePrepaid(province, amount_fen, id, 'adjustment', memo);
  }

  private async movePrepaid(
    province: string,
    signedFen: number,
    callerId: string,
    code: 'deposit' | 'adjustment',
    memo: string,
  ): Promise<{ transfer: Transfer; replayed: boolean }> {
    if (!CALLER_ID.test(callerId))
      throw new LedgerError('account-invalid', callerId, `编号${callerId}格式错误`);
    if (!Number.isSafeInteger(signedFen) || signedFen === 0 || (code === 'deposit' && signedFen < 0))
      throw new LedgerError('amount-invalid', callerId, `金额必须是非零整数分（${signedFen}）`);
    const fiscal = provinceAccount(province, 'fiscal');
    const prepaid = provinceAccount(province, 'prepaid');
    const [debit, credit] = signedFen > 0 ? [fiscal, prepaid] : [prepaid, fiscal];
    const transfer: Transfer = {
      id: `${code}:${province}:${callerId}`,
      debit_account_id: debit,
      credit_account_id: credit,
      amount_fen: Math.abs(signedFen),
      ledger: LEDGER_CNY,
      code,
      period: chinaDateOf(this.now().getTime()).slice(0, 7),
      memo,
    };
    return this.store.transaction(async (tx) => {
      await tx.lockAccounts([debit, credit]);
      // A retry in a later month is the same deposit: compare what matters, not the period it was dated into.
      const before = (await tx.transfersById([transfer.id])).get(transfer.id);
      if (before) {
        if (
          before.debit_account_id !== debit ||
          before.credit_account_id !== credit ||
          before.amount_fen !== transfer.amount_fen
        )
          throw new LedgerError(
            'exists-different',
            transfer.id,
            `编号${callerId}已用于另一笔金额不同的预付金入账`,
          );
        return { transfer: before, replayed: true };
      }
      await tx.post([transfer]);
      return { transfer, replayed: false };
    });
  }

  /** The required 预付金 from monthly fund payments, oldest first (the province is for per-province sizing later). */
  requiredPrepaid(_province: string, monthlyFundFen: readonly number[]): number {
    return requiredPrepaidFen(monthlyFundFen, this.sizing);
  }

  /**
   * The province's 预付金, what it owes against it and the warning level; at yellow or red it opens a 紧急调增
   * request to the province (once per level while open), and closes those of the levels it has fallen below.
   */
  async prepaidStatus(province: string, options: { uncleared_fen?: number } = {}): Promise<PrepaidStatus> {
    const prepaidId = provinceAccount(province, 'prepaid');
    const payableId = provinceAccount(province, 'payable');
    const [prepaid, payable, history] = await Promise.all([
      this.store.account(prepaidId),
      this.store.account(payableId),
      this.store.clearedMonthlyPayable(province, this.sizing.historyMonths),
    ]);
    const balance = prepaid ? creditBalanceOf(prepaid) : 0;
    const owed = Math.max(0, payable ? debitBalanceOf(payable) : 0) + Math.max(0, options.uncleared_fen ?? 0);
    const required = this.requiredPrepaid(
      province,
      history.map((h) => h.fund_fen),
    );
    const usage = usageBp(owed, balance);
    const level = warningLevel(usage);
    if (level !== 'none') {
      // Enough to bring usage under yellow, and at least up to the required fund.
      const target = Math.max(required, Math.floor((owed * BP_PER_UNIT) / PREPAID_YELLOW_BP) + 1);
      await this.store.openTopupRequest({
        province,
        level,
        usage_bp: usage,
        balance_fen: balance,
        owed_fen: owed,
        requested_fen: Math.max(0, target - balance),
      });
    }
    await this.store.resolveTopupRequests(
      province,
      level === 'red' ? [] : level === 'yellow' ? ['red'] : ['yellow', 'red'],
    );
    const open = (await this.store.topupRequests(province)).filter((r) => r.resolved_at === null);
    return {
      province,
      balance_fen: balance,
      required_fen: required,
      shortfall_fen: Math.max(0, required - balance),
      owed_fen: owed,
      usage_bp: usage,
      level,
      topup_requests: open,
    };
  }

  /** Every province's 预付金 status (the national dashboard). */
  async prepaidStatuses(): Promise<PrepaidStatus[]> {
    const out: PrepaidStatus[] = [];
    for (const province of [...(await this.options.provinces())].sort())
      out.push(await this.prepaidStatus(province));
    return out;
  }

  /** Records that a province's 财政专户 paid what a clearing's collect instruction asked of it. */
  async recordCollection(
    period: string,
    province: string,
  ): Promise<{ transfer: Transfer; replayed: boolean }> {
    const record = await this.store.clearing(period);
    const instruction = record?.instructions.find((i) => i.kind === 'collect' && i.payer === province);
    if (!instruction) throw new LedgerError('unknown-account', null, `${period}没有${province}的收款指令`);
    const transfer: Transfer = {
      id: `collection:${period}:${province}`,
      debit_account_id: provinceAccount(province, 'fiscal'),
      credit_account_id: provinceAccount(province, 'payable'),
      amount_fen: instruction.amount_fen,
      ledger: LEDGER_CNY,
      code: 'collection',
      period,
      memo: `${period}清算：${province}财政专户缴入`,
    };
    const result = await this.store.post([transfer]);
    return { transfer: result.transfers[0]!, replayed: result.replayed };
  }

  /** Every account's balance and the zero-sum check. */
  async trialBalance(): Promise<TrialBalance> {
    const accounts = await this.store.accounts();
    const lines = accounts.map(lineOf);
    const debits = accounts.reduce((s, a) => s + a.debits_posted_fen, 0);
    const credits = accounts.reduce((s, a) => s + a.credits_posted_fen, 0);
    return { accounts: lines, debits_fen: debits, credits_fen: credits, balanced: debits === credits };
  }
}

/** The same pairs and amounts (jsonb keeps its own key order, so compare field by field). */
const samePairs = (a: readonly ClearingPair[], b: readonly ClearingPair[]): boolean =>
  a.length === b.length &&
  a.every(
    (p, i) =>
      p.treatment_province === b[i]!.treatment_province &&
      p.insured_province === b[i]!.insured_province &&
      p.fund_fen === b[i]!.fund_fen,
  );

function lineOf(a: Account): TrialBalanceLine {
  // 财政专户 has no flag and is read as money sent in (debit-normal), like a payable.
  const credit = a.flags.debits_must_not_exceed_credits;
  return {
    id: a.id,
    debits_posted_fen: a.debits_posted_fen,
    credits_posted_fen: a.credits_posted_fen,
    balance_fen: credit ? creditBalanceOf(a) : debitBalanceOf(a),
    normal: credit ? 'credit' : 'debit',
  };
}
