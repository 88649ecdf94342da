// Orphan decisions (对账 of the saga): the insured node reverts every benefit decision that has no settlement on the
// treatment side after a grace, and reports it; the treatment node answers which decisions it has settlements for.
import { type Bus, type Json, ReplyError, type Subscription } from '../bus/port.ts';
import { provinceOf } from '../core/regions.ts';
import { formatChinaDateTime } from '../core/time.ts';
import type { Db } from '../store/db.ts';
import { DecisionFenceStore, type DecisionRef, type FenceAnswer } from '../store/decision-fences.ts';
import { type OrphanReversal, OrphanStore, type UnverifiedDecision } from '../store/orphan-store.ts';
import type { InsuredService } from './insured-service.ts';
import { nodeSubject } from './subjects.ts';

/** The treatment node's operation (`yidi.node.<province>.settlement.exists`). */
export const SETTLEMENT_EXISTS_OPERATION = 'settlement.exists';
/** Decision keys one request may name. */
export const MAX_EXISTS_KEYS = 500;
/** How long the insured node waits for one answer; a node that does not answer is asked again next round. */
export const SETTLEMENT_EXISTS_TIMEOUT_MS = 10_000;
/** Decisions one round takes per treatment province: a backlog drains over rounds. */
export const MAX_ROUND_DECISIONS_PER_PROVINCE = 5_000;
export const DEFAULT_ORPHAN_INTERVAL_MS = 60_000;
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60_000;

export interface SettlementExistsRequest {
  readonly keys: readonly DecisionRef[];
}
export type SettlementExistsAnswer = FenceAnswer;

export interface OrphanSettings {
  /** Time between rounds; 0 runs no timer (rounds only on demand, `runOnce`). */
  readonly intervalMs: number;
  /** Age a decision must reach before its treatment node is asked (the decision's created_at, insured clock). */
  readonly graceMs: number;
}

/**
 * Settings from `YIDI_ORPHAN_INTERVAL_MS` and `YIDI_ORPHAN_GRACE_MS` (milliseconds, integers ≥ 0), read once at
 * start; anything else fails the start rather than running with a setting nobody asked for.
 */
export function orphanSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OrphanSettings {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number of milliseconds ≥ 0, not ${text}`);
    return value;
  };
  return {
    intervalMs: read('YIDI_ORPHAN_INTERVAL_MS', DEFAULT_ORPHAN_INTERVAL_MS),
    graceMs: read('YIDI_ORPHAN_GRACE_MS', DEFAULT_ORPHAN_GRACE_MS),
  };
}

/** What one round did. */
export interface OrphanRound {
  /** Decisions past the grace that were asked about. */
  readonly checked: number;
  /** Found with a settlement: not asked again. */
  readonly verified: number;
  /** Found without one and reverted now (reported in orphan_reversals). */
  readonly reverted: readonly string[];
  /** Treatment provinces that did not answer (asked again next round). */
  readonly unanswered: readonly string[];
}

/** Serves the treatment side's answer on the bus. */
export function serveSettlementExists(bus: Bus, db: Db, province: string): Promise<Subscription> {
  const fences = new DecisionFenceStore(db, province);
  return bus.serve(nodeSubject(province, SETTLEMENT_EXISTS_OPERATION), async (request) => {
    const keys = (request as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_EXISTS_KEYS)
      throw new ReplyError('invalid-input', `keys 须为 1 到 ${MAX_EXISTS_KEYS} 项`);
    const refs = keys.map((item: Partial<DecisionRef> | null, n): DecisionRef => {
      if (typeof item?.decision_key !== 'string' || !item.decision_key.includes(':'))
        throw new ReplyError('invalid-input', `keys[${n}].decision_key: 须为 <fixmedins_code>:<msgid>`);
      if (item.mdtrt_id !== null && item.mdtrt_id !== undefined && typeof item.mdtrt_id !== 'string')
        throw new ReplyError('invalid-input', `keys[${n}].mdtrt_id: 须为就诊ID或 null`);
      return { decision_key: item.decision_key, mdtrt_id: item.mdtrt_id ?? null };
    });
    return (await fences.settledOrFence(refs)) as unknown as Json;
  });
}

/**
 * The insured node's rounds. Every step is idempotent: asking again gets the same answer (a key without a settlement
 * is fenced on the treatment side, so it never gets one), a reversal of a reverted decision changes nothing, and
 * marking verified twice is marking it once — so a round interrupted anywhere is finished by the next.
 */
export class OrphanDecisions {
  private readonly store: OrphanStore;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    db: Db,
    private readonly province: string,
    private readonly bus: Bus,
    private readonly insured: InsuredService,
    readonly settings: OrphanSettings,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {
    this.store = new OrphanStore(db, province);
  }

  /** Rounds on a timer that does not keep the process alive; none when the interval is 0. */
  start(): void {
    if (this.settings.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce(new Date())
        .catch((error) => console.error(`node ${this.province}: orphan-decision round failed`, error))
        .finally(() => {
          this.running = undefined;
        });
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** The report of reversals, newest first. */
  reversals(options: { readonly since?: Date; readonly limit?: number } = {}): Promise<OrphanReversal[]> {
    return this.store.reversals(options);
  }

  /** One round: every decision older than the grace at `now` and not yet verified is asked about. */
  async runOnce(now: Date): Promise<OrphanRound> {
    const due = await this.store.unverified(
      new Date(now.getTime() - this.settings.graceMs),
      MAX_ROUND_DECISIONS_PER_PROVINCE,
    );
    const byProvince = new Map<string, UnverifiedDecision[]>();
    for (const d of due) {
      const province = provinceOf(d.treatment_admdvs);
      byProvince.set(province, [...(byProvince.get(province) ?? []), d]);
    }
    const results = await Promise.all(
      [...byProvince].map(([province, decisions]) => this.checkProvince(province, decisions, now)),
    );
    return {
      checked: due.length,
      verified: results.reduce((n, r) => n + r.verified, 0),
      reverted: results.flatMap((r) => r.reverted),
      unanswered: results.flatMap((r) => (r.answered ? [] : [r.province])),
    };
  }

  private async checkProvince(province: string, decisions: readonly UnverifiedDecision[], now: Date) {
    const result = { province, answered: true, verified: 0, reverted: [] as string[] };
    for (let start = 0; start < decisions.length; start += MAX_EXISTS_KEYS) {
      const batch = decisions.slice(start, start + MAX_EXISTS_KEYS);
      let answer: SettlementExistsAnswer;
      try {
        answer = (await this.bus.request(
          nodeSubject(province, SETTLEMENT_EXISTS_OPERATION),
          { keys: batch.map((d) => ({ decision_key: d.decision_key, mdtrt_id: d.mdtrt_id })) },
          { timeoutMs: SETTLEMENT_EXISTS_TIMEOUT_MS },
        )) as unknown as SettlementExistsAnswer;
      } catch (error) {
        this.log(
          `node ${this.province}: treatment node ${province} did not answer about ${decisions.length - start} decision(s); asking again next round (${(error as Error).message})`,
        );
        result.answered = false;
        return result;
      }
      // Only keys this node asked about count, whatever else an answer holds.
      const asked = new Map(batch.map((d) => [d.decision_key, d]));
      const settled = (answer?.settled ?? []).filter((k) => asked.has(k));
      await this.store.markVerified(settled, now);
      result.verified += settled.length;
      for (const key of answer?.absent ?? []) {
        const decision = asked.get(key);
        if (!decision || settled.includes(key)) continue;
        if (await this.revert(decision, province, now)) result.reverted.push(key);
      }
    }
    return result;
  }

  /**
   * Reverts an orphan as a 2601 would. The treatment node fenced the key before it answered, so it will never store
   * a settlement under it — not even one for this decision being stored this very moment (it is refused). A late
   * decide under the key (the HIS retrying the same msgid) finds the decision reverted and is refused
   * (`decision-reversed`): the HIS settles again with a new msgid, which decides anew on the restored accumulators.
   * The reversal is dated at the decision's settlement time, so clearing sees the pair in one month and annuls it,
   * as for a saga a 2601 reversed (core/clearing/reconcile.ts).
   */
  private async revert(decision: UnverifiedDecision, province: string, now: Date): Promise<boolean> {
    const graceMin = Math.round(this.settings.graceMs / 60_000);
    const reason = `就医地${province}在${graceMin}分钟宽限期后仍无该待遇决定的结算记录，按冲正撤回`;
    const reply = await this.insured.revertOrphan(
      {
        insuplc_admdvs: decision.insuplc_admdvs,
        psn_no: decision.psn_no,
        insutype: decision.insutype,
        decision_key: decision.decision_key,
        treatment_admdvs: decision.treatment_admdvs,
        at: decision.setl_time ?? formatChinaDateTime(now.getTime()),
      },
      now,
      reason,
    );
    if (reply.outcome !== 'reverted') return false;
    const d = reply.decision!;
    this.log(
      `node ${this.province}: reverted orphan decision ${decision.decision_key} (psn_no ${decision.psn_no}, treatment ${province}, fund ${d.fund_pay_fen} fen, account ${d.account?.paid_fen ?? 0} fen): no settlement after the grace`,
    );
    return true;
  }
}
