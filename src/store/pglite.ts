// Embedded PostgreSQL (PGlite, WebAssembly): the default database, nothing to install.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';
import { HUB_MIGRATIONS } from './migrations/hub.ts';
import { NODE_MIGRATIONS } from './migrations/node.ts';
import { prepareSchemas } from './prepare.ts';
import { ALL_PROVINCES } from './schemas.ts';

// The package does not export its package.json; find it beside its entry point.
const PGLITE_ENTRY = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const PGLITE_VERSION: string = JSON.parse(
  readFileSync(join(dirname(PGLITE_ENTRY), '..', 'package.json'), 'utf8'),
).version;
/**
 * PGlite 0.5 runs initdb in WebAssembly for every new database (about 6 s here), and creating the 32 schemas
 * takes 3 s more. We do both once and keep the result beside node_modules as a cleanly shut-down data folder
 * (copied for a new database on disk: ~1.5 s to open) and as a tarball of it (loaded for a database in
 * memory). The names carry the PGlite version and a hash of the migrations, so a change to either builds anew.
 */
const MIGRATIONS_HASH = createHash('sha256')
  .update(JSON.stringify([HUB_MIGRATIONS, NODE_MIGRATIONS, ALL_PROVINCES]))
  .digest('hex')
  .slice(0, 12);
// node_modules/.cache/yidi, found from PGlite's own files so that it is the same from src/ and from the bundle.
const CACHE_DIR = join(resolve(dirname(PGLITE_ENTRY), '..', '..', '..'), '.cache', 'yidi');
export const TEMPLATE_DIR = join(CACHE_DIR, `pglite-${PGLITE_VERSION}-${MIGRATIONS_HASH}`);
const TEMPLATE_TARBALL = `${TEMPLATE_DIR}.tar.gz`;

// The same JS shapes as the `pg` adapter: int8 fen as numbers, dates as `yyyy-MM-dd` text.
const PARSERS = { [types.INT8]: (text: string) => Number(text), [types.DATE]: (text: string) => text };

export interface PgliteOptions {
  /** A folder for the data; undefined keeps everything in memory. */
  readonly dataDir?: string;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  const { dataDir } = options;
  const isNew = dataDir === undefined || !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  const template = isNew && (await ensureTemplate());
  if (dataDir === undefined) {
    const loadDataDir = template ? new Blob([readFileSync(TEMPLATE_TARBALL)]) : undefined;
    return wrap(await PGlite.create({ parsers: PARSERS, ...(loadDataDir ? { loadDataDir } : {}) }));
  }
  if (template) cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  else mkdirSync(dataDir, { recursive: true });
  return wrap(await PGlite.create(dataDir, { parsers: PARSERS }));
}

/**
 * Builds the template once; returns false where it cannot (a read-only install), and PGlite then runs its own
 * initdb. Builders in several processes race harmlessly: each works in its own folder and renames it into place.
 */
export async function ensureTemplate(): Promise<boolean> {
  if (existsSync(TEMPLATE_DIR) && existsSync(TEMPLATE_TARBALL)) return true;
  const work = `${TEMPLATE_DIR}.${process.pid}.tmp`;
  try {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(dirname(work), { recursive: true });
    const fresh = await PGlite.create(work, { parsers: PARSERS });
    await prepareSchemas(wrap(fresh), ALL_PROVINCES);
    const tarball = await fresh.dumpDataDir('gzip');
    await fresh.close();
    writeFileSync(`${work}.tar.gz`, Buffer.from(await tarball.arrayBuffer()));
    renameSync(`${work}.tar.gz`, TEMPLATE_TARBALL);
    try {
      renameSync(work, TEMPLATE_DIR);
    } catch {
      rmSync(work, { recursive: true, force: true }); // another process was first
    }
    return true;
  } catch {
    rmSync(work, { recursive: true, force: true });
    return existsSync(TEMPLATE_DIR) && existsSync(TEMPLATE_TARBALL);
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
