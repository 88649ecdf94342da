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
  type NetPosition,
  normalizePairs,
  type PaymentInstruction,
  PREPAID_YELLOW_BP,
  type PrepaidSizing,
  payableAccount,
  planClearing,
  planCollection,
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
import { postHospitalAdvances } from './hospital-advances.ts';
import { type SettlementStatsPort, unclearedOfInsured } from './uncleared-settlements.ts';

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
  /**
   * What it owes against the fund, fund and personal-account payments alike: cleared and not yet paid, plus its
   * insured's cross-province settlements of periods not posted yet.
   */
  readonly owed_fen: number;
  /** The part of owed_fen from periods not posted yet. */
  readonly uncleared_fen: number;
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
  /**
   * The nodes' settlement statistics (the hub's `settlementStats`): where the fund and account payments of periods
   * not posted yet come from. Without it only what a caller passes counts.
   */
  readonly settlementStats?: SettlementStatsPort;
}

export interface PrepaidStatusOptions {
  /** What the province owes for periods not posted yet, when the caller knows it (the nodes are not asked). */
  readonly uncleared_fen?: number;
  /** The moment the periods not posted yet are counted up to (the edge's clock); the service's clock otherwise. */
  readonly as_of?: Date;
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
    if (!posted.replayed) {
      // The payers' warnings follow the posting; the nodes are asked once for all of them.
      const uncleared = await this.uncleared();
      for (const province of new Set(
        posted.positions.filter((p) => p.payable_fen > 0).map((p) => p.province),
      ))
        await this.statusOf(province, uncleared.get(province) ?? 0);
    }
    return posted;
  }

  /** The treatment-place agency's advances of the month to its hospitals, one transfer per hospital, part and period. */
  postHospitalAdvances(
    period: string,
    rows: readonly HospitalAdvanceRow[],
  ): Promise<{ transfers: number; replayed: boolean }> {
    return postHospitalAdvances(this.store, period, rows);
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
  async prepaidStatus(province: string, options: PrepaidStatusOptions = {}): Promise<PrepaidStatus> {
    const uncleared = options.uncleared_fen ?? (await this.uncleared(options.as_of)).get(province) ?? 0;
    return this.statusOf(province, uncleared);
  }

  /** Every province's 预付金 status (the national dashboard); the nodes are asked once for all of them. */
  async prepaidStatuses(options: { as_of?: Date } = {}): Promise<PrepaidStatus[]> {
    const uncleared = await this.uncleared(options.as_of);
    const out: PrepaidStatus[] = [];
    for (const province of [...(await this.options.provinces())].sort())
      out.push(await this.statusOf(province, uncleared.get(province) ?? 0));
    return out;
  }

  /** Per insured province, the fund and account payments of periods not posted yet, from the nodes. */
  private async uncleared(asOf?: Date): Promise<ReadonlyMap<string, number>> {
    if (!this.options.settlementStats) return new Map();
    return unclearedOfInsured(this.options.settlementStats, this.store, asOf ?? this.now());
  }

  private async statusOf(province: string, unclearedFen: number): Promise<PrepaidStatus> {
    const [prepaid, payable, acctPayable, history] = await Promise.all([
      this.store.account(provinceAccount(province, 'prepaid')),
      this.store.account(payableAccount(province, 'fund')),
      this.store.account(payableAccount(province, 'acct')),
      this.store.clearedMonthlyPayable(province, this.sizing.historyMonths),
    ]);
    const balance = prepaid ? creditBalanceOf(prepaid) : 0;
    const uncleared = Math.max(0, unclearedFen);
    // 预付金 is drawn for fund and account payments alike (planClearing), so both count against it.
    const owed =
      Math.max(0, payable ? debitBalanceOf(payable) : 0) +
      Math.max(0, acctPayable ? debitBalanceOf(acctPayable) : 0) +
      uncleared;
    const required = this.requiredPrepaid(
      province,
      history.map((h) => h.owed_fen),
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
      uncleared_fen: uncleared,
      usage_bp: usage,
      level,
      topup_requests: open,
    };
  }

  /**
   * Records that a province's 财政专户 paid what a clearing's collect instructions (fund and account part) asked of
   * it; idempotent by period and province. Refuses (instruction-unknown) a period with no such instruction.
   */
  async recordCollection(
    period: string,
    province: string,
  ): Promise<{ transfers: readonly Transfer[]; amount_fen: number; replayed: boolean }> {
    const record = await this.store.clearing(period);
    const transfers = planCollection(period, province, record?.instructions ?? []);
    const result = await this.store.post(transfers);
    return {
      transfers: result.transfers,
      amount_fen: result.transfers.reduce((sum, t) => sum + t.amount_fen, 0),
      replayed: result.replayed,
    };
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
      p.fund_fen === b[i]!.fund_fen &&
      (p.acct_pay_fen ?? 0) === (b[i]!.acct_pay_fen ?? 0),
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
