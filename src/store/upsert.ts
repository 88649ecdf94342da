// Bulk upsert through jsonb_to_recordset: one statement per chunk instead of one per row.
import type { Queryable } from './db.ts';
import { inSchema } from './migrate.ts';

/** Rows per statement: large enough to amortise the round trip, small enough to keep the JSON parameter modest. */
export const UPSERT_CHUNK_ROWS = 2_000;

export interface TableShape {
  readonly table: string;
  /** Column → SQL type, in insert order. */
  readonly columns: Readonly<Record<string, string>>;
  readonly key: readonly string[];
}

export async function upsertRows(
  tx: Queryable,
  schema: string,
  shape: TableShape,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(shape.columns);
  const updates = names.filter((n) => !shape.key.includes(n));
  const sql = inSchema(
    schema,
    `INSERT INTO {s}.${shape.table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb)
       AS r(${names.map((n) => `${n} ${shape.columns[n]}`).join(', ')})
     ON CONFLICT (${shape.key.join(', ')}) DO ${
       updates.length === 0
         ? 'NOTHING'
         : `UPDATE SET ${updates.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`
     }`,
  );
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK_ROWS) {
    await tx.query(sql, [JSON.stringify(rows.slice(i, i + UPSERT_CHUNK_ROWS))]);
  }
}
