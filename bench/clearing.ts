// Monthly clearing benchmark: one period of N generated cross-province settlements on PostgreSQL, cleared by the real
// service (`platform.hub.clearing.run`: every node's digests over the bus, reconciliation, pair and hospital totals,
// the run saved), against a bare SQL GROUP BY of the same settlements by insured province in the same run.
// The settlements (海南 460000 treats 河北 130000 and 广东 440000 insured) are written straight into the rows the
// clearing reads on both sides — the treatment node's visits and settlements (with setldetail), the insured nodes'
// benefit_decisions — consistent with each other, so that reconciliation agrees; 2 % are cancelled in the month.
// Run: npm run bench:clearing [-- --settlements 1000000]
// DATABASE_URL=postgres://… names an empty database; without it a scratch database yidi_bench_clearing_<pid> is
// created on postgres://postgres@127.0.0.1:5432 and dropped at the end. The last line printed is one JSON object.

import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createInProcessBus } from '../src/bus/in-process.ts';
import type { Bus } from '../src/bus/port.ts';
import { periodWindow } from '../src/core/clearing/facts.ts';
import { isEmptyWorld, loadDataset, startPlatform } from '../src/platform.ts';
import { readDatasetFolder } from '../src/store/dataset-folder.ts';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const SETTLEMENTS = option('settlements', 1_000_000);
const RAW_RUNS = option('raw-runs', 3);
const PERIOD = '2026-05';
const TREATMENT = '460000';
const INSURED = ['130000', '440000'] as const;
const HOSPITALS = ['H46010800012', 'P46010500003'] as const;
/** One settlement in CANCEL_EVERY is cancelled an hour later, in the same month. */
const CANCEL_EVERY = 50;
const SMALL_DATASET_DIR = fileURLToPath(new URL('../test/fixtures/datasets/small', import.meta.url));
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const seconds = (ms: number) => ms / 1000;
const fmt = (s: number) => s.toFixed(2);

// ── The database ──────────────────────────────────────────────────────────────────────────────────────────────
let scratch: string | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  scratch = `yidi_bench_clearing_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  await admin.end();
  databaseUrl = ADMIN_URL.replace(/\/postgres$/, `/${scratch}`);
}
const dropScratch = async () => {
  if (!scratch) return;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
};

// Bus requests of the clearing, measured from outside the service: per level (groups, cells, facts), their number,
// JSON size and the time awaited.
const busStats = new Map<string, { requests: number; bytes: number; waitMs: number }>();
let capturing = false;
function measuredBus(bus: Bus): Bus {
  const request = bus.request.bind(bus);
  bus.request = async (subject, data, options) => {
    const started = performance.now();
    const reply = await request(subject, data, options);
    if (capturing && subject.endsWith('.clearing.facts')) {
      const level = String((data as { level?: unknown }).level);
      const stats = busStats.get(level) ?? { requests: 0, bytes: 0, waitMs: 0 };
      stats.requests += 1;
      stats.bytes += JSON.stringify(reply).length;
      stats.waitMs += performance.now() - started;
      busStats.set(level, stats);
    }
    return reply;
  };
  return bus;
}

// Orphan-decision rounds would verify the generated decisions while clearing is timed: none in this process.
process.env.YIDI_ORPHAN_INTERVAL_MS = '0';
let failed: unknown;
try {
  const platform = await startPlatform({
    databaseUrl,
    provinces: [TREATMENT, ...INSURED],
    bus: measuredBus(createInProcessBus()),
  });
  try {
    if (!(await isEmptyWorld(platform)))
      throw new Error('DATABASE_URL must name an empty database (this one already holds a world)');
    const folder = readDatasetFolder(SMALL_DATASET_DIR);
    if (!folder.ok) throw new Error(`the small dataset is broken:\n${folder.problems.join('\n')}`);
    await loadDataset(platform.db, folder.raw);
    const db = platform.db;

    // ── Generate the month on both sides ───────────────────────────────────────────────────────────────────
    const genStarted = performance.now();
    const t = `node_${TREATMENT}`;
    const spanSeconds = 30 * 86_400 - 7_200; // the month less two hours: an hour's cancel stays in May
    await db.exec(`DROP TABLE IF EXISTS public.bench_clearing_gen;
      CREATE UNLOGGED TABLE public.bench_clearing_gen AS
      SELECT i, mdtrt_id, setl_id, cancel_id, decision_key, hospital, insuplc, psn_no, setl_time, cancel_time,
             medfee, f1, f2, acct, hosp_part, f1 + f2 AS fund, medfee - f1 - f2 - hosp_part AS psn_part,
             medfee - f1 - f2 - hosp_part - acct AS cash, (i % ${CANCEL_EVERY} = 0) AS cancelled
      FROM (
        SELECT i,
          '46M' || lpad(i::text, 12, '0') AS mdtrt_id,
          '46S' || lpad(i::text, 12, '0') AS setl_id,
          '46C' || lpad(i::text, 12, '0') AS cancel_id,
          (ARRAY['${HOSPITALS[0]}', '${HOSPITALS[1]}'])[1 + i % 2] || ':BENCH' || lpad(i::text, 12, '0') AS decision_key,
          (ARRAY['${HOSPITALS[0]}', '${HOSPITALS[1]}'])[1 + i % 2] AS hospital,
          CASE WHEN (i / 2) % 3 = 0 THEN '440100' ELSE '130100' END AS insuplc,
          CASE WHEN (i / 2) % 3 = 0 THEN '4401' ELSE '1301' END || lpad((i % 200000)::text, 16, '0') AS psn_no,
          to_char(timestamp '${PERIOD}-01 00:00:00' + make_interval(secs => (i::bigint * ${spanSeconds}) / ${SETTLEMENTS}),
                  'YYYY-MM-DD HH24:MI:SS') AS setl_time,
          to_char(timestamp '${PERIOD}-01 01:00:00' + make_interval(secs => (i::bigint * ${spanSeconds}) / ${SETTLEMENTS}),
                  'YYYY-MM-DD HH24:MI:SS') AS cancel_time,
          m AS medfee, (m * 60) / 100 AS f1, CASE WHEN i % 4 = 0 THEN (m * 10) / 100 ELSE 0 END AS f2,
          CASE WHEN i % 3 = 0 THEN 3000 ELSE 0 END AS acct, CASE WHEN i % 10 = 0 THEN 500 ELSE 0 END AS hosp_part
        FROM (SELECT i, 20000 + (i::bigint * 7919) % 2000000 AS m FROM generate_series(1, ${SETTLEMENTS}) i) g
      ) x`);
    const y = (col: string, sign = '') => `round(${sign}${col} / 100.0, 2)`;
    const setldetail = (sign: string) => `jsonb_build_array(jsonb_build_object('fund_pay_type', '310100',
        'inscp_scp_amt', ${y('medfee', sign)}, 'crt_payb_lmt_amt', 500000, 'fund_payamt', ${y('f1', sign)},
        'fund_pay_type_name', '职工基本医疗保险统筹基金', 'setl_proc_info', '起付线以上部分按60%支付，本次支付' || ${y('f1')} || '元'))
      || CASE WHEN f2 > 0 THEN jsonb_build_array(jsonb_build_object('fund_pay_type', '330100',
        'inscp_scp_amt', ${y('medfee', sign)}, 'crt_payb_lmt_amt', 300000, 'fund_payamt', ${y('f2', sign)},
        'fund_pay_type_name', '职工大额医疗费用补助', 'setl_proc_info', '大额补助按10%支付')) ELSE '[]'::jsonb END
      || CASE WHEN acct > 0 THEN jsonb_build_array(jsonb_build_object('fund_pay_type', '310200',
        'inscp_scp_amt', ${y('acct', sign)}, 'crt_payb_lmt_amt', 800, 'fund_payamt', ${y('acct', sign)},
        'fund_pay_type_name', '个人账户', 'setl_proc_info', '个人账户支付')) ELSE '[]'::jsonb END`;
    const setlinfo = (sign: string, id: string, time: string) => `jsonb_build_object('mdtrt_id', mdtrt_id,
        'setl_id', ${id}, 'psn_no', psn_no, 'psn_name', '王伟', 'psn_cert_type', '01', 'gend', '1', 'naty', '01',
        'brdy', '1970-01-01', 'age', 56, 'insutype', '310', 'psn_type', '1101', 'cvlserv_flag', '0',
        'setl_time', ${time}, 'med_type', '21', 'medfee_sumamt', ${y('medfee', sign)},
        'fund_pay_sumamt', ${y('(f1 + f2)', sign)}, 'hifp_pay', ${y('f1', sign)}, 'hifmi_pay', ${y('f2', sign)},
        'psn_part_amt', ${y('(medfee - f1 - f2 - hosp_part)', sign)}, 'acct_pay', ${y('acct', sign)},
        'psn_cash_pay', ${y('(medfee - f1 - f2 - hosp_part - acct)', sign)}, 'hosp_part_amt', ${y('hosp_part', sign)},
        'medins_setl_id', decision_key, 'clr_optins', '460100', 'clr_way', '01', 'clr_type', '21',
        'insuplc_admdvs', insuplc, 'pay_loc', '4', 'dcla_type', '13')`;
    await db.exec(`
      INSERT INTO ${t}.visits (mdtrt_id, fixmedins_code, psn_no, insutype, insuplc_admdvs, inpatient, med_type,
                               begntime, endtime, person, status, msgid)
      SELECT mdtrt_id, hospital, psn_no, '310', insuplc, true, '21', setl_time, setl_time,
             jsonb_build_object('psn_no', psn_no, 'psn_name', '王伟'), 'discharged', 'BENCH-ADM-' || i
      FROM public.bench_clearing_gen;
      INSERT INTO ${t}.settlements (setl_id, mdtrt_id, fixmedins_code, psn_no, insutype, insuplc_admdvs, med_type,
        clr_type, setl_time, refd_setl_flag, init_setl_id, cancelled_by, msgid, decision_key, medfee_sumamt_fen,
        fund_pay_sumamt_fen, psn_part_amt_fen, hosp_part_amt_fen, acct_pay_fen, psn_cash_pay_fen, setlinfo, setldetail)
      SELECT setl_id, mdtrt_id, hospital, psn_no, '310', insuplc, '21', '21', setl_time, '0', NULL,
             CASE WHEN cancelled THEN cancel_id END, split_part(decision_key, ':', 2), decision_key, medfee, fund,
             psn_part, hosp_part, acct, cash, ${setlinfo('', 'setl_id', 'setl_time')}, ${setldetail('')}
      FROM public.bench_clearing_gen;
      INSERT INTO ${t}.settlements (setl_id, mdtrt_id, fixmedins_code, psn_no, insutype, insuplc_admdvs, med_type,
        clr_type, setl_time, refd_setl_flag, init_setl_id, cancelled_by, msgid, decision_key, medfee_sumamt_fen,
        fund_pay_sumamt_fen, psn_part_amt_fen, hosp_part_amt_fen, acct_pay_fen, psn_cash_pay_fen, setlinfo, setldetail)
      SELECT cancel_id, mdtrt_id, hospital, psn_no, '310', insuplc, '21', '21', cancel_time, '1', setl_id, NULL,
             'CANCEL' || i, decision_key, -medfee, -fund, -psn_part, -hosp_part, -acct, -cash,
             ${setlinfo('-', 'cancel_id', 'cancel_time')}, ${setldetail('-')}
      FROM public.bench_clearing_gen WHERE cancelled;`);
    for (const province of INSURED) {
      const prefix = province.slice(0, 2);
      await db.exec(`
        INSERT INTO node_${province}.benefit_decisions (decision_key, psn_no, insutype, year, treatment_admdvs,
          mdtrt_id, decision, status, created_at, reverted_at, setl_time, reverted_time)
        SELECT decision_key, psn_no, '310', 2026, '460108', mdtrt_id,
          jsonb_build_object(
            'layers', jsonb_build_array(jsonb_build_object('layer_id', 'pool', 'fund_pay_type', '310100',
                'basis_fen', medfee, 'limit_fen', 50000000, 'paid_fen', f1,
                'explanation', '起付线以上部分按60%支付，本次支付' || ${y('f1')} || '元'))
              || CASE WHEN f2 > 0 THEN jsonb_build_array(jsonb_build_object('layer_id', 'large', 'fund_pay_type',
                '330100', 'basis_fen', medfee, 'limit_fen', 30000000, 'paid_fen', f2, 'explanation', '大额补助按10%支付'))
                ELSE '[]'::jsonb END,
            'fund_pay_fen', fund, 'psn_part_fen', psn_part, 'hosp_part_fen', hosp_part,
            'account', CASE WHEN acct > 0 THEN jsonb_build_object('paid_fen', acct, 'covered_fen', acct,
                'balance_before_fen', 80000) END,
            'psn_cash_fen', cash, 'balance_after_fen', 80000 - acct,
            'accumulators', jsonb_build_object('year', 2026, 'admissions', 1,
                'counters', jsonb_build_object('pool:deductible', 120000, 'pool:paid', f1, 'large:paid', f2))),
          CASE WHEN cancelled THEN 'reverted' ELSE 'decided' END,
          (setl_time || '+08')::timestamptz, CASE WHEN cancelled THEN (cancel_time || '+08')::timestamptz END,
          setl_time, CASE WHEN cancelled THEN cancel_time END
        FROM public.bench_clearing_gen WHERE substr(insuplc, 1, 2) = '${prefix}';`);
    }
    await db.exec('DROP TABLE public.bench_clearing_gen');
    // Hint bits and statistics set once, so that neither timed read pays for the bulk load.
    for (const table of [
      `${t}.visits`,
      `${t}.settlements`,
      ...INSURED.map((p) => `node_${p}.benefit_decisions`),
    ])
      await db.exec(`VACUUM ANALYZE ${table}`);
    const [counts] = await db.query<{ rows: string; cancels: string; bytes: string }>(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE refd_setl_flag = '1') AS cancels,
              pg_total_relation_size('${t}.settlements') AS bytes FROM ${t}.settlements`,
    );
    const genS = seconds(performance.now() - genStarted);
    const rows = Number(counts!.rows);
    const cancels = Number(counts!.cancels);
    console.log(
      `generated ${SETTLEMENTS.toLocaleString('en')} settlements + ${cancels.toLocaleString('en')} cancel records ` +
        `(${rows.toLocaleString('en')} rows, ${(Number(counts!.bytes) / 2 ** 20).toFixed(0)} MiB with indexes) ` +
        `and their benefit decisions in ${fmt(genS)} s`,
    );

    // ── (b) The floor: a bare GROUP BY of the same rows ────────────────────────────────────────────────────
    const window = periodWindow(PERIOD);
    const rawSql = `SELECT substr(insuplc_admdvs, 1, 2) AS insured, count(*) AS n,
        sum(fund_pay_sumamt_fen) AS fund_fen, sum(medfee_sumamt_fen) AS medfee_fen
      FROM ${t}.settlements
      WHERE setl_time >= $1 AND setl_time < $2 AND substr(insuplc_admdvs, 1, 2) <> '46'
      GROUP BY 1 ORDER BY 1`;
    const rawTimes: number[] = [];
    let rawRows: { insured: string; n: string; fund_fen: string; medfee_fen: string }[] = [];
    await db.query(rawSql, [window.from, window.to]); // warm-up: the table in the buffer cache
    for (let r = 0; r < RAW_RUNS; r++) {
      const started = performance.now();
      rawRows = await db.query(rawSql, [window.from, window.to]);
      rawTimes.push(seconds(performance.now() - started));
    }
    const rawS = [...rawTimes].sort((a, b) => a - b)[Math.floor(rawTimes.length / 2)]!;

    // ── (a) The clearing run through the service ───────────────────────────────────────────────────────────
    capturing = true;
    const cpuBefore = process.cpuUsage();
    const clearStarted = performance.now();
    const view = await platform.hub.clearing.run(PERIOD);
    const clearingS = seconds(performance.now() - clearStarted);
    const cpu = process.cpuUsage(cpuBefore);
    capturing = false;

    // The figures agree with the floor.
    const cleared = new Map<string, { n: number; fund: number; medfee: number }>();
    for (const pair of view.pairs) {
      const id = pair.insured_province.slice(0, 2);
      const before = cleared.get(id) ?? { n: 0, fund: 0, medfee: 0 };
      cleared.set(id, {
        n: before.n + pair.settlements + pair.cancels,
        fund: before.fund + pair.fund_fen,
        medfee: before.medfee + pair.medfee_fen,
      });
    }
    const agree = rawRows.every((r) => {
      const c = cleared.get(r.insured);
      return c && c.n === Number(r.n) && c.fund === Number(r.fund_fen) && c.medfee === Number(r.medfee_fen);
    });

    // ── (c) One tampered record: found, and what it costs ──────────────────────────────────────────────────
    // A fresh period run after changing one settlement's fund split in place: the one group and bucket that differ
    // are read record by record, the rest is vouched for by digest.
    await db.query(
      `UPDATE ${t}.settlements SET setldetail = jsonb_set(setldetail, '{0,fund_payamt}',
         to_jsonb((setldetail->0->>'fund_payamt')::numeric + 1)) WHERE setl_id = '46S000000000007'`,
    );
    busStats.clear();
    capturing = true;
    const tamperedStarted = performance.now();
    const tampered = await platform.hub.clearing.run(PERIOD);
    const tamperedS = seconds(performance.now() - tamperedStarted);
    capturing = false;
    const tamperedLevels = [...busStats.entries()].map(([level, b]) => `${level} ${b.requests}`).join(', ');

    const ratio = clearingS / rawS;
    console.log(
      `clearing ${PERIOD} through platform.hub.clearing.run: ${fmt(clearingS)} s ` +
        `(CPU of this process ${fmt(cpu.user / 1e6)} s user + ${fmt(cpu.system / 1e6)} s system); ` +
        `status ${view.status}, facts ${view.facts.treatment} treatment / ${view.facts.insured} insured, ` +
        `${view.facts.matched} matched, ${view.differences.length} differences; totals agree with the GROUP BY: ${agree}`,
    );
    console.log(
      `  with one settlement tampered: ${fmt(tamperedS)} s, status ${tampered.status}, ` +
        `${tampered.differences.length} difference(s) (${tampered.differences.map((d) => d.setl_id).join(', ')}); ` +
        `requests by level: ${tamperedLevels}`,
    );
    console.log(
      `raw GROUP BY of the same rows: ${fmt(rawS)} s (median of ${rawTimes.map(fmt).join(', ')}) → ` +
        rawRows.map((r) => `${r.insured}: ${r.n} rows, fund ${r.fund_fen} fen`).join('; '),
    );
    console.log(
      `ratio: ${ratio.toFixed(2)} (clearing ÷ raw GROUP BY; goal ≤ 2; Node ${process.versions.node})`,
    );
    if (!agree || view.differences.length > 0 || view.status !== 'reconciled')
      console.log('WARNING: the clearing does not agree with the generated data (see above)');
    if (tampered.status !== 'blocked' || tampered.differences.length !== 1)
      console.log('WARNING: the tampered settlement was not found as the one difference');
    console.log(
      JSON.stringify({
        bench: 'clearing',
        settlements: SETTLEMENTS,
        cancels,
        clearing_s: Number(clearingS.toFixed(3)),
        raw_group_by_s: Number(rawS.toFixed(3)),
        ratio: Number(ratio.toFixed(2)),
        tampered_s: Number(tamperedS.toFixed(3)),
      }),
    );
  } finally {
    await platform.close();
  }
} catch (error) {
  failed = error;
} finally {
  await dropScratch();
}
if (failed) {
  console.error(failed);
  process.exitCode = 1;
}
