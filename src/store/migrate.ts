// Applies migrations to a schema, once each, in order; the same SQL on PGlite and PostgreSQL.
import type { Db } from './db.ts';

export interface Migration {
  readonly id: string;
  /** SQL with `{s}` standing for the schema. */
  readonly sql: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Qualifies `{s}` with the schema name (checked: it is spliced into SQL). */
export function inSchema(schema: string, sql: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`not a schema name: ${schema}`);
  return sql.replaceAll('{s}', schema);
}

/** Brings every schema up to date; one transaction per schema, so a failed migration leaves none of itself. */
export async function migrate(
  db: Db,
  schemas: readonly string[],
  migrations: readonly Migration[],
): Promise<number> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS public.yidi_migrations (schema text, id text, applied_at timestamptz DEFAULT now(), PRIMARY KEY (schema, id))',
  );
  const done = await db.query<{ schema: string; id: string }>(
    'SELECT schema, id FROM public.yidi_migrations',
  );
  const applied = new Set(done.map((row) => `${row.schema}/${row.id}`));
  let count = 0;
  for (const schema of schemas) {
    const pending = migrations.filter((m) => !applied.has(`${schema}/${m.id}`));
    if (pending.length === 0) continue;
    await db.transaction(async (tx) => {
      const script = pending.map((m) => inSchema(schema, m.sql)).join('\n');
      await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${inSchema(schema, '{s}')};\n${script}`);
      for (const m of pending)
        await tx.query('INSERT INTO public.yidi_migrations (schema, id) VALUES ($1, $2)', [schema, m.id]);
    });
    count += pending.length;
  }
  return count;
}
