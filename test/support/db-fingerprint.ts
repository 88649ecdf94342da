// A digest of every table of some schemas (row count and an md5 of the rows), to prove that a refused call changed
// nothing. Sessions, login throttling and the audit trail are left out: a refused call rightly touches those.
import type { NodesPlatform } from '../../src/platform.ts';

const SKIPPED = ['sessions', 'login_codes', 'login_throttle', 'audit_trail', 'audit_trail_head'];

export async function fingerprint(
  platform: Pick<NodesPlatform, 'db'>,
  schemas: readonly string[],
): Promise<Record<string, string>> {
  const tables = await platform.db.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($2))
      ORDER BY 1, 2`,
    [schemas, SKIPPED],
  );
  const prints: Record<string, string> = {};
  for (const { table_schema, table_name } of tables) {
    const [row] = await platform.db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h
         FROM "${table_schema}"."${table_name}" t`,
    );
    prints[`${table_schema}.${table_name}`] = `${row!.n}:${row!.h}`;
  }
  return prints;
}
