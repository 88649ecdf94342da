// Finds this machine's PostgreSQL and NATS for the suites that need them: required in CI, skipped loudly elsewhere.
import { connect as netConnect } from 'node:net';
import pg from 'pg';

export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
export const POSTGRES_ADMIN_URL =
  process.env.YIDI_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function reachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a suite needing a service should run. In CI a missing service is an error (the suite must not
 * pass by skipping); outside CI the suite is skipped with a warning that says so.
 */
export async function serviceAvailable(name: string, host: string, port: number): Promise<boolean> {
  if (await reachable(host, port)) return true;
  if (IN_CI)
    throw new Error(
      `${name} is not reachable at ${host}:${port}; CI must run this suite (.ci/run starts it)`,
    );
  console.warn(`\n⚠ ${name} not reachable at ${host}:${port}: SKIPPING its suite here (CI runs it)\n`);
  return false;
}

export const postgresAvailable = (): Promise<boolean> => {
  const url = new URL(POSTGRES_ADMIN_URL);
  return serviceAvailable('PostgreSQL', url.hostname, Number(url.port || 5432));
};

/** Creates an empty database for one suite and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `yidi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
