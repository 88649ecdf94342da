// Opens the configured database (embedded PGlite or a PostgreSQL server) and brings its schemas up to date.
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { HUB_MIGRATIONS } from './migrations/hub.ts';
import { NODE_MIGRATIONS } from './migrations/node.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { HUB_SCHEMA, nodeSchema } from './schemas.ts';

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

export function openDatabase(config: DatabaseConfig): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(config.memory ? {} : { dataDir: config.dataDir ?? '.yidi/pgdata' });
}

/** Migrates the hub's schema and the schemas of the given provincial nodes. */
export async function prepareSchemas(db: Db, provinces: readonly string[]): Promise<number> {
  return (
    (await migrate(db, [HUB_SCHEMA], HUB_MIGRATIONS)) +
    (await migrate(db, provinces.map(nodeSchema), NODE_MIGRATIONS))
  );
}
