// Brings the hub's schema and the provincial nodes' schemas up to date.
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { HUB_MIGRATIONS } from './migrations/hub.ts';
import { NODE_MIGRATIONS } from './migrations/node.ts';
import { HUB_SCHEMA, nodeSchema } from './schemas.ts';

/** Migrates the hub's schema and the schemas of the given provincial nodes; returns how many migrations ran. */
export async function prepareSchemas(db: Db, provinces: readonly string[]): Promise<number> {
  return (
    (await migrate(db, [HUB_SCHEMA], HUB_MIGRATIONS)) +
    (await migrate(db, provinces.map(nodeSchema), NODE_MIGRATIONS))
  );
}
