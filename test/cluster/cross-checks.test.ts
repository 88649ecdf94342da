// Issue 9: a 协查 round trip in cluster mode — the hub and the 海南 and 河北 nodes as processes on their own databases
// and a NATS server of the test's own. A 河北 insured settles at a 海南 hospital over the 海南 node's HIS interface;
// 河北's clerk asks about it on the 河北 node's console while the 海南 node is down; 海南's clerk answers with findings
// and a PDF while the 河北 node is down, and the hub is killed -9 once it has taken the answer; 河北's clerk downloads
// the PDF and concludes with an adjustment, and both nodes show the clearing period the hub booked it into; the hub's
// registry holds no person. A stay above 河北's threshold is asked about automatically.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  type ClusterLayout,
  createDatabases,
  hubDatabase,
  loadCluster,
  nodeDatabase,
} from '../../src/cluster/layout.ts';
import { LocalCluster } from '../../src/cluster/local.ts';
import { validateDataset } from '../../src/core/dataset/validate.ts';
import { provinceOf } from '../../src/core/regions.ts';
import { chinaDateOf } from '../../src/core/time.ts';
import { DEMO_PASSWORD, generateStaff } from '../../src/demo/accounts.ts';
import { signerOf } from '../../src/demo/signing-keys.ts';
import { HisClient, httpTransport } from '../../src/sim/his-client.ts';
import type { SimPerson } from '../../src/sim/world.ts';
import {
  clusterServicesAvailable,
  eventually,
  type FaultWorld,
  faultWorld,
  freePortRun,
  INSURED,
  NatsServer,
  type SettledStay,
  settleStay,
  TREATMENT,
  withClient,
} from '../support/cluster.ts';
import { POSTGRES_ADMIN_URL } from '../support/services.ts';

const available = await clusterServicesAvailable();

const SEED = 9;
/** The demo world's smallest sizes: a few dozen persons, enough for two stays of 河北 insured in 海南. */
const PERSONS = 300;
const ENTRY = fileURLToPath(new URL('../../bin/yidi.js', import.meta.url));
/** How long a message may take to cross node → hub → node (the hub passes messages on asynchronously). */
const DELIVERY_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;
/** The role 协查 needs in the console (docs/SECURITY.md). */
const CROSS_CHECK_ROLE = 'audit_officer';
/** 河北's default automatic-request threshold: 30,000.00 yuan (docs/cross-checks.md). */
const AUTO_THRESHOLD_FEN = 3_000_000;
const ADJUSTMENT_FEN = 50_000;
/** A small PDF, as a clerk attaches a scanned record. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% 病历摘要 住院天数核查\n%%EOF\n');

interface JsonAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions.
  readonly body: any;
}

async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  payload?: unknown,
): Promise<JsonAnswer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

async function staffLogin(base: string, username: string): Promise<string> {
  const login = await call(base, 'POST', '/api/console/login', undefined, {
    username,
    password: DEMO_PASSWORD,
  });
  if (login.status !== 200)
    throw new Error(`console login of ${username} at ${base}: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.token as string;
}

/** A province-wide demo account of the province that may work on 协查. */
function clerkOf(staff: ReturnType<typeof generateStaff>, province: string): string {
  const clerk = staff.find(
    (s) =>
      s.scope_admdvs === province &&
      ((s as { roles?: readonly string[] }).roles ?? [CROSS_CHECK_ROLE]).includes(CROSS_CHECK_ROLE),
  );
  if (!clerk) throw new Error(`the demo world has no ${CROSS_CHECK_ROLE} account for ${province}`);
  return clerk.username;
}

describe.skipIf(!available)('协查 across provinces in cluster mode', () => {
  const prefix = `yidi_xc_${process.pid}`;
  const layout: ClusterLayout = { server: POSTGRES_ADMIN_URL, prefix };
  const logs: string[] = [];
  let storeDir: string | undefined;
  let nats: NatsServer | undefined;
  let cluster: LocalCluster | undefined;
  let world: FaultWorld;
  let person: SimPerson;
  let his: HisClient;
  let stay: SettledStay;
  let hebeiUrl: string;
  let hainanUrl: string;
  let hebei: string;
  let hainan: string;
  let caseId: string;
  let hebeiClerk: string;
  let hainanClerk: string;

  /** The case as a node's clerk sees it, once `ready` holds. */
  const caseAt = async (base: string, token: string, id: string, ready: (c: JsonAnswer['body']) => boolean) =>
    eventually(
      `case ${id} at ${base} as expected`,
      async () => {
        const seen = await call(base, 'GET', `/api/console/cross-checks/${id}`, token);
        return seen.status === 200 && ready(seen.body) ? seen.body : undefined;
      },
      DELIVERY_MS,
    );

  /** Whether the hub's database holds the settlement fact the treatment node announced. */
  const hubHasFact = (setlId: string) =>
    withClient(hubDatabase(layout), async (c) => {
      const { rows } = await c.query('SELECT setl_id FROM hub.settlement_facts WHERE setl_id = $1', [setlId]);
      return rows.length > 0 ? true : undefined;
    });

  /** The case's status in a database's `cross_checks` (the hub's registry, or a node's cases); undefined: not there. */
  const statusIn = (url: string, schema: string, id: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query(`SELECT status FROM ${schema}.cross_checks WHERE case_id = $1`, [id]);
      return rows[0]?.status as string | undefined;
    });
  const hubStatus = (id: string) => statusIn(hubDatabase(layout), 'hub', id);

  beforeAll(async () => {
    // ── Two provinces in three databases; the demo world's reviewers of both ─────────────────────────────────
    world = faultWorld(SEED, PERSONS);
    const staff = generateStaff().filter((s) => [TREATMENT, INSURED].includes(provinceOf(s.scope_admdvs)));
    hebeiClerk = clerkOf(staff, INSURED);
    hainanClerk = clerkOf(staff, TREATMENT);
    const valid = validateDataset({ ...world.raw, staff });
    if (!valid.ok) throw new Error(`the 协查 world is not a valid dataset:\n${valid.problems.join('\n')}`);
    await createDatabases(layout, [TREATMENT, INSURED]);
    await loadCluster(layout, [TREATMENT, INSURED], valid.dataset);
    const chosen = world.persons[0];
    if (!chosen) throw new Error('the 协查 world has no 河北 insured filed for 海南');
    person = chosen;

    // ── NATS of our own, the hub and the two nodes ─────────────────────────────────────────────────────────
    const base = await freePortRun(4);
    storeDir = mkdtempSync(join(tmpdir(), 'yidi-xc-nats-'));
    nats = new NatsServer(base + 3, storeDir, (line) => logs.push(`[nats] ${line}`));
    await nats.start();
    cluster = new LocalCluster({
      entry: ENTRY,
      layout,
      nats: nats.url,
      basePort: base,
      nodes: [[TREATMENT], [INSURED]],
      onLine: (name, line) => logs.push(`[${name}] ${line}`),
    });
    await cluster.start();
    hainanUrl = cluster.url(`node-${TREATMENT}`);
    hebeiUrl = cluster.url(`node-${INSURED}`);
    const hubUrl = cluster.url('hub');
    await eventually('both provinces registered with the hub', async () => {
      const text = await (await fetch(`${hubUrl}/api/nodes`)).text();
      return text.includes(TREATMENT) && text.includes(INSURED) ? true : undefined;
    });

    // ── One cross-province stay at a 海南 hospital, over the 海南 node's HIS interface ─────────────────────────
    const hospital = world.hospitals[0]!;
    his = new HisClient(httpTransport(hainanUrl), {
      fixmedins_code: hospital.fixmedins_code,
      fixmedins_name: hospital.fixmedins_name,
      admdvs: hospital.admdvs,
      // The demo world's institutions sign their messages with keys derivable from their codes.
      signer: signerOf(hospital),
    });
    await his.signIn();
    stay = await settleStay(his, person, world.catalogue, {
      seed: SEED,
      total_yuan: [6_000, 9_000],
      daysAgo: 3,
    });
    // The national level records it from the 海南 node's outbox (JetStream → hub.settlement_facts).
    await eventually(
      `the hub's settlement fact ${stay.setl_id}`,
      () => hubHasFact(stay.setl_id),
      DELIVERY_MS,
    );

    hebei = await staffLogin(hebeiUrl, hebeiClerk);
    hainan = await staffLogin(hainanUrl, hainanClerk);
  }, 120_000);

  afterAll(async () => {
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

  /** What the processes said last, when an assertion fails. */
  const showLogsOnFailure = () => onTestFailed(() => console.log(logs.slice(-200).join('\n')));

  it('河北 asks on its node; the hub registers it while 海南 is down, and 海南 receives it with the person when back', async () => {
    showLogsOnFailure();
    // 海南's node is down (kill -9) when 河北 asks: the case waits for it on the stream of its inbox.
    await cluster!.kill(`node-${TREATMENT}`, 'SIGKILL');
    const asked = await call(hebeiUrl, 'POST', '/api/console/cross-checks', hebei, {
      setl_id: stay.setl_id,
      reason: '住院天数与费用明细不符，请核查病历',
    });
    expect(asked.status, `POST cross-checks: ${JSON.stringify(asked.body)}`).toBe(201);
    caseId = asked.body.case_id;
    expect(asked.body).toMatchObject({
      role: 'insured',
      status: 'requested',
      automatic: false,
      setl_id: stay.setl_id,
      insured_province: INSURED,
      treatment_province: TREATMENT,
      fixmedins_code: his.institution.fixmedins_code,
      fund_pay_fen: stay.fund_fen,
      medfee_fen: stay.medfee_fen,
      requested_by: hebeiClerk,
      psn_no: null,
    });

    await eventually(
      `the hub's registry row of ${caseId}`,
      async () => ((await hubStatus(caseId)) === 'requested' ? true : undefined),
      DELIVERY_MS,
    );
    expect(
      await statusIn(nodeDatabase(layout, TREATMENT), `node_${TREATMENT}`, caseId),
      '海南 has the case while it is down',
    ).toBeUndefined();
    await cluster!.restart(`node-${TREATMENT}`);

    const seen = await caseAt(hainanUrl, hainan, caseId, () => true);
    expect(seen, 'the case as 海南 sees it').toMatchObject({
      role: 'treatment',
      status: 'requested',
      setl_id: stay.setl_id,
      psn_no: person.row.psn_no,
      reason: '住院天数与费用明细不符，请核查病历',
    });
    const list = await call(hainanUrl, 'GET', '/api/console/cross-checks?role=treatment', hainan);
    expect(
      list.body.items.map((c: { case_id: string }) => c.case_id),
      '海南 treatment-side cases',
    ).toEqual([caseId]);
  }, 90_000);

  it('海南 answers with a PDF while 河北 is down; through a hub killed -9 after taking it, 河北 gets the answer and the document byte for byte', async () => {
    showLogsOnFailure();
    expect(caseId, 'the case of the test before').toBeDefined();
    await cluster!.kill(`node-${INSURED}`, 'SIGKILL');
    const answered = await call(hainanUrl, 'POST', `/api/console/cross-checks/${caseId}/answer`, hainan, {
      findings: '经查病历，床位费多计2天；其余费用属实',
      proposal: 'adjusted',
      proposed_fen: ADJUSTMENT_FEN,
      documents: [
        { name: '病历摘要.pdf', content_type: 'application/pdf', data_base64: PDF.toString('base64') },
      ],
    });
    expect(answered.status, `POST answer: ${JSON.stringify(answered.body)}`).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      proposal: 'adjusted',
      proposed_fen: ADJUSTMENT_FEN,
    });

    // The hub takes the answer into its registry and dies (kill -9), perhaps before it passed it on: its consumer
    // is redelivered the message after the restart, and 河北's inbox stream keeps what was passed on.
    await eventually(
      `the hub's registry marks ${caseId} answered`,
      async () => ((await hubStatus(caseId)) === 'answered' ? true : undefined),
      DELIVERY_MS,
    );
    await cluster!.kill('hub', 'SIGKILL');
    expect(
      await statusIn(nodeDatabase(layout, INSURED), `node_${INSURED}`, caseId),
      '河北 while it was down',
    ).toBe('requested');
    // 河北 first: the hub's /healthz (which its restart waits for) wants every routed node answering.
    await cluster!.restart(`node-${INSURED}`);
    await cluster!.restart('hub');

    const seen = await caseAt(hebeiUrl, hebei, caseId, (c) => c.status === 'answered');
    expect(seen, 'the answer as 河北 sees it').toMatchObject({
      findings: expect.stringContaining('床位费多计2天'),
      proposal: 'adjusted',
      proposed_fen: ADJUSTMENT_FEN,
      answered_by: hainanClerk,
      psn_no: person.row.psn_no,
    });
    expect(seen.documents).toEqual([
      expect.objectContaining({
        n: 1,
        name: '病历摘要.pdf',
        content_type: 'application/pdf',
        size: PDF.length,
      }),
    ]);
    const download = await fetch(`${hebeiUrl}/api/console/cross-checks/${caseId}/documents/1`, {
      headers: { authorization: `Bearer ${hebei}` },
    });
    expect(download.status, 'document download at 河北').toBe(200);
    expect(download.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.equals(PDF), `downloaded ${bytes.length} bytes, sent ${PDF.length}`).toBe(true);
  }, 120_000);

  it('河北 concludes with an adjustment; both nodes show the period the hub booked; the registry holds no person', async () => {
    showLogsOnFailure();
    expect(caseId, 'the case of the tests before').toBeDefined();
    const tooMuch = await call(hebeiUrl, 'POST', `/api/console/cross-checks/${caseId}/outcome`, hebei, {
      outcome: 'adjusted',
      adjustment_fen: stay.fund_fen + 1,
    });
    expect(tooMuch.status, `more than the fund paid: ${JSON.stringify(tooMuch.body)}`).toBe(422);
    expect(tooMuch.body.field).toBe('adjustment_fen');
    const concluded = await call(hebeiUrl, 'POST', `/api/console/cross-checks/${caseId}/outcome`, hebei, {
      outcome: 'adjusted',
      adjustment_fen: ADJUSTMENT_FEN,
      note: '床位费核减500.00元',
    });
    expect(concluded.status, `POST outcome: ${JSON.stringify(concluded.body)}`).toBe(200);
    expect(concluded.body).toMatchObject({
      status: 'concluded',
      outcome: 'adjusted',
      adjustment_fen: ADJUSTMENT_FEN,
      concluded_by: hebeiClerk,
    });

    const mine = await caseAt(hebeiUrl, hebei, caseId, (c) => c.clearing_period !== null);
    const theirs = await caseAt(
      hainanUrl,
      hainan,
      caseId,
      (c) => c.status === 'concluded' && c.clearing_period,
    );
    // No period is reconciled in this fresh cluster: the adjustment goes into the month it was concluded in.
    const month = (concluded.body.concluded_at as string).slice(0, 7);
    expect(mine.clearing_period, '河北 clearing period').toBe(month);
    expect(theirs, 'the case as 海南 ends').toMatchObject({
      outcome: 'adjusted',
      adjustment_fen: ADJUSTMENT_FEN,
      outcome_note: '床位费核减500.00元',
      clearing_period: month,
    });
    expect(month).toBe(chinaDateOf(Date.now()).slice(0, 7));

    // The national registry: the case, its amounts and its period — no person, neither as a column nor as a value.
    const registry = await withClient(hubDatabase(layout), async (c) => {
      const columns = await c.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'hub' AND table_name = 'cross_checks'",
      );
      const { rows } = await c.query('SELECT * FROM hub.cross_checks WHERE case_id = $1', [caseId]);
      return { columns: columns.rows.map((r: { column_name: string }) => r.column_name), row: rows[0] };
    });
    expect(
      registry.columns.filter((name) => /psn|person|name|certno/.test(name)),
      'person columns',
    ).toEqual([]);
    expect(registry.row, 'hub.cross_checks row').toMatchObject({
      setl_id: stay.setl_id,
      insured_province: INSURED,
      treatment_province: TREATMENT,
      fixmedins_code: his.institution.fixmedins_code,
      automatic: false,
      status: 'concluded',
      outcome: 'adjusted',
      clearing_period: month,
    });
    expect(Number(registry.row.adjustment_fen), 'hub adjustment_fen').toBe(ADJUSTMENT_FEN);
    expect(Number(registry.row.fund_pay_fen), 'hub fund_pay_fen').toBe(stay.fund_fen);
    const values = JSON.stringify(registry.row);
    for (const secret of [person.row.psn_no, person.row.psn_name, person.row.certno])
      expect(values.includes(secret), `the hub's row names ${secret}`).toBe(false);
  }, 60_000);

  it("a stay above 河北's threshold is asked about automatically on both nodes", async () => {
    showLogsOnFailure();
    // Another 河北 insured: the first one's stay overlaps these days.
    const other = world.persons[1];
    expect(other, 'a second 河北 insured filed for 海南').toBeDefined();
    const high = await settleStay(his, other!, world.catalogue, {
      seed: SEED + 1,
      total_yuan: [40_000, 50_000],
      daysAgo: 2,
    });
    expect(high.medfee_fen, 'the stay costs more than the threshold').toBeGreaterThan(AUTO_THRESHOLD_FEN);
    const autoId = `XCA${high.setl_id}`;
    const insuredSide = await caseAt(hebeiUrl, hebei, autoId, () => true);
    expect(insuredSide, 'the automatic case at 河北').toMatchObject({
      role: 'insured',
      automatic: true,
      status: 'requested',
      setl_id: high.setl_id,
      medfee_fen: high.medfee_fen,
    });
    expect(insuredSide.reason).toContain('超过参保地协查阈值30000.00元');
    const treatmentSide = await caseAt(hainanUrl, hainan, autoId, () => true);
    expect(treatmentSide, 'the automatic case at 海南').toMatchObject({
      role: 'treatment',
      automatic: true,
      psn_no: other!.row.psn_no,
    });
  }, 60_000);
});
