// Cluster benchmark: full inpatient cycles (1101, 2401, 2301 with 20 lines, 2303, 2304, 2402) over HTTP against a
// cluster on this machine — the hub and two node processes (460000 海南 where the patients are treated, 130000 河北
// where they are insured), each on its own database of the PostgreSQL server, NATS between them — flat out with 64
// HIS clients, then at half that rate; and in the same run a pgbench script that makes one cycle's database writes
// per execution, same client count, same duration. The last line printed is one JSON object.
// Run: npm run bench:cluster [-- --seconds 20 --clients 64 --persons 40000 --nats nats://127.0.0.1:4222 --keep]
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import pg from 'pg';
import { createDatabases, hubDatabase, loadCluster, nodeDatabase } from '../src/cluster/layout.ts';
import { LocalCluster } from '../src/cluster/local.ts';
import type { RawDataset } from '../src/core/dataset/schema.ts';
import { validateDataset } from '../src/core/dataset/validate.ts';
import { provinceOf } from '../src/core/regions.ts';
import { addDays, chinaDateOf } from '../src/core/time.ts';
import { generateDemoWorld } from '../src/demo/index.ts';
import { drive } from '../src/sim/driver.ts';
import type { HisTransport } from '../src/sim/his-client.ts';
import { keepAliveTransport } from '../src/sim/http-transport.ts';
import type { SimStats } from '../src/sim/stats.ts';
import { formatSummary } from '../src/sim/summary.ts';
import { datasetOfProvinces, simWorldOf, withFilingsFor } from '../src/sim/world.ts';
import { writeDataset } from '../src/store/dataset-writer.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { prepareSchemas } from '../src/store/prepare.ts';
import { HUB_SCHEMA, nodeSchema } from '../src/store/schemas.ts';
import {
  cpuByRole,
  cpuPerCycle,
  natsCounters,
  perCycleWrites,
  walCounters,
  writeCounters,
} from './cluster-measure.ts';
import {
  type CycleTemplates,
  cycleScript,
  extractTemplates,
  insertableColumns,
  storeTemplates,
} from './cluster-pgbench.ts';

const run = promisify(execFile);
const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
};
const numberOption = (name: string, fallback: number): number => Number(option(name, '')) || fallback;
const SECONDS = numberOption('seconds', 20);
const HALF_SECONDS = numberOption('half-seconds', SECONDS);
const CLIENTS = numberOption('clients', 64);
const PERSONS = numberOption('persons', 40_000);
const WARM_UP_SECONDS = numberOption('warm-up', 5);
/** Without --nats the bench runs a NATS server of its own (see "The bus" below). */
const NATS_OPTION = option('nats', '');
const KEEP = process.argv.includes('--keep');
/** The private nats-server's monitoring port (its /varz counts messages), when the bench runs its own. */
let natsMonitorPort = 0;
/** An experiment, not the benchmark: the nodes' databases with synchronous_commit off (a commit does not wait for its
 * WAL flush; a crash may lose the last commits, which Yidi does not allow) — shows how much commit latency costs. */
const ASYNC_COMMIT = process.argv.includes('--async-commit');
const PGBENCH_CLIENTS = numberOption('pgbench-clients', CLIENTS);
/** Settled cycles copied out of the cluster as the pgbench script's rows. */
const TEMPLATES = 200;
const SERVER = process.env.DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 20_260_512;
const BILL_LINES = 20;
const TREATMENT = '460000';
const INSURED = '130000';
const PROVINCES = [TREATMENT, INSURED] as const;
/** PostgreSQL 15 backends flush their table counters within 10 s of going idle (PGSTAT_IDLE_INTERVAL). */
const STATS_FLUSH_MS = 11_000;
const layout = { server: SERVER, prefix: `yidi_bench_cluster_${process.pid}` };
const PGBENCH_DATABASE = `${layout.prefix}_pgbench`;

const log = (line: string) => console.log(line);
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e) => log(`cleanup: ${e}`));
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

// ── The world: 河北 persons filed for 海南, every simulated stay 130000 → 460000 ───────────────────────────────
// The demo world files few 河北 persons for 海南 (8 in 20,000): every 河北 person without one gets a long-term
// filing (13, personal commitment) for 海南 from 30 days back, so that most stays are filed 21 and the rest the
// simulator's emergencies (24). The sim sees only 河北's persons and 海南's hospitals; the nodes get both provinces.
const today = chinaDateOf(Date.now());
const raw: RawDataset = withFilingsFor(
  datasetOfProvinces(generateDemoWorld({ seed: SEED, persons: PERSONS }), PROVINCES),
  INSURED,
  TREATMENT,
  today,
);
const insuredHere = (raw.persons ?? []).filter((p) => provinceOf(p.insuplc_admdvs) === INSURED);
const validated = validateDataset(raw);
if (!validated.ok) throw new Error(`dataset: ${JSON.stringify(validated.problems.slice(0, 3))}`);
const dataset = validated.dataset;
const world = simWorldOf(
  {
    ...raw,
    persons: insuredHere,
    institutions: (raw.institutions ?? []).filter((i) => provinceOf(i.admdvs) === TREATMENT),
  },
  addDays(today, -9),
  today,
);

/** The last line: one JSON object. */
let result = '';
try {
  // ── The databases ─────────────────────────────────────────────────────────────────────────────────────────
  await createDatabases(layout, PROVINCES);
  cleanups.push(() => (KEEP ? Promise.resolve() : dropDatabases()));
  await loadCluster(layout, PROVINCES, dataset);
  if (ASYNC_COMMIT) await asyncCommit();
  log(
    `databases ${layout.prefix}_{hub,node_${TREATMENT},node_${INSURED}}: ${(raw.persons ?? []).length} persons ` +
      `(${insuredHere.length} insured in ${INSURED}, all filed for ${TREATMENT}), ` +
      `${(raw.institutions ?? []).length} institutions`,
  );

  // ── The bus ───────────────────────────────────────────────────────────────────────────────────────────────
  // Request subjects (`yidi.node.460000.benefit.decide`), the responders' queue group and the durable names
  // (`node-460000-offsite-filings`) are the same in every cluster, and the CLI takes no stream name or subject
  // prefix: two clusters with a province in common on one NATS server would answer each other's requests. So the
  // bench starts its own nats-server (JetStream in a temporary folder) unless --nats names one.
  const natsUrl = NATS_OPTION || (await startNatsServer());

  // ── The cluster ───────────────────────────────────────────────────────────────────────────────────────────
  const basePort = await freePorts(3);
  // --profile <dir>: each cluster process writes a V8 CPU profile there when it stops, through a preload module it
  // inherits in NODE_OPTIONS (--cpu-prof itself is not allowed there).
  const PROFILE_DIR = option('profile', '');
  if (PROFILE_DIR) {
    const hook = join(PROFILE_DIR, 'profile-hook.mjs');
    writeFileSync(
      hook,
      `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => session.post('Profiler.stop', (error, result) => {
  if (!error) writeFileSync(${JSON.stringify(PROFILE_DIR)} + '/' + process.argv.slice(2, 5).join('-').replace(/[^a-z0-9-]/gi, '_') + '.cpuprofile', JSON.stringify(result.profile));
}));
`,
    );
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${hook}`;
  }
  const cluster = new LocalCluster({
    entry: join(import.meta.dirname, '..', 'bin', 'yidi.js'),
    layout,
    nats: natsUrl,
    basePort,
    nodes: [[TREATMENT], [INSURED]],
    onLine: (name, line) => log(`[${name}] ${line}`),
  });
  cleanups.push(() => cluster.stop());
  await cluster.start();
  log(`cluster: hub ${cluster.url('hub')}, nodes ${cluster.names.slice(1).join(', ')}; NATS ${natsUrl}`);

  const transport = keepAliveTransport(cluster.url(`node-${TREATMENT}`), { maxSockets: CLIENTS });
  const inpatientRun = (seconds: number, seed: number, rate?: number): Promise<SimStats> =>
    drive({
      transport,
      world,
      durationMs: seconds * 1000,
      concurrency: CLIENTS,
      ...(rate ? { rate } : {}),
      seed,
      mix: { inpatient: 1 },
      inpatientBill: { lines: [BILL_LINES, BILL_LINES], total_yuan: [2_000, 60_000] },
      cancelShare: 0,
      reversalShare: 0,
      duplicateShare: 0,
    });

  // Warm-up: the nodes announce themselves to the hub in the background, hospitals sign in, JIT, caches.
  await untilCycles(transport);
  await inpatientRun(WARM_UP_SECONDS, SEED + 1);

  // ── Full load, with the database writes it makes ──────────────────────────────────────────────────────────
  const databases = {
    hub: hubDatabase(layout),
    treatment: nodeDatabase(layout, TREATMENT),
    insured: nodeDatabase(layout, INSURED),
  };
  await sleep(STATS_FLUSH_MS);
  const before = await writeCounters(databases);
  const walBefore = await walCounters(SERVER);
  const natsBefore = await natsCounters(natsMonitorPort);
  const cpuBefore = cpuByRole(layout.prefix);
  const full = await inpatientRun(SECONDS, SEED);
  const cpuAfter = cpuByRole(layout.prefix);
  const walAfter = await walCounters(SERVER);
  const natsAfter = await natsCounters(natsMonitorPort);
  const fullSeconds = full.elapsedMs / 1000;
  const fullCycles = full.cycleOf('inpatient').completed;
  await sleep(STATS_FLUSH_MS);
  const after = await writeCounters(databases);
  log(formatSummary(full));
  const perCycle = perCycleWrites(before, after, fullCycles);
  log(`database work per completed cycle during the full-load run (pg_stat_database, pg_stat_user_tables):`);
  for (const line of perCycle.lines) log(`  ${line}`);
  const cpu = cpuPerCycle(cpuBefore, cpuAfter, fullCycles, fullSeconds * 1000);
  log(`CPU during the full-load run, ms per completed cycle (share of the 2 cores' time): ${cpu}`);
  if (natsBefore && natsAfter)
    log(
      `NATS during the full-load run: ${((natsAfter.msgs - natsBefore.msgs) / fullCycles).toFixed(1)} messages a cycle ` +
        `(requests and replies, each hop counted), ${((natsAfter.bytes - natsBefore.bytes) / fullCycles / 1024).toFixed(1)} KiB a cycle`,
    );
  const syncs = walAfter.syncs - walBefore.syncs;
  log(
    `WAL during the full-load run (whole server): ${(syncs / fullSeconds).toFixed(0)} flushes/s, ` +
      `${(syncs / fullCycles).toFixed(1)} a cycle, ${((walAfter.bytes - walBefore.bytes) / fullCycles / 1024).toFixed(1)} KiB a cycle`,
  );

  // ── Half load: a fixed rate at half the full-load cycles/s ────────────────────────────────────────────────
  const fullRate = fullCycles / fullSeconds;
  const halfRate = Math.max(1, Math.round(fullRate / 2));
  const half = await inpatientRun(HALF_SECONDS, SEED + 2, halfRate);
  const halfSeconds = half.elapsedMs / 1000;
  log(formatSummary(half));
  await cluster.stop();

  // ── pgbench: one cycle's writes per script execution ─────────────────────────────────────────────────────
  const schemas = { treatment: nodeSchema(TREATMENT), insured: nodeSchema(INSURED) };
  const templates = await extractTemplates(databases.treatment, databases.insured, schemas, TEMPLATES);
  const balanceUpdates =
    (after.get('insured')!.tables.get(`${schemas.insured}.persons`)?.upd ?? 0) -
    (before.get('insured')!.tables.get(`${schemas.insured}.persons`)?.upd ?? 0);
  const pgbench = await runPgbench(templates, balanceUpdates / fullCycles);

  // ── Figures ───────────────────────────────────────────────────────────────────────────────────────────────
  const percentiles = (stats: SimStats) => {
    const p50: Record<string, number> = {};
    const p99: Record<string, number> = {};
    for (const [infno, p] of stats.percentiles()) {
      p50[infno] = Number(p.p50.toFixed(1));
      p99[infno] = Number(p.p99.toFixed(1));
    }
    return { p50_ms: p50, p99_ms: p99 };
  };
  const cyclesPerS = fullRate;
  // The rate's last workers sleep past the deadline for their slot: count over the asked duration.
  const halfCyclesPerS = half.cycleOf('inpatient').completed / HALF_SECONDS;
  const fullP = percentiles(full);
  const halfP = percentiles(half);
  log(
    `full load: ${cyclesPerS.toFixed(1)} inpatient cycles/s, ${(full.transactions / fullSeconds).toFixed(0)} HIS ` +
      `transactions/s (${CLIENTS} clients, ${fullSeconds.toFixed(1)} s, ${BILL_LINES}-line bills); ` +
      `2304 p50 ${fullP.p50_ms['2304']} / p99 ${fullP.p99_ms['2304']} ms`,
  );
  log(
    `half load: ${halfCyclesPerS.toFixed(1)} cycles/s (asked ${halfRate}/s, ${halfSeconds.toFixed(1)} s); ` +
      `2304 p50 ${halfP.p50_ms['2304']} / p99 ${halfP.p99_ms['2304']} ms`,
  );
  log(
    `pgbench: ${pgbench.tps.toFixed(1)} scripts/s = cycles/s (${PGBENCH_CLIENTS} clients, ${pgbench.seconds} s, ` +
      `${pgbench.transactionsPerCycle} database transactions a script, ${pgbench.rowsPerCycle.toFixed(1)} row writes ` +
      `measured; the cluster: ${perCycle.commits.toFixed(1)} commits incl. reads, ${perCycle.rows.toFixed(1)} row writes a cycle); ` +
      `ratio ${(cyclesPerS / pgbench.tps).toFixed(3)} (cluster cycles/s ÷ pgbench cycles/s; Node ${process.versions.node})`,
  );
  const unexpected = full.unexpectedCount + half.unexpectedCount;
  if (unexpected > 0) log(`WARNING: ${unexpected} unexpected failures (see above)`);
  result = JSON.stringify({
    bench: 'cluster',
    cycles_per_s: Number(cyclesPerS.toFixed(1)),
    full_load: fullP,
    half_load: { cycles_per_s: Number(halfCyclesPerS.toFixed(1)), ...halfP },
    pgbench_equivalent_cycles_per_s: Number(pgbench.tps.toFixed(1)),
    ratio: Number((cyclesPerS / pgbench.tps).toFixed(3)),
  });
} finally {
  await cleanUp();
}
// Last, after the cluster, NATS and the databases are gone (nothing of theirs prints after it).
console.log(result);
process.exit(0);

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Single cycles until one completes: the node processes have registered with the hub. */
async function untilCycles(transport: HisTransport): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let seed = 1; Date.now() < deadline; seed++) {
    const stats = await drive({
      transport,
      world,
      durationMs: 1,
      concurrency: 1,
      seed,
      mix: { inpatient: 1 },
      cancelShare: 0,
      reversalShare: 0,
      duplicateShare: 0,
    });
    if (stats.cycleOf('inpatient').completed > 0) return;
    await sleep(500);
  }
  throw new Error('no inpatient cycle completed within 30 s of the cluster starting');
}

/** `count` consecutive free TCP ports on 127.0.0.1; returns the first. */
async function freePorts(count: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    let all = true;
    for (let n = 0; n < count && all; n++) all = await free(base + n);
    if (all) return base;
  }
  throw new Error('no free ports');
}

async function startNatsServer(): Promise<string> {
  const port = await freePorts(1);
  natsMonitorPort = await freePorts(1);
  const store = mkdtempSync(join(tmpdir(), 'yidi-bench-nats-'));
  const child: ChildProcess = spawn(
    'nats-server',
    ['-a', '127.0.0.1', '-p', String(port), '-m', String(natsMonitorPort), '-js', '-sd', store],
    { stdio: 'ignore' },
  );
  cleanups.push(async () => {
    if (child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(store, { recursive: true, force: true });
  });
  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const nc = await connect({ servers: url, maxReconnectAttempts: 0, timeout: 500 });
      await nc.jetstreamManager();
      await nc.close();
      return url;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server at ${url} did not start: ${error}`);
      await sleep(100);
    }
  }
}

async function asyncCommit(): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    // Our own scratch databases only (names built from our prefix); new connections pick the setting up.
    for (const url of [hubDatabase(layout), ...PROVINCES.map((p) => nodeDatabase(layout, p))])
      await admin.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  log("EXPERIMENT: synchronous_commit = off on the cluster's databases (not a configuration Yidi supports)");
}

async function dropDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${layout.prefix}\\_%`],
    );
    // Names come from pg_database and start with our own prefix: safe to interpolate.
    for (const { datname } of rows) await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * A scratch database with the two nodes' real schema (their migrations, both in one database: one pgbench, one
 * server either way) and the same persons; pgbench runs the cycle script there with the cluster's client count for
 * the same time. Row writes are counted as for the cluster, to check the script against what a cycle wrote.
 */
async function runPgbench(
  templates: CycleTemplates,
  balanceShare: number,
): Promise<{ tps: number; seconds: number; transactionsPerCycle: number; rowsPerCycle: number }> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${PGBENCH_DATABASE}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${PGBENCH_DATABASE}`;
  const db = await openPostgres(url.toString());
  try {
    await prepareSchemas(db, [...PROVINCES]);
    await writeDataset(db, dataset, { hub: false, provinces: [...PROVINCES] });
  } finally {
    await db.close();
  }
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  let script: { sql: string; transactions: number };
  try {
    await client.query(
      `CREATE TABLE bench_persons (n integer PRIMARY KEY, psn_no text NOT NULL, insutype text NOT NULL);
       INSERT INTO bench_persons SELECT row_number() OVER (ORDER BY psn_no, insutype), psn_no, insutype
         FROM ${nodeSchema(INSURED)}.persons WHERE insuplc_admdvs LIKE '${INSURED.slice(0, 2)}%'`,
    );
    await storeTemplates(client, templates);
    await client.query('VACUUM ANALYZE');
    const persons = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_persons')).rows[0]!.n,
    );
    const columns: Record<string, string[]> = {};
    for (const [schema, table] of [
      [nodeSchema(TREATMENT), 'processed_messages'],
      [nodeSchema(TREATMENT), 'visits'],
      [nodeSchema(TREATMENT), 'fee_lines'],
      [nodeSchema(TREATMENT), 'settlements'],
      [nodeSchema(INSURED), 'benefit_decisions'],
    ] as const)
      columns[table] = await insertableColumns(client, schema, table);
    script = cycleScript({
      treatment: nodeSchema(TREATMENT),
      insured: nodeSchema(INSURED),
      hub: HUB_SCHEMA,
      province: TREATMENT,
      persons,
      templates: templates.count,
      columns,
      balanceShare,
    });
  } finally {
    await client.end();
  }
  const folder = mkdtempSync(join(tmpdir(), 'yidi-bench-pgbench-'));
  const file = join(folder, 'cycle.sql');
  writeFileSync(file, script.sql);
  // --keep: the script stays next to the kept databases, to rerun pgbench by hand.
  if (KEEP) writeFileSync(join(tmpdir(), `${layout.prefix}_cycle.sql`), script.sql);
  try {
    const bench = { pgbench: url.toString() };
    const start = await writeCounters(bench);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-c',
        String(PGBENCH_CLIENTS),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-D',
        'k=0',
        '-f',
        file,
        url.toString(),
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = Number(/tps = ([0-9.]+)/.exec(stdout)?.[1]);
    const done = Number(/number of transactions actually processed: ([0-9]+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps) || !(done > 0)) throw new Error(`pgbench said: ${stdout}`);
    for (const line of stdout.split('\n').filter((l) => /latency|tps|processed|failed/.test(l)))
      log(`  pgbench: ${line.trim()}`);
    await sleep(STATS_FLUSH_MS);
    const written = perCycleWrites(start, await writeCounters(bench), done);
    log(`  pgbench, per script: ${written.lines.join('; ')}`);
    return { tps, seconds: SECONDS, transactionsPerCycle: script.transactions, rowsPerCycle: written.rows };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
