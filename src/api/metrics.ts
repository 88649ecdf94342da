// Prometheus metrics of one server process: its own registry (several servers in one test process do not clash).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BusMeter, BusOutcome } from '../bus/measured.ts';
import type { Db } from '../store/db.ts';
import { type OutboxBacklog, OutboxStore } from '../store/outbox-store.ts';
import type { HisAnswerSeen } from './his/route.ts';

/** HIS messages last from a cached 1101 (about a millisecond) to a 2304 waiting on a slow insured node (seconds). */
export const DURATION_BUCKETS_S: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** The infnos whose successful, first (not replayed) answer is one settlement or one cancelled settlement. */
const SETTLEMENT_KINDS: ReadonlyMap<string, 'settle' | 'cancel'> = new Map([
  ['2207', 'settle'], // 门诊结算
  ['2304', 'settle'], // 住院结算
  ['2208', 'cancel'], // 门诊结算撤销
  ['2305', 'cancel'], // 住院结算撤销
]);

/** One province's outbox as a scrape reads it. */
export interface ProvinceOutboxBacklog extends OutboxBacklog {
  readonly province: string;
}

export interface MetricsOptions {
  /** Read on every scrape (not on a timer): the outbox backlog of each province this process serves. */
  readonly outboxBacklog?: () => Promise<readonly ProvinceOutboxBacklog[]>;
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
}

export interface Metrics extends BusMeter {
  readonly registry: Registry;
  /** The HIS edge's observer (pass it to registerHis). */
  observeHis(answer: HisAnswerSeen): void;
  observeBusRequest(subjectKind: string, outcome: BusOutcome, seconds: number): void;
  /**
   * Adds the outbox gauges, read by `read` on each scrape; once per registry (the option of createMetrics does the
   * same). Apart from createMetrics because the bus is measured before the database is open.
   */
  observeOutbox(read: () => Promise<readonly ProvinceOutboxBacklog[]>): void;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const hisRequests = new Counter({
    name: 'yidi_his_requests_total',
    help: 'HIS envelopes answered, by infno and outcome (ok: infcode 0, refused: infcode -1, error: HTTP 5xx)',
    labelNames: ['infno', 'outcome'] as const,
    registers,
  });
  const hisDuration = new Histogram({
    name: 'yidi_his_request_duration_seconds',
    help: 'Time from a parsed HIS body to its answer, by infno',
    labelNames: ['infno'] as const,
    buckets: [...DURATION_BUCKETS_S],
    registers,
  });
  const settlements = new Counter({
    name: 'yidi_settlements_total',
    help: 'Settlements (2207, 2304) and their cancellations (2208, 2305) answered with infcode 0, retries not counted',
    labelNames: ['kind'] as const,
    registers,
  });
  // Both series exist from the start, so that rate() sees the first settlement.
  settlements.inc({ kind: 'settle' }, 0);
  settlements.inc({ kind: 'cancel' }, 0);

  const busRequests = new Counter({
    name: 'yidi_bus_requests_total',
    help: 'Bus requests sent by this process, by subject kind (operation, no province) and outcome',
    labelNames: ['subject_kind', 'outcome'] as const,
    registers,
  });
  const busTimeouts = new Counter({
    name: 'yidi_bus_timeouts_total',
    help: 'Bus requests that got no reply within their timeout, by subject kind',
    labelNames: ['subject_kind'] as const,
    registers,
  });
  const busDuration = new Histogram({
    name: 'yidi_bus_request_duration_seconds',
    help: 'Time a bus request waited for its reply (or failure), by subject kind',
    labelNames: ['subject_kind'] as const,
    buckets: [...DURATION_BUCKETS_S],
    registers,
  });

  const metrics: Metrics = {
    registry,
    observeHis(answer) {
      hisRequests.inc({ infno: answer.infno, outcome: answer.outcome });
      hisDuration.observe({ infno: answer.infno }, answer.seconds);
      const kind = SETTLEMENT_KINDS.get(answer.infno);
      if (kind && answer.outcome === 'ok' && !answer.replayed) settlements.inc({ kind });
    },
    observeBusRequest(subjectKind, outcome, seconds) {
      busRequests.inc({ subject_kind: subjectKind, outcome });
      if (outcome === 'timeout') busTimeouts.inc({ subject_kind: subjectKind });
      busDuration.observe({ subject_kind: subjectKind }, seconds);
    },
    observeOutbox(read) {
      registerOutboxGauges(registry, read);
    },
  };
  if (options.outboxBacklog) metrics.observeOutbox(options.outboxBacklog);
  return metrics;
}

function registerOutboxGauges(
  registry: Registry,
  read: () => Promise<readonly ProvinceOutboxBacklog[]>,
): void {
  // The gauges and the failure counter are collected concurrently on a scrape: they share one read of the outbox.
  let reading: Promise<readonly ProvinceOutboxBacklog[] | undefined> | undefined;
  const readOnce = () => {
    reading ??= read()
      .catch(() => {
        failures.inc();
        return undefined;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  const failures = new Counter({
    name: 'yidi_outbox_lag_read_failures_total',
    help: 'Scrapes whose outbox query failed (the outbox gauges are then absent from that scrape)',
    registers: [registry],
    // Waits for this scrape's read, so that a failure shows in the scrape it happened in.
    async collect() {
      await readOnce();
    },
  });
  new Gauge({
    name: 'yidi_outbox_lag',
    help: 'Outbox events written but not yet published on the bus, by province',
    labelNames: ['province'] as const,
    registers: [registry],
    async collect() {
      const backlog = await readOnce();
      this.reset();
      for (const row of backlog ?? []) this.set({ province: row.province }, row.pending);
    },
  });
  new Gauge({
    name: 'yidi_outbox_lag_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when none), by province',
    labelNames: ['province'] as const,
    registers: [registry],
    async collect() {
      const backlog = await readOnce();
      this.reset();
      for (const row of backlog ?? []) this.set({ province: row.province }, row.oldest_age_s);
    },
  });
}

/** The outbox backlog reader of the provinces one database holds (a node process: its one; embedded: all 31). */
export function outboxBacklogOf(
  db: Db,
  provinces: Iterable<string>,
): () => Promise<readonly ProvinceOutboxBacklog[]> {
  const stores = [...provinces].map((province) => ({ province, store: new OutboxStore(db, province) }));
  return () =>
    Promise.all(stores.map(async ({ province, store }) => ({ province, ...(await store.backlog()) })));
}
