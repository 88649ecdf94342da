// Request rates: the HIS edge per institution (national envelope), the JSON API per user (problem+json 429).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset } from '../../../test/support/datasets.ts';
import {
  HOSPITAL,
  NOW,
  NOW_TEXT,
  SECOND_HOSPITAL,
  withSecondHospital,
} from '../../../test/support/his-world.ts';
import { createInProcessBus } from '../../bus/in-process.ts';
import { loadDataset, type Platform, startPlatform } from '../../platform.ts';
import { HIS_PATH } from '../his/route.ts';
import { buildServer } from '../server.ts';
import {
  DEFAULT_HIS_REQUESTS_PER_WINDOW,
  DEFAULT_RATE_WINDOW_MS,
  DEFAULT_REST_REQUESTS_PER_WINDOW,
  rateLimitsFromEnv,
} from './rate-limits.ts';

const LIMIT = 3;
let platform: Platform;
let app: FastifyInstance;
let sequence = 0;

beforeAll(async () => {
  platform = await startPlatform({
    memory: true,
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  const raw = smallDataset();
  withSecondHospital(raw);
  await loadDataset(platform.db, raw);
  app = await buildServer(platform, {
    logger: false,
    clock: () => new Date(NOW),
    rateLimits: { hisRequestsPerWindow: LIMIT, restRequestsPerWindow: LIMIT, windowMs: 60_000 },
  });
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
});

/** A 9001 sign-in of the institution: the first message any HIS sends. */
const signIn = (fixmedins_code: string) => {
  sequence += 1;
  return {
    infno: '9001',
    msgid: `RL${String(sequence).padStart(10, '0')}`,
    mdtrtarea_admvs: '460108',
    opter: 'D001',
    inf_time: NOW_TEXT,
    fixmedins_code,
    input: { signIn: { opter_no: 'D001', mac: '', ip: '' } },
  };
};

const storedMessages = async () =>
  Number(
    (
      await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM node_460000.processed_messages')
    )[0]!.n,
  );

describe('the HIS rate per institution', () => {
  it('answers the message over the limit with the national envelope naming fixmedins_code, and stores nothing', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const answer = await app.inject({
        method: 'POST',
        url: HIS_PATH,
        payload: signIn(HOSPITAL.fixmedins_code),
      });
      expect(answer.json().infcode).toBe(0);
    }
    const before = await storedMessages();
    const over = await app.inject({
      method: 'POST',
      url: HIS_PATH,
      payload: signIn(HOSPITAL.fixmedins_code),
    });
    expect(over.statusCode).toBe(200);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json()).toMatchObject({ infcode: -1, output: null });
    expect(over.json().err_msg).toMatch(
      new RegExp(
        `^fixmedins_code：请求过于频繁，每个定点医药机构每分钟不超过${LIMIT}笔交易，请\\d+秒后重试$`,
      ),
    );
    expect(await storedMessages()).toBe(before);
  });

  it('counts each institution apart', async () => {
    const other = await app.inject({
      method: 'POST',
      url: HIS_PATH,
      payload: signIn(SECOND_HOSPITAL.fixmedins_code),
    });
    expect(other.json().infcode).toBe(0);
  });
});

describe('the JSON API rate per user', () => {
  it('answers the call over the limit with problem+json 429 naming the limit', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await app.inject({ url: '/api/nodes' })).statusCode).toBe(200);
    const over = await app.inject({ url: '/api/nodes' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json()).toMatchObject({ status: 429, code: 'rate-limited', field: null });
    expect(over.json().detail).toMatch(
      new RegExp(`^请求过于频繁：每个用户每分钟不超过${LIMIT}次请求，请\\d+秒后重试$`),
    );
  });

  it('counts a session apart from its address, and leaves health and the HIS edge alone', async () => {
    const withSession = await app.inject({
      url: '/api/nodes',
      headers: { authorization: 'Bearer some-session' },
    });
    expect(withSession.statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('rate limits from the environment', () => {
  it('defaults generously, reads YIDI_*_RATE_LIMIT, and fails fast naming a bad value', () => {
    expect(rateLimitsFromEnv({})).toEqual({
      hisRequestsPerWindow: DEFAULT_HIS_REQUESTS_PER_WINDOW,
      restRequestsPerWindow: DEFAULT_REST_REQUESTS_PER_WINDOW,
      windowMs: DEFAULT_RATE_WINDOW_MS,
    });
    expect(DEFAULT_HIS_REQUESTS_PER_WINDOW).toBeGreaterThanOrEqual(10_000);
    expect(
      rateLimitsFromEnv({
        YIDI_HIS_RATE_LIMIT: '1200',
        YIDI_REST_RATE_LIMIT: '0',
        YIDI_RATE_WINDOW_MS: '30000',
      }),
    ).toEqual({ hisRequestsPerWindow: 1_200, restRequestsPerWindow: 0, windowMs: 30_000 });
    expect(() => rateLimitsFromEnv({ YIDI_HIS_RATE_LIMIT: 'many' })).toThrow(/^YIDI_HIS_RATE_LIMIT: /);
    expect(() => rateLimitsFromEnv({ YIDI_RATE_WINDOW_MS: '0' })).toThrow(/^YIDI_RATE_WINDOW_MS: /);
  });
});
