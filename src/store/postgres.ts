// A PostgreSQL server through `pg`: the same schema and SQL as embedded mode.
import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';

// bigint (int8) columns hold fen; every real amount fits a JS number exactly, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));
// Dates stay `yyyy-MM-dd` text as the interface writes them, never shifted through a Date in local time.
pg.types.setTypeParser(pg.types.builtins.DATE, (text) => text);

/** Connections per process; PostgreSQL's default max_connections is 100 and a cluster runs many processes. */
export const POOL_SIZE = 10;

export async function openPostgres(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: POOL_SIZE });
  // An idle connection the server ends (a restart, an administrator, a dropped test database) is an error event on the
  // pool: the pool discards that client and opens a new one when needed; unhandled, the event would end the process.
  pool.on('error', (error) =>
    console.warn(`postgres: an idle connection ended (${error.message}); it will be replaced`),
  );
  // Fail fast on a wrong URL rather than at the first request.
  await pool.query('SELECT 1');
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
