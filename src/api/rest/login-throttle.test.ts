// Login throttling and lockout of the portal and the console, on the test clock, kept in the node's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIUYANG,
  type PortalWorld,
  STAFF,
  STAFF_PASSWORD,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';
import { nodeSchema } from '../../store/schemas.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, loginThrottleSettingsFromEnv } from './login-throttle.ts';

let world: PortalWorld;
const MINUTE_MS = 60_000;
/** Where the process keeps its counters: the schema of its first node. */
const throttleSchema = () => nodeSchema([...world.platform.nodes.keys()].sort()[0]!);

beforeAll(async () => {
  world = await startPortalWorld();
});
afterAll(async () => {
  await world?.close();
});

async function post(url: string, payload: Record<string, unknown>, remoteAddress = '127.0.0.1') {
  const response = await world.app.inject({ method: 'POST', url, payload, remoteAddress });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

const consoleLogin = (password: string, remoteAddress?: string) =>
  post('/api/console/login', { username: STAFF.tangshan.username, password }, remoteAddress);

describe('console login', () => {
  it('locks an account after 5 failed passwords, refuses the right one meanwhile, and opens after 15 minutes', async () => {
    for (let i = 1; i <= 4; i++) expect((await consoleLogin(`wrong-${i}`)).status).toBe(401);
    // The fifth failure is still answered as a failure, and it is the one that locks.
    expect((await consoleLogin('wrong-5')).status).toBe(401);
    const locked = await consoleLogin(STAFF_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.body.code).toBe('too-many-attempts');
    expect(locked.body.detail).toMatch(
      /登录失败次数过多.*请于\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间，约15分钟后）再试/,
    );
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    // Another address does not open it: the lock is the account's.
    expect((await consoleLogin(STAFF_PASSWORD, '10.0.0.9')).status).toBe(429);

    world.clock.now += 14 * MINUTE_MS;
    const later = await consoleLogin(STAFF_PASSWORD);
    expect(later.status).toBe(429);
    expect(Number(later.headers['retry-after'])).toBe(60);

    world.clock.now += MINUTE_MS + 1_000;
    expect((await consoleLogin(STAFF_PASSWORD)).status).toBe(200);
    // A successful login forgets the earlier failures: four more do not lock again.
    for (let i = 1; i <= 4; i++) expect((await consoleLogin(`again-${i}`)).status).toBe(401);
    expect((await consoleLogin(STAFF_PASSWORD)).status).toBe(200);
  });

  it('counts failures within the window only', async () => {
    const hainan = (password: string) =>
      post('/api/console/login', { username: STAFF.hainan.username, password });
    for (let i = 0; i < 4; i++) expect((await hainan('wrong')).status).toBe(401);
    world.clock.now += 16 * MINUTE_MS; // the window of those four has passed
    for (let i = 0; i < 4; i++) expect((await hainan('wrong')).status).toBe(401);
    expect((await hainan(STAFF_PASSWORD)).status).toBe(200);
  });
});

describe('portal login', () => {
  it('locks an ID number after 5 wrong one-time codes, even with the right code, and keeps the lock in the database', async () => {
    const code = (await post('/api/portal/login-code', { certno: LIUYANG.certno })).body.demo_code as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await post('/api/portal/login', { certno: LIUYANG.certno, code: wrong })).status).toBe(401);
    const refused = await post('/api/portal/login', { certno: LIUYANG.certno, code });
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toContain('请于');
    // What a restarted process, or a second one on the same database, reads.
    const rows = await world.platform.db.query<{ key: string; locked_until: string | Date }>(
      `SELECT key, locked_until FROM ${throttleSchema()}.login_throttle WHERE key = $1`,
      [`portal-account:${LIUYANG.certno}`],
    );
    expect(new Date(rows[0]!.locked_until).getTime()).toBe(world.clock.now + 15 * MINUTE_MS);
    const fresh = new LoginThrottle(world.platform.db, throttleSchema());
    expect(
      await fresh.lockedUntil(
        [{ key: `portal-account:${LIUYANG.certno}`, rule: DEFAULT_LOGIN_THROTTLE.account }],
        new Date(world.clock.now),
      ),
    ).toEqual(new Date(world.clock.now + 15 * MINUTE_MS));

    world.clock.now += 15 * MINUTE_MS;
    const again = (await post('/api/portal/login-code', { certno: LIUYANG.certno })).body.demo_code;
    expect((await post('/api/portal/login', { certno: LIUYANG.certno, code: again })).status).toBe(200);
  });

  it('locks an ID number no one holds the same way: a lockout does not tell who is insured', async () => {
    const nobody = '110101199001010011';
    for (let i = 0; i < 5; i++)
      expect((await post('/api/portal/login', { certno: nobody, code: '123456' })).status).toBe(401);
    expect((await post('/api/portal/login', { certno: nobody, code: '123456' })).status).toBe(429);
    world.clock.now += 15 * MINUTE_MS;
  });

  it('limits failures per address across accounts (credential stuffing), and other addresses go on', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.address.max_attempts; i++) {
      const certno = `1101011990${String(i).padStart(7, '0')}X`;
      expect((await post('/api/portal/login', { certno, code: '123456' }, address)).status).toBe(401);
    }
    const code = (await post('/api/portal/login-code', { certno: WANGFANG.certno })).body.demo_code;
    const fromThere = await post('/api/portal/login', { certno: WANGFANG.certno, code }, address);
    expect(fromThere.status).toBe(429);
    expect((await post('/api/portal/login', { certno: WANGFANG.certno, code }, '198.51.100.1')).status).toBe(
      200,
    );
    world.clock.now += 15 * MINUTE_MS;
  });

  it('limits one-time code requests per ID number', async () => {
    const certno = '110101198001010012';
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.code_requests.max_attempts; i++)
      expect((await post('/api/portal/login-code', { certno })).status).toBe(200);
    const refused = await post('/api/portal/login-code', { certno });
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toContain('获取验证码过于频繁');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    world.clock.now += 15 * MINUTE_MS;
    expect((await post('/api/portal/login-code', { certno })).status).toBe(200);
  });
});

describe('settings', () => {
  it('reads limits from the environment and refuses a malformed one by name', () => {
    const settings = loginThrottleSettingsFromEnv({
      YIDI_LOGIN_MAX_FAILURES: '3',
      YIDI_LOGIN_LOCK_MINUTES: '30',
    });
    expect(settings.account).toEqual({ max_attempts: 3, window_ms: 15 * MINUTE_MS, lock_ms: 30 * MINUTE_MS });
    expect(() => loginThrottleSettingsFromEnv({ YIDI_LOGIN_WINDOW_MINUTES: 'soon' })).toThrow(
      /YIDI_LOGIN_WINDOW_MINUTES/,
    );
  });
});
