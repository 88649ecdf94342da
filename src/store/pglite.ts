// Embedded PostgreSQL (PGlite, WebAssembly): the default database, nothing to install.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

// The package does not export its package.json; find it beside its entry point.
const PGLITE_ENTRY = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const PGLITE_VERSION: string = JSON.parse(readFileSync(join(dirname(PGLITE_ENTRY), '..', 'package.json'), 'utf8')).version;
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * PGlite 0.5 runs initdb in WebAssembly on every new database (about 6 s here). We run it once, keep the
 * fresh cluster as a tarball beside node_modules, and start new databases from it (about 1.5 s).
 */
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'node_modules', '.cache', 'yidi', `pglite-${PGLITE_VERSION}.tar.gz`);

// The same JS shapes as the `pg` adapter: int8 fen as numbers, dates as `yyyy-MM-dd` text.
const PARSERS = { [types.INT8]: (text: string) => Number(text), [types.DATE]: (text: string) => text };

export interface PgliteOptions {
  /** A folder for the data; undefined keeps everything in memory. */
  readonly dataDir?: string;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  const isNew = options.dataDir === undefined || !existsSync(options.dataDir) || readdirSync(options.dataDir).length === 0;
  const template = isNew ? await ensureTemplate() : undefined;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pg = await PGlite.create(options.dataDir, { parsers: PARSERS, ...(template ? { loadDataDir: template } : {}) });
  return wrap(pg);
}

/** Builds the template once per PGlite version; concurrent builders race harmlessly (atomic rename). */
export async function ensureTemplate(): Promise<Blob | undefined> {
  try {
    if (!existsSync(TEMPLATE_PATH)) {
      const fresh = await PGlite.create();
      const dump = await fresh.dumpDataDir('gzip');
      await fresh.close();
      mkdirSync(dirname(TEMPLATE_PATH), { recursive: true });
      const partial = `${TEMPLATE_PATH}.${process.pid}.tmp`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, TEMPLATE_PATH);
    }
    return new Blob([readFileSync(TEMPLATE_PATH)]);
  } catch {
    // No writable cache (a read-only install): fall back to PGlite's own initdb.
    return undefined;
  }
}

function queryable(target: PGlite | Transaction): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

function wrap(pg: PGlite): Db {
  return {
    kind: 'pglite',
    ...queryable(pg),
    transaction: (work) => pg.transaction((tx) => work(queryable(tx))),
    close: () => pg.close(),
  };
}
