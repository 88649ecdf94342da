// The fault test's machinery: a NATS server of its own, free ports, a world of two provinces, HIS clients that follow
// the national rules through outages (same msgid again, 2601 after giving up), and the invariants read from the
// nodes' databases.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { FilingRow, InstitutionRow, RawDataset } from '../../src/core/dataset/schema.ts';
import { isFilingValidFor } from '../../src/core/filing/validity.ts';
import { provinceOf } from '../../src/core/regions.ts';
import { addDays, chinaDateOf, formatChinaDateTime } from '../../src/core/time.ts';
import { generateDemoWorld } from '../../src/demo/index.ts';
import { createRandom } from '../../src/demo/random.ts';
import { signerOf } from '../../src/demo/signing-keys.ts';
import { billTotalFen, feeDetail, makeBill } from '../../src/sim/bills.ts';
import { type HisAnswer, HisClient, type HisTransport } from '../../src/sim/his-client.ts';
import { keepAliveTransport } from '../../src/sim/http-transport.ts';
import { datasetOfProvinces, type SimPerson, simWorldOf, withFilingsFor } from '../../src/sim/world.ts';
import { IN_CI, postgresAvailable } from './services.ts';

export const NATS_SERVER = process.env.YIDI_NATS_SERVER ?? '/usr/sbin/nats-server';

/** PostgreSQL reachable and a nats-server binary to run: required in CI, skipped loudly elsewhere. */
export async function clusterServicesAvailable(): Promise<boolean> {
  if (!(await postgresAvailable())) return false;
  if (existsSync(NATS_SERVER)) return true;
  if (IN_CI) throw new Error(`${NATS_SERVER} is missing; CI must run the cluster fault suite`);
  console.warn(`\n⚠ no nats-server at ${NATS_SERVER}: SKIPPING the cluster fault suite here (CI runs it)\n`);
  return false;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports starting somewhere in 20000–40000. */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (20_000 - count));
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await portIsFree(p);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found in 20000–40000`);
}

/** A nats-server with JetStream of the test's own: killing and restarting it disturbs no other suite. */
export class NatsServer {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly onLine: (line: string) => void = () => {},
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      NATS_SERVER,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.onLine(line);
      });
    this.child = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`nats-server exited (${child.signalCode ?? child.exitCode}) on start`);
      if (!(await portIsFree(this.port)) && (await this.answers())) return;
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${this.port} in time`);
      await sleep(100);
    }
  }

  /** The server's monitoring-free liveness: a TCP connect that gets the INFO line. */
  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: this.port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('INFO')));
      socket.once('error', () => done(false));
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Kills the server and starts it again on the same port and store. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.kill(signal);
    await this.start();
  }
}

// ── The world ──────────────────────────────────────────────────────────────────────────────────────────────────

export const TREATMENT = '460000';
export const INSURED = '130000';

export interface FaultWorld {
  readonly raw: RawDataset;
  /** Insured in 河北 with a filing for 海南 and a policy paying 21 (inpatient). */
  readonly persons: readonly SimPerson[];
  /** 海南 hospitals that admit inpatients. */
  readonly hospitals: readonly InstitutionRow[];
  readonly catalogue: NonNullable<ReturnType<ReturnType<typeof simWorldOf>['catalogues']['get']>>;
}

/**
 * The demo world cut to 海南 and 河北, each 河北 person given an approved filing for 海南 where they have none (a
 * filing made on the app a month ago), so that every stay the test drives may settle directly.
 */
export function faultWorld(seed: number, persons: number): FaultWorld {
  const today = chinaDateOf(Date.now());
  const raw = withFilingsFor(
    datasetOfProvinces(generateDemoWorld({ seed, persons }), [TREATMENT, INSURED]),
    INSURED,
    TREATMENT,
    today,
  );
  const world = simWorldOf(raw, addDays(today, -9), today);
  const catalogue = world.catalogues.get(TREATMENT);
  if (!catalogue) throw new Error('the demo world has no 海南 catalogue');
  return {
    raw,
    persons: world.filed.filter(
      (p) =>
        provinceOf(p.row.insuplc_admdvs) === INSURED &&
        p.medTypes.has('21') &&
        p.filings.some((f) => provinceOf(f.mdtrtarea_admdvs) === TREATMENT),
    ),
    hospitals: (raw.institutions ?? []).filter(
      (i) => provinceOf(i.admdvs) === TREATMENT && i.fixmedins_type !== '2' && i.services.inpatient,
    ),
    catalogue,
  };
}

// ── HIS traffic through outages ────────────────────────────────────────────────────────────────────────────────

/** An acknowledged 2304 (infcode 0), as the HIS keeps it. */
export interface Acknowledged {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly msgid: string;
  readonly fixmedins_code: string;
  readonly medfee_fen: number;
  readonly fund_fen: number;
  readonly acct_fen: number;
  readonly cash_fen: number;
}

/** A failed attempt of one message: no answer (transport), a 5xx, or a retryable err_msg. */
export interface FailedAttempt {
  readonly at: number;
  readonly infno: string;
  readonly kind: 'transport' | 'http' | 'retryable';
}

export class TrafficStats {
  readonly acknowledged: Acknowledged[] = [];
  readonly failedAttempts: FailedAttempt[] = [];
  cyclesStarted = 0;
  cyclesCompleted = 0;
  /** Sends of an envelope already sent once (same msgid). */
  resent = 0;
  /** 2304s given up on (no answer in time), then (mostly) reversed by 2601. */
  gaveUp2304 = 0;
  readonly reversals = new Map<string, number>();
  /** 2304 msgids the HIS was told failed (a refusal, or reversed by a 2601 that was answered): none may stand. */
  readonly failedMsgids = new Set<string>();
  /** 2304 msgids whose outcome the HIS never learned (given up on, no 2601 answered): may stand or not. */
  readonly unknownMsgids = new Set<string>();
  /** 2304s answered infcode -1 (not retryable): nothing settled, nothing acknowledged. */
  refused2304 = new Map<string, number>();
  /** Cycles that stopped before their 2304, by message and reason. */
  readonly abandoned = new Map<string, number>();
  /** 2304s sent twice at once, and the pairs whose answers were not the same settlement. */
  impatient = 0;
  readonly impatientDiffered = new Map<string, number>();
  /** Messages in flight right now. */
  inflight = 0;
  /** 2304s in flight right now. */
  settling = 0;

  count(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

const RETRYABLE = /相同msgid重试/;
const RETRY_FIRST_PAUSE_MS = 200;
const RETRY_MAX_PAUSE_MS = 2_000;
/** How long a 2601 is tried before it is left to reconciliation. */
const REVERSAL_GIVE_UP_MS = 90_000;

export interface TrafficOptions {
  readonly baseUrl: string;
  readonly world: FaultWorld;
  /** Acknowledged settlements to reach; workers stop starting cycles then. */
  readonly target: number;
  readonly concurrency: number;
  readonly seed: number;
  /** A message without an answer for this long is given up on and its cycle abandoned. */
  readonly giveUpMs: number;
  /** A 2304 without an answer for this long is given up on and reversed with 2601 (a cashier does not wait long). */
  readonly settleGiveUpMs: number;
  /**
   * Share of given-up 2304s whose HIS sends no 2601 (it crashed too, or its operator walked away): their decisions
   * are left to the insured node's reconciliation.
   */
  readonly noReversalShare: number;
  /** Share of 2304s sent twice at once under the same msgid (the HIS's read timed out and it resent). */
  readonly impatientShare: number;
  /** No cycle starts after this (a safety net: the test fails on the count then). */
  readonly deadline: number;
  readonly stats: TrafficStats;
}

/** The answer, or that there was none in time; with the kinds of the attempts that failed before. */
type Sent = ({ readonly answer: HisAnswer } | { readonly gaveUp: true }) & {
  readonly failed: readonly FailedAttempt['kind'][];
};

/** Inpatient cycles (9001 once per hospital; 1101, 2401, 2301, 2303, 2304, 2402) from concurrent HIS workers. */
export async function driveTraffic(options: TrafficOptions): Promise<void> {
  const { stats, world } = options;
  const http = keepAliveTransport(options.baseUrl, { maxSockets: options.concurrency * 2 });
  const transport: HisTransport = async (body) => {
    stats.inflight++;
    try {
      return await http(body);
    } finally {
      stats.inflight--;
    }
  };
  const random = createRandom(options.seed, 'faults');
  const busy = new Set<string>();
  const clients = new Map<string, Promise<HisClient>>();

  /** Sends one envelope until it is answered (the same envelope, the same msgid), or gives up. */
  const sendReliably = async (
    client: HisClient,
    envelope: Record<string, unknown>,
    giveUpMs: number,
  ): Promise<Sent> => {
    const infno = envelope.infno as string;
    const first = Date.now();
    let pause = RETRY_FIRST_PAUSE_MS;
    const failed: FailedAttempt['kind'][] = [];
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) stats.resent++;
      let failure: FailedAttempt['kind'] | undefined;
      let answer: HisAnswer | undefined;
      try {
        answer = await client.send(envelope);
        if (typeof answer?.infcode !== 'number') failure = 'http';
        else if (answer.infcode !== 0 && RETRYABLE.test(answer.err_msg ?? '')) failure = 'retryable';
      } catch {
        failure = 'transport';
      }
      if (!failure && answer) return { answer, failed };
      failed.push(failure!);
      stats.failedAttempts.push({ at: Date.now(), infno, kind: failure! });
      if (Date.now() - first > giveUpMs) return { gaveUp: true, failed };
      await sleep(pause + Math.floor(random.next() * 100));
      pause = Math.min(pause * 2, RETRY_MAX_PAUSE_MS);
    }
  };

  /** Sends a message the cycle needs answered with infcode 0; otherwise the cycle is abandoned. */
  const must = async (client: HisClient, infno: string, input: unknown, insuplc?: string) => {
    const sent = await sendReliably(
      client,
      client.envelope(infno, input, insuplc ? { insuplc_admdvs: insuplc } : {}),
      options.giveUpMs,
    );
    if ('gaveUp' in sent) throw new Abandoned(infno, '无应答，放弃');
    if (sent.answer.infcode !== 0) {
      // A refusal of a message sent again says what the earlier attempts met: their effect may have been kept.
      const after = sent.failed.length > 0 ? `（重发，此前：${[...new Set(sent.failed)].join('/')}）` : '';
      throw new Abandoned(infno, `${sent.answer.err_msg ?? '(无err_msg)'}${after}`);
    }
    return sent.answer.output;
  };

  const clientFor = (hospital: InstitutionRow): Promise<HisClient> => {
    let client = clients.get(hospital.fixmedins_code);
    if (!client) {
      const fresh = new HisClient(transport, {
        fixmedins_code: hospital.fixmedins_code,
        fixmedins_name: hospital.fixmedins_name,
        admdvs: hospital.admdvs,
        signer: signerOf(hospital),
      });
      client = must(fresh, '9001', { signIn: { opter_no: 'D001', mac: '', ip: '' } }).then((output) => {
        fresh.useSignNo(output.signinoutb.sign_no);
        return fresh;
      });
      client.catch(() => clients.delete(hospital.fixmedins_code));
      clients.set(hospital.fixmedins_code, client);
    }
    return client;
  };

  const cycle = async (person: SimPerson, hospital: InstitutionRow): Promise<void> => {
    const client = await clientFor(hospital);
    const row = person.row;
    const insuplc = row.insuplc_admdvs;
    const credential = { mdtrt_cert_type: '02', mdtrt_cert_no: row.certno };
    await must(client, '1101', { data: credential }, insuplc);
    const beginMs =
      Math.floor((Date.now() - random.int(1, 6) * 86_400_000 - random.int(0, 12) * 3_600_000) / 1000) * 1000;
    const begntime = formatChinaDateTime(beginMs);
    const visit = { psn_no: row.psn_no, insutype: row.insutype, begntime, ...credential };
    const admitted = await must(
      client,
      '2401',
      pneumoniaAdmission(visit, `ZY${beginMs}${random.digits(4)}`),
      insuplc,
    );
    const mdtrtId = admitted.result.mdtrt_id as string;
    const bill = makeBill(
      world.catalogue,
      { lines: [4, 16], total_yuan: [1_000, 30_000] },
      random,
      beginMs + 600_000,
      Date.now() - 60_000,
    );
    const feedetail = feeDetail(bill, { mdtrt_id: mdtrtId, psn_no: row.psn_no, med_type: '21' });
    await must(client, '2301', { feedetail }, insuplc);
    const data = {
      psn_no: row.psn_no,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: row.certno,
      medfee_sumamt: (billTotalFen(bill) / 100).toFixed(2),
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      insutype: row.insutype,
      acct_used_flag: Number(row.acct_balc) > 0 && random.chance(0.5) ? '1' : '0',
      mid_setl_flag: '0',
    };
    await must(client, '2303', { data }, insuplc);

    const settle = client.envelope('2304', { data }, { insuplc_admdvs: insuplc });
    stats.settling++;
    let sent: Sent;
    try {
      if (random.chance(options.impatientShare)) {
        // An impatient HIS: its read timed out and it sends the same msgid again while the first is still running.
        stats.impatient++;
        const again = sleep(random.int(0, 40)).then(() =>
          sendReliably(client, settle, options.settleGiveUpMs),
        );
        const both = await Promise.all([sendReliably(client, settle, options.settleGiveUpMs), again]);
        const answered = both.flatMap((b) => ('answer' in b ? [b.answer] : []));
        if (answered.length === 2 && sameSettlement(answered[0]!, answered[1]!) === false)
          stats.count(
            stats.impatientDiffered,
            answered.map((a) => (a.infcode === 0 ? a.output.setlinfo.setl_id : a.err_msg)).join(' ≠ '),
          );
        sent = both.find((b) => 'answer' in b && b.answer.infcode === 0) ?? both[0]!;
      } else sent = await sendReliably(client, settle, options.settleGiveUpMs);
    } finally {
      stats.settling--;
    }
    if ('gaveUp' in sent) {
      stats.gaveUp2304++;
      if (random.chance(options.noReversalShare)) {
        stats.count(stats.reversals, 'not sent (left to reconciliation)');
        stats.unknownMsgids.add(settle.msgid as string);
      } else await reverse(client, row.psn_no, settle.msgid as string, insuplc);
      return;
    }
    if (sent.answer.infcode !== 0) {
      stats.count(stats.refused2304, sent.answer.err_msg ?? '(无err_msg)');
      stats.failedMsgids.add(settle.msgid as string);
      return;
    }
    const setlinfo = sent.answer.output.setlinfo;
    stats.acknowledged.push({
      setl_id: setlinfo.setl_id,
      mdtrt_id: mdtrtId,
      msgid: settle.msgid as string,
      fixmedins_code: hospital.fixmedins_code,
      medfee_fen: toFen(setlinfo.medfee_sumamt),
      fund_fen: toFen(setlinfo.fund_pay_sumamt),
      acct_fen: toFen(setlinfo.acct_pay),
      cash_fen: toFen(setlinfo.psn_cash_pay),
    });
    await must(client, '2402', dischargeNow(mdtrtId, row), insuplc);
  };

  /** 2601 of a 2304 that got no answer: tried until the node answers it. */
  const reverse = async (client: HisClient, psnNo: string, omsgid: string, insuplc: string) => {
    const envelope = client.envelope(
      '2601',
      { data: { psn_no: psnNo, omsgid, oinfno: '2304' } },
      { insuplc_admdvs: insuplc },
    );
    const sent = await sendReliably(client, envelope, REVERSAL_GIVE_UP_MS);
    const outcome =
      'gaveUp' in sent
        ? 'no answer (left to reconciliation)'
        : sent.answer.infcode === 0
          ? String(sent.answer.output.data.rvs_rslt)
          : `refused: ${sent.answer.err_msg}`;
    stats.count(stats.reversals, outcome);
    if ('answer' in sent && sent.answer.infcode === 0) stats.failedMsgids.add(omsgid);
    else stats.unknownMsgids.add(omsgid);
  };

  const worker = async (): Promise<void> => {
    while (stats.acknowledged.length + stats.settling < options.target && Date.now() < options.deadline) {
      const person = random.pick(world.persons);
      const key = `${person.row.psn_no}|${person.row.insutype}`;
      if (busy.has(key)) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      // A hospital of a place the person's filing covers on the day (a filing may name a pooling region).
      const day = chinaDateOf(Date.now());
      const hospital = random.pick(world.hospitals);
      const covered = (f: FilingRow) =>
        isFilingValidFor(f, hospital.admdvs, addDays(day, -7)) && isFilingValidFor(f, hospital.admdvs, day);
      if (!person.filings.some(covered)) continue;
      busy.add(key);
      stats.cyclesStarted++;
      try {
        await cycle(person, hospital);
        stats.cyclesCompleted++;
      } catch (error) {
        if (error instanceof Abandoned) stats.count(stats.abandoned, `${error.infno} ${error.reason}`);
        else stats.count(stats.abandoned, `模拟器异常：${(error as Error).message}`);
      } finally {
        busy.delete(key);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

class Abandoned extends Error {
  constructor(
    readonly infno: string,
    readonly reason: string,
  ) {
    super(`${infno}: ${reason}`);
  }
}

const toFen = (yuan: unknown): number => Math.round(Number(yuan ?? 0) * 100);

/** Two answers to one msgid: the same settlement (or the same refusal)? */
function sameSettlement(a: HisAnswer, b: HisAnswer): boolean {
  if (a.infcode !== b.infcode) return false;
  return a.infcode === 0
    ? a.output?.setlinfo?.setl_id === b.output?.setlinfo?.setl_id
    : a.err_msg === b.err_msg;
}

// ── Invariants, from the nodes' databases ──────────────────────────────────────────────────────────────────────

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface SettlementRow {
  setl_id: string;
  mdtrt_id: string;
  msgid: string;
  fixmedins_code: string;
  decision_key: string;
  refd_setl_flag: '0' | '1';
  cancelled_by: string | null;
  setl_time: string;
  medfee: number;
  fund: number;
  acct: number;
  cash: number;
}

export interface DecisionRow {
  decision_key: string;
  psn_no: string;
  insutype: string;
  status: string;
  verified_at: Date | null;
  fund: number | null;
  acct: number | null;
  delta: { year: number; admissions: number; counters: Record<string, number> } | null;
}

export async function treatmentSettlements(url: string, province: string): Promise<SettlementRow[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT setl_id, mdtrt_id, msgid, fixmedins_code, decision_key, refd_setl_flag, cancelled_by, setl_time,
              medfee_sumamt_fen::float8 AS medfee, fund_pay_sumamt_fen::float8 AS fund, acct_pay_fen::float8 AS acct,
              psn_cash_pay_fen::float8 AS cash
       FROM node_${province}.settlements WHERE insuplc_admdvs NOT LIKE $1`,
      [`${province.slice(0, 2)}%`],
    );
    return rows as SettlementRow[];
  });
}

export async function insuredDecisions(url: string, province: string): Promise<DecisionRow[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT decision_key, psn_no, insutype, status, verified_at,
              (decision->>'fund_pay_fen')::float8 AS fund,
              COALESCE((decision->'account'->>'paid_fen')::float8, 0) AS acct,
              decision->'delta' AS delta
       FROM node_${province}.benefit_decisions`,
    );
    return rows as DecisionRow[];
  });
}

export interface AccumulatorRow {
  psn_no: string;
  insutype: string;
  year: number;
  admissions: number;
  counters: Record<string, number>;
}

export async function insuredAccumulators(url: string, province: string): Promise<AccumulatorRow[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT psn_no, insutype, year, admissions, counters FROM node_${province}.accumulators`,
    );
    return rows as AccumulatorRow[];
  });
}

export async function insuredBalances(url: string, province: string): Promise<Map<string, number>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT psn_no || '|' || insutype AS key, acct_balc_fen::float8 AS fen FROM node_${province}.persons`,
    );
    return new Map(rows.map((r: { key: string; fen: number }) => [r.key, r.fen]));
  });
}

export async function orphanReversals(url: string, province: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM node_${province}.orphan_reversals`);
    return rows[0].n as number;
  });
}

/** Decisions still standing that reconciliation has not yet confirmed (or reverted). */
export async function unverifiedDecisions(url: string, province: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM node_${province}.benefit_decisions WHERE status = 'decided' AND verified_at IS NULL`,
    );
    return rows[0].n as number;
  });
}

/** `accumulators` rows recomputed: the dataset's initial ones plus the delta of every decision that stands. */
export function recomputeAccumulators(
  initial: readonly AccumulatorRow[],
  decisions: readonly DecisionRow[],
): Map<string, { admissions: number; counters: Record<string, number> }> {
  const out = new Map<string, { admissions: number; counters: Record<string, number> }>();
  const rowOf = (psn: string, insutype: string, year: number) => {
    const key = `${psn}|${insutype}|${year}`;
    let row = out.get(key);
    if (!row) {
      row = { admissions: 0, counters: {} };
      out.set(key, row);
    }
    return row;
  };
  for (const a of initial) {
    const row = rowOf(a.psn_no, a.insutype, a.year);
    row.admissions += a.admissions;
    for (const [name, value] of Object.entries(a.counters))
      row.counters[name] = (row.counters[name] ?? 0) + value;
  }
  for (const d of decisions) {
    if (d.status !== 'decided' || !d.delta) continue;
    const row = rowOf(d.psn_no, d.insutype, d.delta.year);
    row.admissions += d.delta.admissions;
    for (const [name, value] of Object.entries(d.delta.counters))
      row.counters[name] = (row.counters[name] ?? 0) + value;
  }
  return out;
}

/** Counters with zeros left out: a reverted layer leaves 0 behind where the dataset had no counter. */
export function withoutZeroCounters(counters: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== 0));
}

// ── One stay, step by step (the 协查 cluster test) ─────────────────────────────────────────────────────────────

const MAX_BILL_DRAWS = 200;

/** What a HIS keeps of one acknowledged 2304. */
export interface SettledStay {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly medfee_fen: number;
  readonly fund_fen: number;
}

/**
 * One inpatient stay of `person` at `client`'s hospital, every message answered infcode 0 or thrown (1101, 2401,
 * 2301, 2303, 2304, 2402): a bill of `total_yuan` over stay that began `daysAgo` days ago.
 */
export async function settleStay(
  client: HisClient,
  person: SimPerson,
  catalogue: FaultWorld['catalogue'],
  options: {
    readonly seed: number;
    readonly total_yuan: readonly [number, number];
    readonly daysAgo: number;
  },
): Promise<SettledStay> {
  const random = createRandom(options.seed, 'stay');
  const row = person.row;
  const insuplc = { insuplc_admdvs: row.insuplc_admdvs };
  const credential = { mdtrt_cert_type: '02', mdtrt_cert_no: row.certno };
  await client.ok('1101', { data: credential }, insuplc);
  const beginMs = Math.floor((Date.now() - options.daysAgo * 86_400_000) / 1000) * 1000;
  const admitted = await client.ok(
    '2401',
    pneumoniaAdmission(
      { psn_no: row.psn_no, insutype: row.insutype, begntime: formatChinaDateTime(beginMs), ...credential },
      `ZY${beginMs}${random.digits(4)}`,
    ),
    insuplc,
  );
  const mdtrtId = admitted.result.mdtrt_id as string;
  // A drawn bill only aims at its total (an expensive item is billed once at least): drawn again until it is inside.
  const [minYuan, maxYuan] = options.total_yuan;
  const draw = () =>
    makeBill(
      catalogue,
      { lines: [4, 8], total_yuan: [minYuan, maxYuan] },
      random,
      beginMs + 600_000,
      Date.now() - 60_000,
    );
  let bill = draw();
  for (let n = 1; billTotalFen(bill) < minYuan * 100 || billTotalFen(bill) > maxYuan * 100; n++) {
    if (n >= MAX_BILL_DRAWS)
      throw new Error(`no bill of ${minYuan}–${maxYuan} yuan in ${MAX_BILL_DRAWS} draws from the catalogue`);
    bill = draw();
  }
  await client.ok(
    '2301',
    { feedetail: feeDetail(bill, { mdtrt_id: mdtrtId, psn_no: row.psn_no, med_type: '21' }) },
    insuplc,
  );
  const data = {
    psn_no: row.psn_no,
    mdtrt_cert_type: '02',
    mdtrt_cert_no: row.certno,
    medfee_sumamt: (billTotalFen(bill) / 100).toFixed(2),
    psn_setlway: '01',
    mdtrt_id: mdtrtId,
    insutype: row.insutype,
    acct_used_flag: '0',
    mid_setl_flag: '0',
  };
  await client.ok('2303', { data }, insuplc);
  const setlinfo = (await client.ok('2304', { data }, insuplc)).setlinfo;
  await client.ok('2402', dischargeNow(mdtrtId, row), insuplc);
  return {
    setl_id: setlinfo.setl_id as string,
    mdtrt_id: mdtrtId,
    medfee_fen: toFen(setlinfo.medfee_sumamt),
    fund_fen: toFen(setlinfo.fund_pay_sumamt),
  };
}

/** Polls `probe` until it answers something, as long as `timeoutMs`; throws naming `what` otherwise. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not after ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    await sleep(100);
  }
}

/** A 2401 input: an inpatient stay for pneumonia, the visit's person and time as given. */
function pneumoniaAdmission(visit: Record<string, string>, iptNo: string) {
  return {
    mdtrtinfo: {
      ...visit,
      med_type: '21',
      ipt_no: iptNo,
      atddr_no: 'D001',
      chfpdr_name: '医师',
      adm_diag_dscr: '肺炎',
      adm_dept_codg: 'A03',
      adm_dept_name: '内科',
      dise_codg: 'J18.900',
      dise_name: '肺炎',
    },
    diseinfo: [
      { diag_type: '1', maindiag_flag: '1', diag_srt_no: '1', diag_code: 'J18.900', diag_name: '肺炎' },
    ],
  };
}

/** A 2402 input: the stay discharged now, normally. */
function dischargeNow(mdtrtId: string, row: { psn_no: string; insutype: string }) {
  return {
    dscginfo: {
      mdtrt_id: mdtrtId,
      psn_no: row.psn_no,
      insutype: row.insutype,
      endtime: formatChinaDateTime(Date.now()),
      dscg_way: '1',
    },
  };
}
