// 月度清算 in the hub: collects every node's facts of a period over the bus (in pages), reconciles them, keeps the
// period's state machine, and posts a confirmed period to the ledger through the ClearingPoster port.
import type { Bus, Json } from '../bus/port.ts';
import type { ClearingAdjustment } from '../core/clearing/adjustments.ts';
import { byProvince, type GroupDigest, type GroupKey, type TreatmentGroup } from '../core/clearing/digest.ts';
import type { InsuredFact, Period, TreatmentFact } from '../core/clearing/facts.ts';
import { isPeriod } from '../core/clearing/facts.ts';
import {
  ClearingError,
  type ClearingOutcome,
  type ClearingRun,
  type Confirmation,
  confirmInsured,
  confirmTreatment,
  isFrozen,
  missingConfirmations,
  type Posting,
  postingStep,
  postingsOf,
  postRun,
  reconcileRun,
  type Side,
} from '../core/clearing/machine.ts';
import { differingCells, differingGroups, outcomeOfDigests } from '../core/clearing/outcome.ts';
import type { ClearingDifference } from '../core/clearing/reconcile.ts';
import type { HospitalStatement, PairTotals } from '../core/clearing/totals.ts';
import { bookingPeriod } from '../core/cross-check/case.ts';
import {
  CLEARING_FACTS_OPERATION,
  CLEARING_FACTS_TIMEOUT_MS,
  type ClearingFactsAnswer,
  type ClearingFactsRequest,
  type ClearingSide,
  MAX_CLEARING_KEYS,
} from '../node/clearing-facts.ts';
import { nodeSubject } from '../node/subjects.ts';
import { ClearingStore } from '../store/clearing-store.ts';
import type { Db } from '../store/db.ts';
import type { HubStore } from '../store/hub-store.ts';

/** The ledger as clearing needs it (the hub's `ledger` service implements it): 清算 transfers and hospital payments. */
export interface ClearingPoster {
  postClearing(
    period: Period,
    pairs: readonly {
      treatment_province: string;
      insured_province: string;
      fund_fen: number;
      /** Personal-account payments (个人账户), posted apart from the fund's share. */
      acct_pay_fen: number;
    }[],
  ): Promise<{
    transfers: number;
    instructions: readonly unknown[];
    positions?: readonly unknown[];
    replayed: boolean;
  }>;
  postHospitalAdvances(
    period: Period,
    rows: readonly { province: string; fixmedins_code: string; fund_fen: number; acct_pay_fen: number }[],
  ): Promise<unknown>;
}

export const isClearingPoster = (value: unknown): value is ClearingPoster =>
  typeof (value as ClearingPoster | null)?.postClearing === 'function' &&
  typeof (value as ClearingPoster | null)?.postHospitalAdvances === 'function';

/** How far collecting a period has come, for a progress bar. */
export interface CollectProgress {
  /** Requests to the nodes answered, of `total` (which grows when groups differ and their buckets are asked for). */
  readonly done: number;
  readonly total: number;
  /** Treatment records of the period accounted for so far. */
  readonly facts: number;
}

export interface ClearingView {
  readonly period: Period;
  readonly status: ClearingRun['status'];
  readonly facts: { readonly treatment: number; readonly insured: number; readonly matched: number };
  readonly pairs: readonly PairTotals[];
  readonly hospitals: readonly HospitalStatement[];
  readonly differences: readonly ClearingDifference[];
  /** 协查核减 booked into the period: the insured province owes that much less, the hospital is paid that much less. */
  readonly adjustments: readonly ClearingAdjustment[];
  readonly confirmations: readonly Confirmation[];
  /** Sides still to confirm, e.g. `460000（就医地）`. */
  readonly awaiting: readonly string[];
  readonly posting: Posting | null;
}

export class ClearingService {
  readonly store: ClearingStore;
  /** Transitions of one period run one after another (a run and a confirmation must not interleave). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    db: Db,
    private readonly bus: Bus,
    private readonly hubStore: HubStore,
    private readonly poster: () => ClearingPoster | undefined,
  ) {
    this.store = new ClearingStore(db);
  }

  async view(period: Period): Promise<ClearingView> {
    return viewOf(await this.store.run(checked(period)));
  }

  /**
   * Collects and reconciles the period: draft | blocked | reconciled → blocked | reconciled. A period with a
   * confirmation is frozen: the stored answer comes back and no node is asked.
   */
  run(period: Period, onProgress: (progress: CollectProgress) => void = () => {}): Promise<ClearingView> {
    return this.serial(checked(period), async () => {
      const before = await this.store.run(period);
      if (isFrozen(before)) return viewOf(before);
      const collected = await this.collect(period, onProgress);
      const adjustments = await this.store.adjustments(period);
      const after = reconcileRun(before, adjustments.length > 0 ? { ...collected, adjustments } : collected);
      if (after.status === 'draft') return viewOf(after);
      await this.store.saveOutcome(after);
      return viewOf(after);
    });
  }

  /** A province confirms the period as treatment and/or insured place. */
  confirm(
    period: Period,
    province: string,
    sides: readonly Side[],
    by: string,
    at: string,
  ): Promise<ClearingView> {
    return this.serial(checked(period), async () => {
      const before = await this.store.run(period);
      let run = before;
      for (const side of sides)
        run =
          side === 'treatment'
            ? confirmTreatment(run, province, by, at)
            : confirmInsured(run, province, by, at);
      if (run !== before && run.status !== 'draft' && run.status !== 'blocked')
        await this.store.saveTransition(run);
      return viewOf(run);
    });
  }

  /** confirmed → posted: the pairs' fund payments and the hospitals' cleared payments go to the ledger, once. */
  post(period: Period): Promise<ClearingView> {
    return this.serial(checked(period), async () => {
      const before = await this.store.run(period);
      if (postingStep(before) === 'replay') return viewOf(before);
      const poster = this.poster();
      if (!poster) throw new ClearingError('ledger-unavailable', '清算账簿（预付金）服务未启用，暂不能过账');
      const confirmed = before as Extract<ClearingRun, { status: 'reconciled' | 'confirmed' }>;
      const postings = postingsOf(confirmed.outcome);
      // Both calls are idempotent by period in the ledger: a crash between them and the save is repaired by posting again.
      const answer = await poster.postClearing(period, postings.pairs);
      await poster.postHospitalAdvances(period, postings.hospitals);
      const after = postRun(before, {
        transfers: answer.transfers,
        instructions: answer.instructions,
        positions: answer.positions ?? [],
        replayed: answer.replayed,
      });
      await this.store.saveTransition(after as Extract<ClearingRun, { status: 'posted' }>);
      return viewOf(after);
    });
  }

  /**
   * Books something into the first period from `from` whose clearing is still open (draft or blocked), in that
   * period's queue: a run of the period either comes after the booking and includes it, or reconciled before it and
   * the booking moves on to the next period. Answers the period.
   */
  async book(from: Period, write: (period: Period) => Promise<void>): Promise<Period> {
    for (;;) {
      const period = bookingPeriod(from, await this.store.closedPeriods(from));
      const booked = await this.serial(period, async () => {
        if ((await this.store.closedPeriods(period)).has(period)) return false;
        await write(period);
        return true;
      });
      if (booked) return period;
    }
  }

  /**
   * Every routed node's side of the period, by digest: the groups of both sides, the buckets of the groups that
   * differ, the records of the buckets that differ (each level asks only the nodes concerned); a node that does not
   * answer fails the run.
   */
  private async collect(
    period: Period,
    onProgress: (progress: CollectProgress) => void,
  ): Promise<ClearingOutcome> {
    const provinces = new Set((await this.hubStore.routes()).map((r) => r.province));
    let total = provinces.size * 2;
    let done = 0;
    let records = 0;
    onProgress({ done, total, facts: 0 });
    const ask = async (province: string, request: ClearingFactsRequest): Promise<ClearingFactsAnswer> => {
      try {
        return (await this.bus.request(
          nodeSubject(province, CLEARING_FACTS_OPERATION),
          request as unknown as Json,
          {
            timeoutMs: CLEARING_FACTS_TIMEOUT_MS,
          },
        )) as unknown as ClearingFactsAnswer;
      } catch (error) {
        const what = request.side === 'treatment' ? '就医地结算' : '参保地待遇决定';
        throw new ClearingError(
          'node-unavailable',
          `${province}未提供${what}数据（${(error as Error).message}），本期清算不能完成`,
        );
      } finally {
        done += 1;
        onProgress({ done, total, facts: records });
      }
    };
    // One level: the keys each side's province answers for, in requests of at most MAX_CLEARING_KEYS keys.
    const level = async <K extends GroupKey, A>(
      keys: readonly K[],
      request: (side: ClearingSide, chunk: K[]) => ClearingFactsRequest,
      pick: (answer: ClearingFactsAnswer) => readonly A[] | undefined,
    ): Promise<{ treatment: A[]; insured: A[] }> => {
      const out = { treatment: [] as A[], insured: [] as A[] };
      const calls: Promise<void>[] = [];
      for (const side of ['treatment', 'insured'] as const)
        for (const [province, mine] of byProvince(keys, side)) {
          if (!provinces.has(province)) continue; // no such node: its side has nothing, and the keys differ
          for (let k = 0; k < mine.length; k += MAX_CLEARING_KEYS) {
            const chunk = mine.slice(k, k + MAX_CLEARING_KEYS);
            total += 1;
            calls.push(
              ask(province, request(side, chunk)).then((a) => void out[side].push(...(pick(a) ?? []))),
            );
          }
        }
      await Promise.all(calls);
      return out;
    };

    const groups = { treatment: [] as TreatmentGroup[], insured: [] as GroupDigest[] };
    await Promise.all(
      [...provinces].flatMap((province) =>
        (['treatment', 'insured'] as const).map(async (side) => {
          const answer = await ask(province, { side, period, level: 'groups' });
          for (const g of answer.groups ?? []) {
            (groups[side] as GroupDigest[]).push(g);
            if (side === 'treatment') records += g.count;
          }
        }),
      ),
    );
    const cells = await level(
      differingGroups(groups),
      (side, chunk) => ({ side, period, level: 'cells', groups: chunk }),
      (a) => a.cells,
    );
    const facts = await level(
      differingCells({ treatmentCells: cells.treatment, insuredCells: cells.insured }),
      (side, chunk) => ({ side, period, level: 'facts', cells: chunk }),
      (a) => a.facts,
    );
    return outcomeOfDigests(period, {
      treatment: groups.treatment,
      insured: groups.insured,
      treatmentCells: cells.treatment,
      insuredCells: cells.insured,
      treatmentFacts: facts.treatment as TreatmentFact[],
      insuredFacts: facts.insured as InsuredFact[],
    });
  }

  private serial<T>(period: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(period) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(period, settled);
    void settled.then(() => {
      if (this.queues.get(period) === settled) this.queues.delete(period);
    });
    return next;
  }
}

function checked(period: string): Period {
  if (!isPeriod(period)) throw new ClearingError('period-invalid', `清算期${period}须为 yyyy-MM`);
  return period;
}

export function viewOf(run: ClearingRun): ClearingView {
  const outcome = run.status === 'draft' ? undefined : run.outcome;
  return {
    period: run.period,
    status: run.status,
    facts: {
      treatment: outcome?.treatment_facts ?? 0,
      insured: outcome?.insured_facts ?? 0,
      matched: outcome?.matched ?? 0,
    },
    pairs: outcome?.pairs ?? [],
    hospitals: outcome?.hospitals ?? [],
    differences: outcome?.differences ?? [],
    adjustments: outcome?.adjustments ?? [],
    confirmations: run.status === 'draft' || run.status === 'blocked' ? [] : run.confirmations,
    awaiting: missingConfirmations(run),
    posting: run.status === 'posted' ? run.posting : null,
  };
}
