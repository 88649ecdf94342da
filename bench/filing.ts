// Online filing benchmark: POST /api/portal/filings (long-term, personal commitment, approved at once: the filing,
// its history and an outbox event) over HTTP by a few concurrent clients against the embedded platform in this
// process, then the time each approval takes to reach the treatment node's copy through the outbox, the hub's index
// and the bus; against a bare Fastify route that INSERTs one row of the same size into a scratch table on the same
// database, same client, same concurrency, in the same run. The last line printed is one JSON object.
// Run: npm run bench:filing [-- --filings 2000 --clients 8 --sample 200 --rounds 4]
// DATABASE_URL=postgres://… npm run bench:filing runs it on a PostgreSQL server (an empty database).
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { buildServer } from '../src/api/server.ts';
import { createInProcessBus } from '../src/bus/in-process.ts';
import type { RawDataset } from '../src/core/dataset/schema.ts';
import { idCheckChar } from '../src/core/id-number.ts';
import { addDays, chinaDateOf } from '../src/core/time.ts';
import { isEmptyWorld, loadDataset, startPlatform } from '../src/platform.ts';
import { readDatasetFolder } from '../src/store/dataset-folder.ts';
import type { FilingIndexEvent } from '../src/store/filing-events.ts';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const FILINGS = option('filings', 2_000);
const CLIENTS = option('clients', 8);
/** Filings made one at a time after the timed run, each followed to the treatment node's copy. */
const SAMPLE = option('sample', 200);
/** Filings (and baseline inserts) before the timed runs: JIT, PGlite's caches, the first connections. */
const WARM_UP = option('warm-up', 100);
/** The timed filings and baseline inserts alternate in this many rounds. */
const ROUNDS = option('rounds', 4);
const PERSONS = WARM_UP + FILINGS + SAMPLE;
const SMALL_DATASET_DIR = fileURLToPath(new URL('../test/fixtures/datasets/small', import.meta.url));
const INSURED_PROVINCE = '130000';
const TREATMENT_PROVINCE = '460000';
const SCRATCH_TABLE = 'public.bench_filing_scratch';
/** A copy that has not arrived in this time counts as lost (and fails the run). */
const PROPAGATION_GIVE_UP_MS = 10_000;
/** A round's copies may lag behind its answers (the hub indexes one event at a time); past this the run fails. */
const DRAIN_GIVE_UP_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;

const portOf = (server: { address(): unknown }): number => {
  const address = server.address();
  return typeof address === 'object' && address !== null ? (address as { port: number }).port : 0;
};
const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const round1 = (value: number): number => Number(value.toFixed(1));

// ── The JSON client both runs use: kept-alive node:http connections, one per concurrent client ────────────────
interface JsonAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field below.
  readonly body: any;
}
type Send = (path: string, body: unknown, token?: string) => Promise<JsonAnswer>;

function jsonClient(port: number): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  return (path, body, token) =>
    new Promise<JsonAnswer>((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          hostname: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
}

/** Runs `work` on every item by CLIENTS concurrent workers; answers the latency of each in ms and the wall time. */
async function drive<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const sent = performance.now();
        await work(item);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

// ── The dataset: the small dataset plus PERSONS employees of 石家庄 without a filing ─────────────────────────────
interface BenchPerson {
  readonly psn_no: string;
  readonly certno: string;
  readonly psn_name: string;
}
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

function benchPerson(i: number): BenchPerson {
  // Birth dates from 1960 on, one a day, and the 3-digit sequence beyond 10,000 persons: every certno differs.
  const birth = addDays('1960-01-01', i % 10_000).replaceAll('-', '');
  const first17 = `130102${birth}${String(Math.floor(i / 10_000) % 1_000).padStart(3, '0')}`;
  return {
    psn_no: `1301${String(900_000_000_000_000 + i).padStart(16, '0')}`,
    certno: first17 + idCheckChar(first17),
    psn_name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${GIVEN[i % GIVEN.length]}`,
  };
}

function datasetWith(persons: readonly BenchPerson[]): RawDataset {
  const folder = readDatasetFolder(SMALL_DATASET_DIR);
  if (!folder.ok) throw new Error(`the small dataset is broken:\n${folder.problems.join('\n')}`);
  const raw = structuredClone(folder.raw) as RawDataset & { persons: unknown[] };
  for (const p of persons)
    raw.persons.push({
      psn_no: p.psn_no,
      psn_cert_type: '01',
      certno: p.certno,
      psn_name: p.psn_name,
      gend: Number(p.certno[16]) % 2 === 1 ? '1' : '2',
      brdy: `${p.certno.slice(6, 10)}-${p.certno.slice(10, 12)}-${p.certno.slice(12, 14)}`,
      naty: '01',
      insuplc_admdvs: '130100',
      insutype: '310',
      psn_type: '1101',
      psn_insu_stas: '1',
      psn_insu_date: '2008-07-01',
      cvlserv_flag: '0',
      emp_name: '石家庄某公司',
      acct_balc: 800,
    });
  return raw;
}

/** The application the mini-program sends: long-term (13) for 海南 from today, signed commitment. */
const applicationOf = (p: BenchPerson, today: string) => ({
  insutype: '310',
  dcla_type: '13',
  mdtrtarea_admdvs: TREATMENT_PROVINCE,
  begndate: today,
  contact: { name: p.psn_name, tel: '13800138000', addr: '海南省海口市龙华区某小区' },
  notice_version: 'GJ-2024-01',
  proof: { kind: 'commitment', text_version: 'GJ-CN-2024-01', signed_name: p.psn_name },
});

// ── The platform ──────────────────────────────────────────────────────────────────────────────────────────
const DATABASE_URL = process.env.DATABASE_URL;
const STORE = DATABASE_URL ? 'PostgreSQL server' : 'PGlite in memory';
const loadStarted = performance.now();
const platform = await startPlatform({
  ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { memory: true }),
  provinces: [INSURED_PROVINCE, TREATMENT_PROVINCE],
  bus: createInProcessBus(),
});
// The bench persons file once each: on a database that already holds a world they would be refused as duplicates.
if (!(await isEmptyWorld(platform))) {
  await platform.close();
  throw new Error('DATABASE_URL must name an empty database (this one already holds a world)');
}
const persons = Array.from({ length: PERSONS }, (_, i) => benchPerson(i));
await loadDataset(platform.db, datasetWith(persons));
const app = await buildServer(platform, { logger: false, showLoginCodes: true });
await app.listen({ host: '127.0.0.1', port: 0 });
const send = jsonClient(portOf(app.server));
const treatmentNode = platform.nodes.get(TREATMENT_PROVINCE)!;

// When each copy is written at the treatment node, by filing number: a measurement under load without polling.
const copiedAt = new Map<string, number>();
const record = treatmentNode.offsiteFilings.record.bind(treatmentNode.offsiteFilings);
treatmentNode.offsiteFilings.record = async (filing: FilingIndexEvent) => {
  await record(filing);
  copiedAt.set(filing.trt_dcla_detl_sn, performance.now());
};

// Log everybody in by one-time code before anything is timed.
const tokens = new Map<string, string>();
const login = await drive(persons, async (p) => {
  const code = await send('/api/portal/login-code', { certno: p.certno });
  const answer = await send('/api/portal/login', { certno: p.certno, code: code.body?.demo_code });
  if (answer.status !== 200) throw new Error(`login of ${p.certno} failed: ${JSON.stringify(answer.body)}`);
  tokens.set(p.psn_no, answer.body.token);
});
console.log(
  `set-up: ${PERSONS} persons loaded and logged in (${STORE}) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s` +
    ` (logins ${((2 * PERSONS) / login.seconds).toFixed(0)} requests/s)`,
);

const today = chinaDateOf(Date.now());
const answeredAt = new Map<string, number>();
const failures: string[] = [];
const file = async (p: BenchPerson): Promise<string | undefined> => {
  const answer = await send('/api/portal/filings', applicationOf(p, today), tokens.get(p.psn_no));
  const at = performance.now();
  if (answer.status !== 201 || answer.body?.status !== 'approved') {
    failures.push(`${p.psn_no}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return undefined;
  }
  answeredAt.set(answer.body.trt_dcla_detl_sn, at);
  return answer.body.trt_dcla_detl_sn;
};

/** Waits until the treatment node's copy holds every filing answered so far. */
async function drained(): Promise<number> {
  const started = performance.now();
  while ([...answeredAt.keys()].some((sn) => !copiedAt.has(sn))) {
    if (performance.now() - started > DRAIN_GIVE_UP_MS)
      throw new Error(`copies missing ${DRAIN_GIVE_UP_MS} ms after the last answer`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

// ── The baseline: a bare Fastify route writing one row of a filing's size, same database, same client ────────
await platform.db.exec(
  `DROP TABLE IF EXISTS ${SCRATCH_TABLE};
   CREATE TABLE ${SCRATCH_TABLE} (id text PRIMARY KEY, psn_no text NOT NULL, insutype text NOT NULL,
     dcla_type text NOT NULL, mdtrtarea_admdvs text NOT NULL, begndate date NOT NULL, enddate date,
     dcla_souc text NOT NULL, commitment boolean NOT NULL, status text NOT NULL, contact jsonb, notice_version text,
     commitment_doc jsonb, applicant text, approved_at timestamptz, created_at timestamptz NOT NULL)`,
);
const bare = Fastify({ logger: false });
let scratchId = 0;
bare.post<{ Body: ReturnType<typeof applicationOf> }>('/bench/insert', async (req, reply) => {
  const b = req.body;
  const now = new Date();
  await platform.db.query(
    `INSERT INTO ${SCRATCH_TABLE} (id, psn_no, insutype, dcla_type, mdtrtarea_admdvs, begndate, enddate, dcla_souc,
       commitment, status, contact, notice_version, commitment_doc, applicant, approved_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, NULL, 'app', true, 'approved', $7::jsonb, $8, $9::jsonb, $2, $10, $10)`,
    [
      `S${++scratchId}`,
      b.contact.name,
      b.insutype,
      b.dcla_type,
      b.mdtrtarea_admdvs,
      b.begndate,
      JSON.stringify(b.contact),
      b.notice_version,
      JSON.stringify({ ...b.proof, signed_at: now.toISOString() }),
      now,
    ],
  );
  return reply.code(201).send({ ok: true });
});
await bare.listen({ host: '127.0.0.1', port: 0 });
const sendBare = jsonClient(portOf(bare.server));
const insert = async (p: BenchPerson): Promise<void> => {
  const answer = await sendBare('/bench/insert', applicationOf(p, today));
  if (answer.status !== 201) failures.push(`baseline: HTTP ${answer.status}`);
};

// ── Runs: warm-up of both; then ROUNDS of filings, each waiting for its copies, followed by as many baseline inserts
// (interleaved, so that a slower minute of a shared machine weighs on both sides); then the sequential sample ─────
const warmUp = persons.slice(0, WARM_UP);
const timed = persons.slice(WARM_UP, WARM_UP + FILINGS);
const sample = persons.slice(WARM_UP + FILINGS);
await drive(warmUp, async (p) => void (await file(p)));
await drive(warmUp, insert);
await drained();
answeredAt.clear();

const filings = { latencies: [] as number[], seconds: 0 };
const baseline = { latencies: [] as number[], seconds: 0 };
let drainMs = 0;
const perRound = Math.ceil(FILINGS / ROUNDS);
for (let from = 0; from < FILINGS; from += perRound) {
  const round = timed.slice(from, from + perRound);
  const filed = await drive(round, async (p) => void (await file(p)));
  drainMs = Math.max(drainMs, await drained());
  const inserted = await drive(round, insert);
  for (const [total, part] of [
    [filings, filed],
    [baseline, inserted],
  ] as const) {
    total.latencies.push(...part.latencies);
    total.seconds += part.seconds;
  }
}
const underLoad = ascending([...answeredAt].map(([sn, at]) => copiedAt.get(sn)! - at));

// One filing at a time: from the answer, poll the treatment node's copy (filingsOf) until the filing is there.
const propagation: number[] = [];
for (const p of sample) {
  const sn = await file(p);
  if (sn === undefined) continue;
  const answered = answeredAt.get(sn)!;
  for (;;) {
    const copy = await treatmentNode.offsiteFilings.filingsOf(p.psn_no);
    const seen = performance.now();
    if (copy.some((f) => f.trt_dcla_detl_sn === sn && f.status === 'approved')) {
      propagation.push(seen - answered);
      break;
    }
    if (seen - answered > PROPAGATION_GIVE_UP_MS) {
      failures.push(`${sn}: no copy at ${TREATMENT_PROVINCE} after ${PROPAGATION_GIVE_UP_MS} ms`);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

await bare.close();
await platform.db.exec(`DROP TABLE ${SCRATCH_TABLE}`);
await app.close();
await platform.close();

// ── Figures ───────────────────────────────────────────────────────────────────────────────────────────────
const filingLatency = ascending(filings.latencies);
const baselineLatency = ascending(baseline.latencies);
const sampled = ascending(propagation);
const filingsPerS = FILINGS / filings.seconds;
const insertsPerS = FILINGS / baseline.seconds;
const ratio = insertsPerS / filingsPerS;
console.log(
  `filing:   ${filingsPerS.toFixed(0)} filings/s, p50 ${percentile(filingLatency, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(filingLatency, 0.99).toFixed(1)} ms (${FILINGS} filings, ${CLIENTS} clients, ` +
    `${filings.seconds.toFixed(1)} s in ${ROUNDS} rounds, ${STORE})`,
);
console.log(
  `baseline: ${insertsPerS.toFixed(0)} single-row INSERTs/s over HTTP, p50 ${percentile(baselineLatency, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(baselineLatency, 0.99).toFixed(1)} ms (same client, same clients, same database)`,
);
console.log(
  `propagation to ${TREATMENT_PROVINCE}'s copy, one filing at a time (${sampled.length}): ` +
    `p50 ${percentile(sampled, 0.5).toFixed(1)} ms, p99 ${percentile(sampled, 0.99).toFixed(1)} ms`,
);
console.log(
  `propagation during the timed rounds (copy written − answer received; negative: before the answer): ` +
    `p50 ${percentile(underLoad, 0.5).toFixed(1)} ms, p99 ${percentile(underLoad, 0.99).toFixed(1)} ms; ` +
    `a round's last copy at most ${drainMs.toFixed(0)} ms after its last answer`,
);
console.log(
  `ratio: ${ratio.toFixed(2)} (baseline INSERTs/s ÷ filings/s; Node ${process.versions.node}, ${PERSONS} persons)`,
);
if (failures.length > 0) {
  console.log(`WARNING: ${failures.length} failures, first: ${failures.slice(0, 3).join(' | ')}`);
  process.exitCode = 1;
}
console.log(
  JSON.stringify({
    bench: 'filing',
    persons: PERSONS,
    filings_per_s: round1(filingsPerS),
    p50_ms: round1(percentile(filingLatency, 0.5)),
    p99_ms: round1(percentile(filingLatency, 0.99)),
    propagation_p50_ms: round1(percentile(sampled, 0.5)),
    propagation_p99_ms: round1(percentile(sampled, 0.99)),
    baseline_inserts_per_s: round1(insertsPerS),
    ratio: Number(ratio.toFixed(2)),
  }),
);
