// bench:cluster's measurements: where a cycle's CPU goes (by process, from /proc), what it writes (PostgreSQL's
// statistics counters), WAL flushes and NATS messages — each a cumulative counter read before and after a run.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_S = 100; // getconf CLK_TCK on Linux

/** CPU seconds (user + system) so far, by role: the bench (driver), each cluster process, its PostgreSQL backends. */
export function cpuByRole(prefix: string): Map<string, number> {
  const roles = new Map<string, number>();
  const add = (role: string, seconds: number) => roles.set(role, (roles.get(role) ?? 0) + seconds);
  let total = 0;
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    total = (cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!) / TICKS_PER_S;
  } catch {
    return roles; // not Linux: no breakdown
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
      const role =
        Number(entry) === process.pid
          ? 'driver (this process)'
          : cmdline.startsWith('postgres:') && cmdline.includes(prefix)
            ? `postgres ${/_(hub|node_[0-9]+|pgbench)\b/.exec(cmdline)?.[1] ?? '?'}`
            : cmdline.includes(`${prefix}_`) && cmdline.includes('bin/yidi.js')
              ? / hub /.test(cmdline)
                ? 'hub process'
                : `node process ${/--province ([0-9,]+)/.exec(cmdline)?.[1] ?? '?'}`
              : cmdline.startsWith('nats-server')
                ? 'nats-server'
                : undefined;
      if (role) add(role, seconds);
    } catch {
      // the process ended meanwhile
    }
  }
  roles.set('whole machine', total);
  return roles;
}

export function cpuPerCycle(
  from: Map<string, number>,
  to: Map<string, number>,
  cycles: number,
  elapsedMs: number,
): string {
  const coresMs = elapsedMs * 2;
  const parts: string[] = [];
  let ours = 0;
  for (const [role, end] of to) {
    const used = (end - (from.get(role) ?? 0)) * 1000;
    if (role !== 'whole machine') ours += used;
    else {
      parts.push(
        `everything else on the machine ${((used - ours) / cycles).toFixed(1)} (${(((used - ours) / coresMs) * 100).toFixed(0)} %)`,
      );
      continue;
    }
    parts.push(`${role} ${(used / cycles).toFixed(1)} (${((used / coresMs) * 100).toFixed(0)} %)`);
  }
  return parts.join('; ');
}
/** Messages and bytes nats-server received so far (its monitoring endpoint /varz). */
export async function natsCounters(
  monitorPort: number,
): Promise<{ msgs: number; bytes: number } | undefined> {
  if (!monitorPort) return undefined;
  const varz = (await (await fetch(`http://127.0.0.1:${monitorPort}/varz`)).json()) as {
    in_msgs: number;
    in_bytes: number;
  };
  return { msgs: varz.in_msgs, bytes: varz.in_bytes };
}

/** The server's WAL flushes (fdatasync) and bytes so far: a commit waits for its flush (synchronous_commit on). */
export async function walCounters(server: string): Promise<{ syncs: number; bytes: number }> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    const [row] = (
      await client.query<{ syncs: string; bytes: string }>(
        'SELECT wal_sync AS syncs, wal_bytes AS bytes FROM pg_stat_wal',
      )
    ).rows;
    return { syncs: Number(row!.syncs), bytes: Number(row!.bytes) };
  } finally {
    await client.end();
  }
}

export interface Counters {
  readonly commits: number;
  readonly tables: Map<string, { ins: number; upd: number; del: number; scans: number }>;
}

/** Transactions committed and row writes by table, for each database (statistics counters, cumulative). */
export async function writeCounters(urls: Record<string, string>): Promise<Map<string, Counters>> {
  const out = new Map<string, Counters>();
  for (const [name, url] of Object.entries(urls)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const [db] = (
        await client.query<{ commits: string }>(
          'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()',
        )
      ).rows;
      const tables = new Map<string, { ins: number; upd: number; del: number; scans: number }>();
      for (const row of (
        await client.query<{ t: string; ins: string; upd: string; del: string; scans: string }>(
          `SELECT schemaname || '.' || relname AS t, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del,
             coalesce(idx_scan, 0) + coalesce(seq_scan, 0) AS scans
           FROM pg_stat_user_tables`,
        )
      ).rows)
        tables.set(row.t, {
          ins: Number(row.ins),
          upd: Number(row.upd),
          del: Number(row.del),
          scans: Number(row.scans),
        });
      out.set(name, { commits: Number(db!.commits), tables });
    } finally {
      await client.end();
    }
  }
  return out;
}

export function perCycleWrites(
  from: Map<string, Counters>,
  to: Map<string, Counters>,
  cycles: number,
): { lines: string[]; rows: number; commits: number } {
  const lines: string[] = [];
  let rows = 0;
  let commits = 0;
  const f = (n: number) => (n / cycles).toFixed(2);
  for (const [name, end] of to) {
    const start = from.get(name)!;
    const dCommits = end.commits - start.commits;
    commits += dCommits;
    const parts: string[] = [];
    for (const [table, t] of end.tables) {
      const s = start.tables.get(table) ?? { ins: 0, upd: 0, del: 0, scans: 0 };
      const ins = t.ins - s.ins;
      const upd = t.upd - s.upd;
      const del = t.del - s.del;
      const scans = t.scans - s.scans;
      rows += ins + upd + del;
      if (ins + upd + del + scans > 0)
        parts.push(
          `${table.split('.')[1]} ${[
            ins && `+${f(ins)}`,
            upd && `~${f(upd)}`,
            del && `-${f(del)}`,
            `${f(scans)} scans`,
          ]
            .filter(Boolean)
            .join(' ')}`,
        );
    }
    lines.push(`${name}: ${f(dCommits)} commits; ${parts.join('; ') || 'no table touched'}`);
  }
  return { lines, rows: rows / cycles, commits: commits / cycles };
}
