// A local cluster's layout on one PostgreSQL server: which database each process owns, created when missing, and a
// dataset split so that each node gets only its own province's data and the hub only the national part.
import pg from 'pg';
import type { Dataset } from '../core/dataset/model.ts';
import { type LoadSummary, writeDataset } from '../store/dataset-writer.ts';
import { openPostgres } from '../store/postgres.ts';
import { prepareSchemas } from '../store/prepare.ts';

export const DEFAULT_DATABASE_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_PREFIX = 'yidi';

export interface ClusterLayout {
  /** A URL of the server (any database on it; the admin connection uses it as given). */
  readonly server: string;
  /** Database names start with it: `<prefix>_hub`, `<prefix>_node_<province>`. */
  readonly prefix: string;
}

const NAME = /^[a-z_][a-z0-9_]{0,40}$/;

export function hubDatabase(layout: ClusterLayout): string {
  return databaseUrl(layout, `${layout.prefix}_hub`);
}

export function nodeDatabase(layout: ClusterLayout, province: string): string {
  return databaseUrl(layout, `${layout.prefix}_node_${province}`);
}

function databaseUrl(layout: ClusterLayout, name: string): string {
  if (!NAME.test(name)) throw new Error(`${name}: not a database name this cluster uses (a–z, 0–9, _)`);
  const url = new URL(layout.server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the hub's and the nodes' databases that do not exist yet; returns the names it created. */
export async function createDatabases(
  layout: ClusterLayout,
  provinces: readonly string[],
): Promise<string[]> {
  const names = [hubDatabase(layout), ...provinces.map((p) => nodeDatabase(layout, p))].map((u) =>
    new URL(u).pathname.slice(1),
  );
  const admin = new pg.Client({ connectionString: layout.server });
  await admin.connect();
  try {
    const existing = new Set(
      (await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname),
    );
    const created: string[] = [];
    for (const name of names)
      if (!existing.has(name)) {
        // Names are checked against NAME above: safe to interpolate (CREATE DATABASE takes no parameters).
        await admin.query(`CREATE DATABASE ${name}`);
        created.push(name);
      }
    return created;
  } finally {
    await admin.end();
  }
}

/**
 * Loads a dataset into a cluster: the hub's database gets the national part (directory, filing index, agencies), each
 * node's database its own province's. Each write is one transaction; a node's rows never reach another's database.
 */
export async function loadCluster(
  layout: ClusterLayout,
  provinces: readonly string[],
  dataset: Dataset,
): Promise<{ target: string; summary: LoadSummary }[]> {
  const targets = [
    { target: 'hub', url: hubDatabase(layout), scope: { hub: true, provinces: [] as string[] } },
    ...provinces.map((p) => ({
      target: p,
      url: nodeDatabase(layout, p),
      scope: { hub: false, provinces: [p] },
    })),
  ];
  const out: { target: string; summary: LoadSummary }[] = [];
  for (const { target, url, scope } of targets) {
    const db = await openPostgres(url);
    try {
      await prepareSchemas(db, scope.provinces);
      out.push({ target, summary: await writeDataset(db, dataset, scope) });
    } finally {
      await db.close();
    }
  }
  return out;
}
