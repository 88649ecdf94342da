// What a simulation counts: cycles by kind, transactions and their latencies, failures by err_msg, money paid.
import type { CycleKind } from './plans.ts';

/** Latencies kept per infno; past this a reservoir sample keeps the percentiles honest in bounded memory. */
const MAX_SAMPLES = 100_000;

export interface CycleCounts {
  started: number;
  completed: number;
  failed: number;
}

export class SimStats {
  readonly startedAt = performance.now();
  readonly cycles = new Map<CycleKind, CycleCounts>();
  transactions = 0;
  /** infcode -1 the cycle asked for (a visit refused for want of a filing). */
  expectedFailures = 0;
  /** Every other failure, keyed `infno err_msg`: each one is a finding. */
  readonly unexpected = new Map<string, number>();
  readonly retries = { sent: 0, identical: 0, differed: 0 };
  /** Fund paid, net of cancels and reversals (fen). */
  fundPaidFen = 0;
  settlements = 0;
  cancels = 0;
  reversals = 0;
  /** Settlement answers whose parts do not add up (medfee = fund + psn part + hosp part; psn part = acct + cash). */
  readonly conservationBreaches: string[] = [];
  private readonly latencies = new Map<string, { samples: number[]; seen: number }>();

  cycleOf(kind: CycleKind): CycleCounts {
    let counts = this.cycles.get(kind);
    if (!counts) {
      counts = { started: 0, completed: 0, failed: 0 };
      this.cycles.set(kind, counts);
    }
    return counts;
  }

  recordLatency(infno: string, ms: number): void {
    this.transactions++;
    let entry = this.latencies.get(infno);
    if (!entry) {
      entry = { samples: [], seen: 0 };
      this.latencies.set(infno, entry);
    }
    entry.seen++;
    if (entry.samples.length < MAX_SAMPLES) entry.samples.push(ms);
    else {
      const slot = Math.floor(Math.random() * entry.seen);
      if (slot < MAX_SAMPLES) entry.samples[slot] = ms;
    }
  }

  recordUnexpected(infno: string, errMsg: string): void {
    const key = `${infno} ${errMsg}`;
    this.unexpected.set(key, (this.unexpected.get(key) ?? 0) + 1);
  }

  get unexpectedCount(): number {
    let total = 0;
    for (const count of this.unexpected.values()) total += count;
    return total + this.retries.differed + this.conservationBreaches.length;
  }

  get completedCycles(): number {
    let total = 0;
    for (const counts of this.cycles.values()) total += counts.completed;
    return total;
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Per infno: count, p50 and p99 in ms. */
  percentiles(): Map<string, { count: number; p50: number; p99: number }> {
    const result = new Map<string, { count: number; p50: number; p99: number }>();
    for (const infno of [...this.latencies.keys()].sort()) {
      const { samples, seen } = this.latencies.get(infno)!;
      const sorted = Float64Array.from(samples).sort();
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
      result.set(infno, { count: seen, p50: at(0.5), p99: at(0.99) });
    }
    return result;
  }
}
