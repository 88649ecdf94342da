// GET /metrics (Prometheus text format) and GET /readyz (is this process ready to take traffic?), from plain inputs.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

/** A readiness check that hangs (a database that stopped answering) is a failed check after this long. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** Probes run every few seconds: their requests stay out of the info log. */
const PROBE_LOG_LEVEL = 'warn';

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', { logLevel: PROBE_LOG_LEVEL }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

export interface ReadinessInputs {
  /** The process's database (a Db, a pg pool…): ready when `SELECT 1` answers. */
  readonly db: { query(sql: string): Promise<unknown> };
  /** True when the bus is connected; may probe (a request to a subject this process serves) and be async. */
  readonly busReady: () => boolean | Promise<boolean>;
  /**
   * This process's components by name (`hub`, `node-460000`…), each true once started; may probe too (see
   * `answersOnBus`: a node answers its health subject only once started).
   */
  readonly components?: Readonly<Record<string, () => boolean | Promise<boolean>>>;
  /** Per check; default READY_CHECK_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/** `ok`, or why a check is not ready. */
export type CheckResult = 'ok' | string;

export interface ReadinessReport {
  readonly ready: boolean;
  /** `database`, `bus`, then each component by its name. */
  readonly checks: Readonly<Record<string, CheckResult>>;
  /** The names of the checks that are not `ok`. */
  readonly not_ready: readonly string[];
  readonly took_ms: number;
}

/** The readiness check as a function (for a CLI or a test); registerReadiness serves it. */
export function readiness(inputs: ReadinessInputs): () => Promise<ReadinessReport> {
  const timeoutMs = inputs.timeoutMs ?? READY_CHECK_TIMEOUT_MS;
  return async () => {
    const startedMs = performance.now();
    const components = Object.entries(inputs.components ?? {});
    const [database, bus, ...componentResults] = await Promise.all([
      check(async () => {
        await inputs.db.query('SELECT 1');
        return true;
      }, timeoutMs),
      check(async () => inputs.busReady(), timeoutMs, 'not connected'),
      ...components.map(([, isStarted]) => check(async () => isStarted(), timeoutMs, 'not started')),
    ]);
    const checks: Record<string, CheckResult> = { database: database!, bus: bus! };
    components.forEach(([name], index) => {
      checks[name] = componentResults[index]!;
    });
    const notReady = Object.entries(checks)
      .filter(([, result]) => result !== 'ok')
      .map(([name]) => name);
    return {
      ready: notReady.length === 0,
      checks,
      not_ready: notReady,
      took_ms: Math.round(performance.now() - startedMs),
    };
  };
}

/** GET /readyz: 200 when every check is ok, 503 with the report otherwise (/healthz stays the liveness view). */
export function registerReadiness(app: FastifyInstance, inputs: ReadinessInputs): void {
  const ready = readiness(inputs);
  app.get('/readyz', { logLevel: PROBE_LOG_LEVEL }, async (_request, reply) => {
    const report = await ready();
    reply.code(report.ready ? 200 : 503);
    return report;
  });
}

/** A probe that is true when `subject` answers over the bus: a node serves its `health` subject once started. */
export function answersOnBus(
  bus: { request(subject: string, data: null, options: { timeoutMs: number }): Promise<unknown> },
  subject: string,
  timeoutMs = READY_CHECK_TIMEOUT_MS,
): () => Promise<boolean> {
  return async () => {
    await bus.request(subject, null, { timeoutMs });
    return true;
  };
}

async function check(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  whenFalse = 'not ready',
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      probe().then(
        (ok) => (ok ? 'ok' : whenFalse),
        (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
