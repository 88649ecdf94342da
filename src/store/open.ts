// Opens the configured database (embedded PGlite or a PostgreSQL server) and brings its schemas up to date.
import { existsSync, readdirSync } from 'node:fs';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

const DEFAULT_PGLITE_DIR = '.yidi/pgdata';

export interface DatabaseConfig {
  /** `postgres://…`: use that server instead of the embedded database. */
  readonly databaseUrl?: string | undefined;
  /** The embedded database's folder; ignored with databaseUrl or memory. */
  readonly dataDir?: string | undefined;
  /** Keep the embedded database in memory (nothing survives the process). */
  readonly memory?: boolean | undefined;
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.databaseUrl) return config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return config.memory ? 'PGlite in memory' : `PGlite at ${config.dataDir}`;
}

/** Whether the configuration names an embedded database that does not exist yet. */
export function isNewEmbeddedDatabase(config: DatabaseConfig): boolean {
  if (config.databaseUrl) return false;
  if (config.memory) return true;
  const dir = config.dataDir ?? DEFAULT_PGLITE_DIR;
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

export function openDatabase(config: DatabaseConfig): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(config.memory ? {} : { dataDir: config.dataDir ?? DEFAULT_PGLITE_DIR });
}

export { prepareSchemas } from './prepare.ts';
