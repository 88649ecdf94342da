// Issue 8: the hub and two provincial nodes as processes on this machine's PostgreSQL and a NATS server of the test's
// own; concurrent HIS clients drive cross-province inpatient settlements while the insured node, the hub and the
// treatment node are killed with SIGKILL in turn and NATS is restarted once. Afterwards nothing acknowledged is lost,
// nothing counts twice, the accumulators are what the surviving decisions make them, and clearing balances.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { connectNatsBus } from '../../src/bus/nats.ts';
import type { Bus } from '../../src/bus/port.ts';
import {
  type ClusterLayout,
  createDatabases,
  hubDatabase,
  loadCluster,
  nodeDatabase,
} from '../../src/cluster/layout.ts';
import { LocalCluster } from '../../src/cluster/local.ts';
import { validateDataset } from '../../src/core/dataset/validate.ts';
import { ClearingService, type ClearingView } from '../../src/hub/clearing-service.ts';
import type { Db } from '../../src/store/db.ts';
import { HubStore } from '../../src/store/hub-store.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import {
  clusterServicesAvailable,
  driveTraffic,
  faultWorld,
  freePortRun,
  INSURED,
  insuredAccumulators,
  insuredBalances,
  insuredDecisions,
  NatsServer,
  orphanReversals,
  recomputeAccumulators,
  TREATMENT,
  TrafficStats,
  treatmentSettlements,
  unverifiedDecisions,
  withoutZeroCounters,
} from '../support/cluster.ts';
import { POSTGRES_ADMIN_URL } from '../support/services.ts';

const available = await clusterServicesAvailable();

/** Acknowledged settlements the run drives (YIDI_FAULT_SETTLEMENTS overrides, for a quicker look by hand). */
const TARGET = Number(process.env.YIDI_FAULT_SETTLEMENTS ?? 2_000);
const CONCURRENCY = 16;
const PERSONS = 24_000;
const SEED = 8;
/** The orphan reconciliation of the insured node, passed to the node processes. */
const ORPHAN_GRACE_MS = 20_000;
const ORPHAN_INTERVAL_MS = 2_000;
/** How long a killed process stays down before it is started again. */
const DOWN_MS = 3_000;
const RUN_LIMIT_MS = 200_000;
/** A message without an answer this long is given up on, and its cycle abandoned. */
const GIVE_UP_MS = 15_000;
/**
 * A 2304 without an answer this long is given up on and reversed with 2601: shorter than an outage, so that every
 * fault leaves some; a quarter of them get no 2601 (the HIS went down too) and are reconciliation's to revert.
 */
const SETTLE_GIVE_UP_MS = 3_000;
const NO_REVERSAL_SHARE = 0.25;
/** Share of 2304s an impatient HIS sends twice at once under one msgid. */
const IMPATIENT_SHARE = 0.05;
/** How long the processes get to stop when asked at the end, before they are killed. */
const STOP_TIMEOUT_MS = 15_000;
const ENTRY = fileURLToPath(new URL('../../bin/yidi.js', import.meta.url));

interface Fault {
  readonly name: string;
  readonly atShare: number;
  killedAt?: number;
  backAt?: number;
  inflightAtKill?: number;
  settlingAtKill?: number;
  hits?: number;
}

describe.skipIf(!available)('a cluster under kill -9 and a NATS restart', () => {
  const prefix = `yidi_fault_${process.pid}`;
  const layout: ClusterLayout = { server: POSTGRES_ADMIN_URL, prefix };
  let storeDir: string | undefined;
  const logs: string[] = [];
  const log = (name: string, line: string) => {
    logs.push(`[${name}] ${line}`);
    if (logs.length > 2_000) logs.shift();
  };
  let nats: NatsServer | undefined;
  let cluster: LocalCluster | undefined;
  let bus: Bus | undefined;
  let hubDb: Db | undefined;

  afterAll(async () => {
    await hubDb?.close().catch(() => {});
    await bus?.close().catch(() => {});
    // A process that does not stop when asked is killed: the databases must be dropped either way.
    if (cluster) {
      const running = cluster;
      await Promise.race([running.stop().catch(() => {}), sleep(STOP_TIMEOUT_MS)]);
      for (const name of running.names) await running.kill(name, 'SIGKILL').catch(() => {});
    }
    await Promise.race([nats?.kill('SIGTERM').catch(() => {}), sleep(STOP_TIMEOUT_MS)]);
    await nats?.kill('SIGKILL').catch(() => {});
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    for (const name of [`${prefix}_hub`, `${prefix}_node_${TREATMENT}`, `${prefix}_node_${INSURED}`])
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }, 60_000);

  it('loses no acknowledged settlement, counts none twice, and clears the period with no difference', async () => {
    const startedMs = Date.now();
    // What the processes said last, when something went wrong.
    onTestFailed(() => console.log(logs.slice(-200).join('\n')));
    // ── A world of two provinces in three databases ─────────────────────────────────────────────────────────
    const world = faultWorld(SEED, PERSONS);
    const valid = validateDataset(world.raw);
    if (!valid.ok) throw new Error(`the fault world is not a valid dataset:\n${valid.problems.join('\n')}`);
    await createDatabases(layout, [TREATMENT, INSURED]);
    await loadCluster(layout, [TREATMENT, INSURED], valid.dataset);
    const insuredUrl = nodeDatabase(layout, INSURED);
    const treatmentUrl = nodeDatabase(layout, TREATMENT);
    const balancesBefore = await insuredBalances(insuredUrl, INSURED);

    // ── NATS of our own, the hub and the two nodes ─────────────────────────────────────────────────────────
    const base = await freePortRun(4);
    storeDir = mkdtempSync(join(tmpdir(), 'yidi-fault-nats-'));
    nats = new NatsServer(base + 3, storeDir, (line) => log('nats', line));
    await nats.start();
    // The insured node's reconciliation: `yidi node --orphan-grace/--orphan-interval` where the command has them,
    // else the environment the node processes inherit (YIDI_ORPHAN_*), which they read as well.
    const orphanOptions = nodeHasOrphanOptions();
    if (!orphanOptions) {
      process.env.YIDI_ORPHAN_GRACE_MS = String(ORPHAN_GRACE_MS);
      process.env.YIDI_ORPHAN_INTERVAL_MS = String(ORPHAN_INTERVAL_MS);
    }
    cluster = new LocalCluster({
      nodeArgs: orphanOptions
        ? ['--orphan-grace', String(ORPHAN_GRACE_MS), '--orphan-interval', String(ORPHAN_INTERVAL_MS)]
        : [],
      entry: ENTRY,
      layout,
      nats: nats.url,
      basePort: base,
      nodes: [[TREATMENT], [INSURED]],
      onLine: log,
    });
    await cluster.start();
    const running = cluster;
    const natsServer = nats;
    const treatmentNode = `node-${TREATMENT}`;
    const insuredNode = `node-${INSURED}`;
    await untilRegistered(running.url('hub'));
    const readyMs = Date.now();

    // ── Traffic, and the faults inside it ──────────────────────────────────────────────────────────────────
    const stats = new TrafficStats();
    const faults: Fault[] = [
      { name: 'kill -9 insured node', atShare: 0.25 },
      { name: 'kill -9 hub', atShare: 0.45 },
      { name: 'kill -9 treatment node', atShare: 0.65 },
      { name: 'restart NATS', atShare: 0.8 },
    ];
    const inject = async () => {
      for (const fault of faults) {
        while (stats.acknowledged.length < TARGET * fault.atShare) {
          if (Date.now() > startedMs + RUN_LIMIT_MS) return;
          await sleep(50);
        }
        fault.inflightAtKill = stats.inflight;
        fault.settlingAtKill = stats.settling;
        fault.killedAt = Date.now();
        if (fault.name === 'restart NATS') {
          await natsServer.kill('SIGKILL');
          await sleep(DOWN_MS);
          await natsServer.start();
        } else {
          const name =
            fault.name === 'kill -9 hub'
              ? 'hub'
              : fault.name.includes('insured')
                ? insuredNode
                : treatmentNode;
          await running.kill(name, 'SIGKILL');
          await sleep(DOWN_MS);
          await running.restart(name);
        }
        // Back means: the hub answers for both nodes over the bus again.
        await untilHealthy(running.url('hub'));
        await untilHealthy(running.url(treatmentNode));
        fault.backAt = Date.now();
      }
    };
    const traffic = driveTraffic({
      baseUrl: running.url(treatmentNode),
      world,
      target: TARGET,
      concurrency: CONCURRENCY,
      seed: SEED,
      giveUpMs: GIVE_UP_MS,
      settleGiveUpMs: SETTLE_GIVE_UP_MS,
      noReversalShare: NO_REVERSAL_SHARE,
      impatientShare: IMPATIENT_SHARE,
      deadline: startedMs + RUN_LIMIT_MS,
      stats,
    });
    await Promise.all([traffic, inject()]);
    const trafficMs = Date.now();
    for (const [n, fault] of faults.entries()) {
      const until = Math.min((fault.backAt ?? trafficMs) + 5_000, faults[n + 1]?.killedAt ?? trafficMs);
      fault.hits = stats.failedAttempts.filter((a) => a.at >= fault.killedAt! && a.at <= until).length;
    }

    // ── Reconciliation: every standing decision confirmed by the treatment node, or reverted ─────────────
    const reconcileDeadline = Date.now() + ORPHAN_GRACE_MS + 60_000;
    while ((await unverifiedDecisions(insuredUrl, INSURED)) > 0) {
      if (Date.now() > reconcileDeadline) break;
      await sleep(1_000);
    }
    const unverified = await unverifiedDecisions(insuredUrl, INSURED);

    // ── What the databases hold ─────────────────────────────────────────────────────────────────────────────
    const settlements = await treatmentSettlements(treatmentUrl, TREATMENT);
    const decisions = await insuredDecisions(insuredUrl, INSURED);
    const orphans = await orphanReversals(insuredUrl, INSURED);
    const summary = {
      seconds: {
        setup: Math.round((readyMs - startedMs) / 1000),
        traffic: Math.round((trafficMs - readyMs) / 1000),
        total: Math.round((Date.now() - startedMs) / 1000),
      },
      acknowledged: stats.acknowledged.length,
      cycles: { started: stats.cyclesStarted, completed: stats.cyclesCompleted },
      resent_same_msgid: stats.resent,
      gave_up_2304: stats.gaveUp2304,
      impatient_2304_pairs: stats.impatient,
      impatient_answers_differed: Object.fromEntries(stats.impatientDiffered),
      reversals_2601: Object.fromEntries(stats.reversals),
      refused_2304: Object.fromEntries(stats.refused2304),
      abandoned: Object.fromEntries(stats.abandoned),
      orphans_reverted: orphans,
      settlements: settlements.length,
      decisions: countBy(decisions, (d) => d.status),
      faults: faults.map((f) => ({
        fault: f.name,
        in_flight_at_kill: f.inflightAtKill,
        settling_at_kill: f.settlingAtKill,
        failed_attempts: f.hits,
        down_s: f.backAt && f.killedAt ? Number(((f.backAt - f.killedAt) / 1000).toFixed(1)) : undefined,
      })),
    };
    console.log(`cluster fault run:\n${JSON.stringify(summary, null, 2)}`);

    expect(stats.acknowledged.length, 'acknowledged settlements').toBeGreaterThanOrEqual(TARGET);
    // A message sent again after a crash lost its answer is answered as the first time (its effect recognised by
    // msgid), never refused because of what its own first attempt did.
    expect(
      [...stats.abandoned.keys()].filter((reason) => reason.includes('（重发，此前')),
      'refusals of messages sent again',
    ).toEqual([]);
    for (const fault of faults) {
      expect(fault.backAt, `${fault.name} done`).toBeDefined();
      expect(fault.inflightAtKill, `${fault.name}: messages in flight`).toBeGreaterThan(0);
      expect(fault.hits, `${fault.name}: attempts it failed`).toBeGreaterThan(0);
    }
    expect(unverified, 'decisions reconciliation left unconfirmed').toBe(0);
    expect(Object.fromEntries(stats.impatientDiffered), 'one msgid, two answers').toEqual({});

    // No acknowledged settlement lost: each stands with the amounts the HIS was told.
    const bySetlId = new Map(settlements.map((s) => [s.setl_id, s]));
    const lost = stats.acknowledged.filter((a) => {
      const s = bySetlId.get(a.setl_id);
      if (!s) return true;
      return (
        s.refd_setl_flag !== '0' ||
        s.cancelled_by !== null ||
        s.mdtrt_id !== a.mdtrt_id ||
        s.msgid !== a.msgid ||
        s.medfee !== a.medfee_fen ||
        s.fund !== a.fund_fen ||
        s.acct !== a.acct_fen ||
        s.cash !== a.cash_fen
      );
    });
    expect(lost.slice(0, 5), `${lost.length} acknowledged settlements lost or changed`).toEqual([]);

    // None counted twice: one standing settlement per visit, one settlement per decision key.
    const standing = settlements.filter((s) => s.refd_setl_flag === '0' && s.cancelled_by === null);
    expect(duplicates(standing.map((s) => s.mdtrt_id)), 'visits with two standing settlements').toEqual([]);
    expect(
      duplicates(settlements.filter((s) => s.refd_setl_flag === '0').map((s) => s.decision_key)),
      'decision keys with two settlements',
    ).toEqual([]);

    // Nothing stands that the HIS was told failed; what stands unacknowledged is what the HIS gave up on.
    const acknowledged = new Set(stats.acknowledged.map((a) => a.setl_id));
    const standsFailed = standing.filter((s) => stats.failedMsgids.has(s.msgid)).map((s) => s.setl_id);
    expect(standsFailed, 'settlements standing although the HIS was told they failed').toEqual([]);
    const unexplained = standing
      .filter((s) => !acknowledged.has(s.setl_id) && !stats.unknownMsgids.has(s.msgid))
      .map((s) => s.setl_id);
    expect(unexplained, 'settlements standing that no HIS was answered or left in doubt').toEqual([]);

    // The two sides agree: each decided decision has exactly one standing settlement, and the reverse.
    const decided = decisions.filter((d) => d.status === 'decided');
    const decidedByKey = new Map(decided.map((d) => [d.decision_key, d]));
    const standingByKey = new Map(standing.map((s) => [s.decision_key, s]));
    const withoutSettlement = decided
      .filter((d) => !standingByKey.has(d.decision_key))
      .map((d) => d.decision_key);
    const withoutDecision = standing
      .filter((s) => !decidedByKey.has(s.decision_key))
      .map((s) => s.decision_key);
    expect(
      withoutSettlement.slice(0, 5),
      `${withoutSettlement.length} decisions without a settlement`,
    ).toEqual([]);
    expect(withoutDecision.slice(0, 5), `${withoutDecision.length} settlements without a decision`).toEqual(
      [],
    );
    const amountsDiffer = standing.filter((s) => {
      const d = decidedByKey.get(s.decision_key);
      return d !== undefined && (d.fund !== s.fund || d.acct !== s.acct);
    });
    expect(amountsDiffer.slice(0, 5), 'settlements whose decision paid otherwise').toEqual([]);
    expect(
      sum(standing, (s) => s.fund),
      'fund paid: treatment side = insured side',
    ).toBe(sum(decided, (d) => d.fund ?? 0));
    expect(standing.length).toBe(decided.length);

    // Every accumulator is the dataset's plus the surviving decisions' deltas; every balance less their account pay.
    const expected = recomputeAccumulators(
      valid.dataset.accumulators
        .filter((a) => balancesBefore.has(`${a.psn_no}|${a.insutype}`))
        .map((a) => ({ ...a, counters: a.counters_fen })),
      decisions,
    );
    const actual = await insuredAccumulators(insuredUrl, INSURED);
    const accumulatorDiffs: string[] = [];
    const seen = new Set<string>();
    for (const row of actual) {
      const key = `${row.psn_no}|${row.insutype}|${row.year}`;
      seen.add(key);
      const want = expected.get(key) ?? { admissions: 0, counters: {} };
      if (
        row.admissions !== want.admissions ||
        JSON.stringify(sorted(withoutZeroCounters(row.counters))) !==
          JSON.stringify(sorted(withoutZeroCounters(want.counters)))
      )
        accumulatorDiffs.push(`${key}: ${JSON.stringify(row)} ≠ ${JSON.stringify(want)}`);
    }
    for (const [key, want] of expected)
      if (
        !seen.has(key) &&
        (want.admissions !== 0 || Object.keys(withoutZeroCounters(want.counters)).length > 0)
      )
        accumulatorDiffs.push(`${key}: missing, expected ${JSON.stringify(want)}`);
    expect(accumulatorDiffs.slice(0, 5), `${accumulatorDiffs.length} accumulators differ`).toEqual([]);
    const balances = await insuredBalances(insuredUrl, INSURED);
    const balanceDiffs = [...balances].filter(([key, fen]) => {
      const paid = sum(
        decided.filter((d) => `${d.psn_no}|${d.insutype}` === key),
        (d) => d.acct ?? 0,
      );
      return fen !== (balancesBefore.get(key) ?? 0) - paid;
    });
    expect(balanceDiffs.slice(0, 5), 'account balances that differ').toEqual([]);

    // Clearing of every period the settlements fall in reconciles, and its pair totals are the treatment side's.
    bus = await connectNatsBus({ servers: natsServer.url, name: 'fault-test-clearing' });
    hubDb = await openPostgres(hubDatabase(layout));
    const clearing = new ClearingService(hubDb, bus, new HubStore(hubDb), () => undefined);
    const periods = [...new Set(settlements.map((s) => periodOf(s.setl_time)))].sort();
    expect(periods.length).toBeGreaterThan(0);
    for (const period of periods) {
      const view: ClearingView = await clearing.run(period);
      const records = settlements.filter((s) => periodOf(s.setl_time) === period);
      const pair = view.pairs.find(
        (p) => p.treatment_province === TREATMENT && p.insured_province === INSURED,
      );
      console.log(
        `clearing ${period}: ${view.status}, ${view.differences.length} differences, pair fund ${pair?.fund_fen} fen, ${pair?.person_times} person-times`,
      );
      expect(view.differences.slice(0, 5), `clearing ${period}: differences`).toEqual([]);
      expect(view.status, `clearing ${period}`).toBe('reconciled');
      expect(pair?.fund_fen ?? 0, `clearing ${period}: pair fund`).toBe(sum(records, (s) => s.fund));
      expect(pair?.medfee_fen ?? 0, `clearing ${period}: pair medfee`).toBe(sum(records, (s) => s.medfee));
      expect(pair?.acct_pay_fen ?? 0, `clearing ${period}: pair account`).toBe(sum(records, (s) => s.acct));
      expect(pair?.person_times ?? 0, `clearing ${period}: person-times`).toBe(
        records.filter((s) => s.refd_setl_flag === '0').length -
          records.filter((s) => s.refd_setl_flag === '1').length,
      );
    }
  }, 300_000);
});

/** Whether `yidi node` takes --orphan-grace and --orphan-interval. */
function nodeHasOrphanOptions(): boolean {
  const help = execFileSync(process.execPath, [ENTRY, 'node', '--help'], { encoding: 'utf8' });
  return help.includes('--orphan-grace') && help.includes('--orphan-interval');
}

async function untilHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** The hub routes both provinces (the nodes announce themselves in the background). */
async function untilRegistered(hubUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${hubUrl}/api/nodes`, { signal: AbortSignal.timeout(3_000) });
      const text = await response.text();
      if (response.ok && text.includes(TREATMENT) && text.includes(INSURED)) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the nodes did not register with the hub in time');
    await sleep(250);
  }
}

const periodOf = (setlTime: string): string => setlTime.slice(0, 7);
const sum = <T>(rows: readonly T[], of: (row: T) => number): number => rows.reduce((n, r) => n + of(r), 0);
const sorted = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}
function countBy<T>(rows: readonly T[], key: (row: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[key(row)] = (out[key(row)] ?? 0) + 1;
  return out;
}
