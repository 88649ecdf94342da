// bench:cluster's baseline: a pgbench script that makes, per execution, the database writes of one inpatient cycle on
// the treatment node (海南) and the insured node (河北), from rows the cluster itself wrote.
//
// What a cycle writes, counted from pg_stat_user_tables during the cluster's full-load run (bench:cluster prints it):
//   treatment node — processed_messages +6 (one per HIS message, its answer: msgid idempotency), visits +1 (2401) and
//   ~1 (2402), fee_lines +20 (2301, one statement) and ~20 (2304 marks them settled), settlements +1 and outbox +1
//   (2304: the settlement, its lines' update and the settlement event in one transaction), outbox ~1 (the relay marks
//   the event published after it is on the bus); insured node — in one transaction, the person's row lock, then one
//   statement writing accumulators (+ or ~1), the account balance (~0.15: only when it changes) and benefit_decisions
//   +1; hub — settlement_facts +1 (the event, stored by the hub). 9001's his_sessions row is once per hospital, not per
//   cycle. So a script is 13 database transactions — each autocommitted statement is one, as in the nodes — and
//   about 54 row writes.
// Not in the script: the cycle's reads (the treatment node commits ≈ 27 times a cycle counting read-only statements,
// ≈ 16 of them reads — the msgid checks, visit and line reads, the catalogue; sessions and institutions are cached —
// and the insured node 6 times, 5 of them reads: eligibility, the pre-settlement's snapshot, the decision's read under
// the lock), the HTTP and NATS hops and the application's CPU. The ratio cluster ÷ pgbench is therefore how close the
// cluster gets to the cost of its writes alone.
//
// Rows are not made up: before the run, bench:cluster copies settled visits (with their 20 lines, settlement and the
// insured node's decision), accumulators rows and each infno's stored answers out of the cluster's databases into
// `bench_templates`, and each insert copies one of them with new keys through jsonb_populate_record — the same widths,
// the same JSONB, the same indexes, checks, foreign keys and generated digest columns (the schema is the nodes' own,
// made by the migrations in a scratch database).
import pg from 'pg';

/** The HIS messages of a cycle whose answers the treatment node stores, in cycle order. */
export const CYCLE_INFNOS = ['1101', '2401', '2301', '2303', '2304', '2402'] as const;

export interface CycleTemplates {
  /** Per kind (`visit`, `fee_lines`, `settlement`, `decision`, `accumulators`, `message_<infno>`): documents. */
  readonly docs: ReadonlyMap<string, readonly unknown[]>;
  /** How many of each kind (the smallest count: the script draws one index for all). */
  readonly count: number;
}

/** Copies `count` settled cycles' rows out of the cluster's two node databases. */
export async function extractTemplates(
  treatmentUrl: string,
  insuredUrl: string,
  schemas: { treatment: string; insured: string },
  count: number,
): Promise<CycleTemplates> {
  const treatment = new pg.Client({ connectionString: treatmentUrl });
  const insured = new pg.Client({ connectionString: insuredUrl });
  await treatment.connect();
  await insured.connect();
  try {
    const t = schemas.treatment;
    const { rows: cycles } = await treatment.query<{
      visit: unknown;
      lines: unknown[];
      settlement: { decision_key: string };
    }>(
      `SELECT to_jsonb(v) AS visit, to_jsonb(s) AS settlement,
         (SELECT jsonb_agg(to_jsonb(f) ORDER BY f.feedetl_sn) FROM ${t}.fee_lines f WHERE f.mdtrt_id = v.mdtrt_id) AS lines
       FROM ${t}.visits v JOIN ${t}.settlements s ON s.mdtrt_id = v.mdtrt_id AND s.refd_setl_flag = '0'
       WHERE v.status = 'discharged' ORDER BY v.mdtrt_id LIMIT $1`,
      [count],
    );
    const { rows: decisions } = await insured.query<{ key: string; doc: unknown }>(
      `SELECT decision_key AS key, to_jsonb(d) AS doc FROM ${schemas.insured}.benefit_decisions d
       WHERE decision_key = ANY($1::text[])`,
      [cycles.map((c) => c.settlement.decision_key)],
    );
    const decisionOf = new Map(decisions.map((d) => [d.key, d.doc]));
    const complete = cycles.filter((c) => decisionOf.has(c.settlement.decision_key));
    const docs = new Map<string, unknown[]>([
      ['visit', complete.map((c) => c.visit)],
      ['fee_lines', complete.map((c) => c.lines)],
      ['settlement', complete.map((c) => c.settlement)],
      ['decision', complete.map((c) => decisionOf.get(c.settlement.decision_key))],
    ]);
    const { rows: accumulators } = await insured.query<{ doc: unknown }>(
      `SELECT to_jsonb(a) AS doc FROM ${schemas.insured}.accumulators a ORDER BY psn_no LIMIT $1`,
      [count],
    );
    docs.set(
      'accumulators',
      accumulators.map((a) => a.doc),
    );
    for (const infno of CYCLE_INFNOS) {
      const { rows } = await treatment.query<{ doc: unknown }>(
        `SELECT to_jsonb(p) AS doc FROM ${t}.processed_messages p WHERE infno = $1 ORDER BY msgid LIMIT $2`,
        [infno, count],
      );
      docs.set(
        `message_${infno}`,
        rows.map((r) => r.doc),
      );
    }
    const least = Math.min(...[...docs.values()].map((list) => list.length));
    if (least === 0) throw new Error('the cluster wrote no complete cycle to copy');
    return { docs, count: least };
  } finally {
    await treatment.end();
    await insured.end();
  }
}

/** Writes the templates into `bench_templates` of the scratch database. */
export async function storeTemplates(client: pg.Client, templates: CycleTemplates): Promise<void> {
  await client.query(
    'CREATE TABLE bench_templates (kind text NOT NULL, n integer NOT NULL, doc jsonb NOT NULL, PRIMARY KEY (kind, n))',
  );
  for (const [kind, list] of templates.docs)
    await client.query(
      `INSERT INTO bench_templates (kind, n, doc)
       SELECT $1, n, doc FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, n) WHERE n <= $3`,
      [kind, JSON.stringify(list), templates.count],
    );
}

/** The columns an INSERT names: not generated, and not those left to a default of now(). */
export async function insertableColumns(client: pg.Client, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER'
       AND coalesce(column_default, '') NOT LIKE '%now()%'
     ORDER BY ordinal_position`,
    [schema, table],
  );
  if (rows.length === 0) throw new Error(`no table ${schema}.${table}`);
  return rows.map((r) => r.column_name);
}

export interface ScriptInput {
  readonly treatment: string;
  readonly insured: string;
  readonly hub: string;
  /** The treatment province (the settlement event's subject and body). */
  readonly province: string;
  /** Rows in bench_persons (n = 1…persons): the insured persons the script draws from. */
  readonly persons: number;
  readonly templates: number;
  /** Insertable columns by table name. */
  readonly columns: Readonly<Record<string, readonly string[]>>;
  /** Share of decisions that change the account balance, as measured (0…1). */
  readonly balanceShare: number;
}

/**
 * The script. Keys are unique per client and execution: `:client_id` and a counter `k` the caller starts at 0
 * (`pgbench -D k=0`; pgbench keeps a client's variables from one execution to the next).
 */
export function cycleScript(input: ScriptInput): { sql: string; transactions: number } {
  const { treatment: t, insured: i, hub: h } = input;
  const tpl = (kind: string) => `(SELECT doc FROM bench_templates WHERE kind = '${kind}' AND n = :t)`;
  const key = (tag: string) => `('${tag}' || :client_id || '.' || :k)`;
  const person = '(SELECT b FROM bench_persons b WHERE b.n = :p)';
  /** INSERT … SELECT the template's columns, some replaced. */
  const copy = (
    schema: string,
    table: string,
    source: string,
    replaced: Readonly<Record<string, string>>,
    recordset = false,
  ) => {
    const columns = input.columns[table]!;
    const values = columns.map((c) => replaced[c] ?? `r.${c}`);
    const from = recordset
      ? `jsonb_populate_recordset(NULL::${schema}.${table}, ${source}) r`
      : `jsonb_populate_record(NULL::${schema}.${table}, ${source}) r`;
    return `INSERT INTO ${schema}.${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`;
  };
  const message = (infno: string) =>
    `${copy(t, 'processed_messages', tpl(`message_${infno}`), { msgid: key(`M${infno}-`) })} ON CONFLICT DO NOTHING RETURNING infno;`;
  const visit = key('V');
  const setl = key('S');
  const decision = key('D');
  const lines: string[] = [
    `\\set k :k + 1`,
    `\\set t random(1, ${input.templates})`,
    `\\set p random(1, ${input.persons})`,
    `\\set balance random(1, 10000)`,
    '-- 1101',
    message('1101'),
    '-- 2401: the visit',
    `${copy(t, 'visits', tpl('visit'), { mdtrt_id: visit, msgid: key('M2401-'), status: "'open'", endtime: 'NULL' })};`,
    message('2401'),
    '-- 2301: 20 lines in one statement',
    `${copy(t, 'fee_lines', tpl('fee_lines'), { mdtrt_id: visit, msgid: key('M2301-'), setl_id: 'NULL' }, true)};`,
    message('2301'),
    '-- 2303',
    message('2303'),
    '-- 2304, insured node: lock, then accumulators, balance and decision in one statement',
    'BEGIN;',
    `SELECT 1 FROM ${i}.persons WHERE (psn_no, insutype) = (SELECT psn_no, insutype FROM bench_persons WHERE n = :p) FOR UPDATE;`,
    `WITH acc AS (
       INSERT INTO ${i}.accumulators (psn_no, insutype, year, admissions, counters, version)
       SELECT (${person}).psn_no, (${person}).insutype, a.year, a.admissions, a.counters, 1
       FROM jsonb_populate_record(NULL::${i}.accumulators, ${tpl('accumulators')}) a
       ON CONFLICT (psn_no, insutype, year) DO UPDATE
       SET admissions = EXCLUDED.admissions, counters = EXCLUDED.counters, version = ${i}.accumulators.version + 1
       RETURNING 1),
     balance AS (
       UPDATE ${i}.persons SET acct_balc_fen = acct_balc_fen
       WHERE (psn_no, insutype) = (SELECT psn_no, insutype FROM bench_persons WHERE n = :p)
         AND :balance <= ${Math.round(input.balanceShare * 10_000)}
       RETURNING 1)
     ${copy(i, 'benefit_decisions', tpl('decision'), {
       decision_key: decision,
       mdtrt_id: visit,
       psn_no: `(${person}).psn_no`,
       insutype: `(${person}).insutype`,
     })};`,
    'COMMIT;',
    '-- 2304, treatment node: the settlement and its lines in one transaction, then the answer',
    'BEGIN;',
    `${copy(t, 'settlements', tpl('settlement'), { setl_id: setl, mdtrt_id: visit, msgid: key('M2304-'), decision_key: decision })};`,
    `UPDATE ${t}.fee_lines SET setl_id = ${setl}
     WHERE mdtrt_id = ${visit} AND setl_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM ${t}.decision_fences WHERE decision_key = ${decision})
     RETURNING feedetl_sn;`,
    // The settlement event, built from the row as announceSettlement builds it (store/settlement-events.ts).
    `INSERT INTO ${t}.outbox (event_id, subject, data)
     SELECT 'settlement:' || s.setl_id, 'yidi.events.settlement.${input.province}',
       jsonb_build_object('setl_id', s.setl_id, 'treatment_province', '${input.province}', 'fixmedins_code', s.fixmedins_code,
         'insuplc_admdvs', s.insuplc_admdvs, 'med_type', s.med_type, 'setl_time', s.setl_time,
         'refd_setl_flag', s.refd_setl_flag, 'medfee_fen', s.medfee_sumamt_fen, 'fund_pay_fen', s.fund_pay_sumamt_fen,
         'psn_part_fen', s.psn_part_amt_fen, 'acct_pay_fen', s.acct_pay_fen, 'psn_cash_fen', s.psn_cash_pay_fen)
     FROM ${t}.settlements s WHERE s.setl_id = ${setl}
     ON CONFLICT (event_id) DO NOTHING;`,
    'COMMIT;',
    message('2304'),
    '-- the relay, after publishing: the event marked; the hub stores the fact',
    `UPDATE ${t}.outbox SET published_at = now() WHERE event_id = 'settlement:' || ${setl};`,
    `INSERT INTO ${h}.settlement_facts (setl_id, treatment_province, fixmedins_code, insuplc_admdvs, med_type,
       setl_time, refd_setl_flag, medfee_fen, fund_pay_fen, psn_part_fen, acct_pay_fen, psn_cash_fen)
     SELECT d->>'setl_id', d->>'treatment_province', d->>'fixmedins_code', d->>'insuplc_admdvs', d->>'med_type',
       d->>'setl_time', d->>'refd_setl_flag', (d->>'medfee_fen')::bigint, (d->>'fund_pay_fen')::bigint,
       (d->>'psn_part_fen')::bigint, (d->>'acct_pay_fen')::bigint, (d->>'psn_cash_fen')::bigint
     FROM (SELECT data AS d FROM ${t}.outbox WHERE event_id = 'settlement:' || ${setl}) e
     ON CONFLICT (setl_id) DO NOTHING;`,
    '-- 2402: discharge',
    `UPDATE ${t}.visits v SET status = 'discharged', endtime = r.endtime, info = r.info
     FROM jsonb_populate_record(NULL::${t}.visits, ${tpl('visit')}) r WHERE v.mdtrt_id = ${visit};`,
    message('2402'),
  ];
  // pgbench reads one command per line: fold each SQL statement onto a line.
  const sql = lines
    .map((line) => (line.startsWith('\\') || line.startsWith('--') ? line : line.replace(/\s+/g, ' ')))
    .join('\n');
  return { sql: `${sql}\n`, transactions: 13 };
}
