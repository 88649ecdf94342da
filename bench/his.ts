// HIS interface benchmark: full inpatient cycles (1101, 2401, 2301 with 20 lines, 2303, 2304, 2402) over HTTP
// against the embedded platform in this process (PGlite in memory, all 31 nodes, a 5,000-person demo world), by
// 32 concurrent clients driven by the simulator's own code; against a bare Fastify route that echoes the same
// envelopes, same clients, same duration, in the same run. The last line printed is one JSON object.
// Run: npm run bench:his [-- --seconds 20 --clients 32 --persons 5000]
import Fastify from 'fastify';
import { buildServer } from '../src/api/server.ts';
import { createInProcessBus } from '../src/bus/in-process.ts';
import { addDays, chinaDateOf } from '../src/core/time.ts';
import { generateDemoWorld } from '../src/demo/index.ts';
import { loadDataset, startPlatform } from '../src/platform.ts';
import { drive } from '../src/sim/driver.ts';
import type { HisTransport } from '../src/sim/his-client.ts';
import { keepAliveTransport } from '../src/sim/http-transport.ts';
import { formatSummary } from '../src/sim/summary.ts';
import { simWorldOf } from '../src/sim/world.ts';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const SECONDS = option('seconds', 20);
const CLIENTS = option('clients', 32);
const PERSONS = option('persons', 5_000);
const WARM_UP_SECONDS = option('warm-up', 3);
const SEED = 20_260_512;
const BILL_LINES = 20;
const HIS_PATH = '/fsi/api/rsfComIfsService/callService';
/** Envelopes kept from the HIS run to replay against the echo route. */
const MAX_KEPT = 5_000;

const portOf = (server: { address(): unknown }): number => {
  const address = server.address();
  return typeof address === 'object' && address !== null ? (address as { port: number }).port : 0;
};

// ── The platform ──────────────────────────────────────────────────────────────────────────────────────────
const raw = generateDemoWorld({ seed: SEED, persons: PERSONS });
// DATABASE_URL runs the same benchmark on a PostgreSQL server (a fresh, empty database) instead of PGlite.
const DATABASE_URL = process.env.DATABASE_URL;
const platform = await startPlatform(
  DATABASE_URL
    ? { databaseUrl: DATABASE_URL, bus: createInProcessBus() }
    : { memory: true, bus: createInProcessBus() },
);
const STORE = DATABASE_URL ? 'PostgreSQL server' : 'PGlite in memory';
await loadDataset(platform.db, raw);
const app = await buildServer(platform, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const http = keepAliveTransport(`http://127.0.0.1:${portOf(app.server)}`, { maxSockets: CLIENTS });
const kept: Record<string, unknown>[] = [];
const transport: HisTransport = (body) => {
  if (kept.length < MAX_KEPT) kept.push(body);
  return http(body);
};
const today = chinaDateOf(Date.now());
const world = simWorldOf(raw, addDays(today, -9), today);
const inpatientRun = (seconds: number, seed: number) =>
  drive({
    transport,
    world,
    durationMs: seconds * 1000,
    concurrency: CLIENTS,
    seed,
    mix: { inpatient: 1 },
    inpatientBill: { lines: [BILL_LINES, BILL_LINES], total_yuan: [2_000, 60_000] },
    cancelShare: 0,
    reversalShare: 0,
    duplicateShare: 0,
  });

// Warm-up (JIT, sign-ins of the first hospitals, PGlite's caches), then the measured run.
await inpatientRun(WARM_UP_SECONDS, SEED + 1);
kept.length = 0;
const stats = await inpatientRun(SECONDS, SEED);
const hisSeconds = stats.elapsedMs / 1000;
console.log(formatSummary(stats));
await app.close();
await platform.close();

// ── The echo baseline: the same envelopes, a route that answers with what it got ──────────────────────────
const echo = Fastify({ logger: false });
echo.post(HIS_PATH, async (request) => request.body);
await echo.listen({ host: '127.0.0.1', port: 0 });
const echoSend = keepAliveTransport(`http://127.0.0.1:${portOf(echo.server)}`, { maxSockets: CLIENTS });
let echoed = 0;
let next = 0;
const echoStarted = performance.now();
const echoDeadline = echoStarted + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < echoDeadline) {
      await echoSend(kept[next++ % kept.length]!);
      echoed++;
    }
  }),
);
const echoSeconds = (performance.now() - echoStarted) / 1000;
await echo.close();

// ── Figures ───────────────────────────────────────────────────────────────────────────────────────────────
const cyclesPerS = stats.cycleOf('inpatient').completed / hisSeconds;
const hisPerS = stats.transactions / hisSeconds;
const echoPerS = echoed / echoSeconds;
const p50: Record<string, number> = {};
const p99: Record<string, number> = {};
for (const [infno, p] of stats.percentiles()) {
  p50[infno] = Number(p.p50.toFixed(1));
  p99[infno] = Number(p.p99.toFixed(1));
}
console.log(
  `HIS:  ${cyclesPerS.toFixed(1)} inpatient cycles/s, ${hisPerS.toFixed(0)} transactions/s ` +
    `(${CLIENTS} clients, ${hisSeconds.toFixed(1)} s, ${BILL_LINES}-line bills, ${PERSONS} persons, ${STORE})`,
);
console.log(
  `echo: ${echoPerS.toFixed(0)} requests/s (same envelopes, same clients, ${echoSeconds.toFixed(1)} s)`,
);
console.log(
  `ratio: ${(hisPerS / echoPerS).toFixed(4)} (HIS transactions/s ÷ echo requests/s; Node ${process.versions.node})`,
);
if (stats.unexpectedCount > 0)
  console.log(`WARNING: ${stats.unexpectedCount} unexpected failures (see above)`);
console.log(
  JSON.stringify({
    bench: 'his',
    cycles_per_s: Number(cyclesPerS.toFixed(1)),
    p50_ms: p50,
    p99_ms: p99,
    echo_req_per_s: Math.round(echoPerS),
    ratio: Number((hisPerS / echoPerS).toFixed(4)),
  }),
);
