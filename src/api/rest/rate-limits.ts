// Request rates: per institution at the HIS edge (by fixmedins_code), per user on the JSON API (session or address).
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refMessageId, stampOf } from '../his/envelope.ts';
import { HIS_PATH } from '../his/route.ts';
import { ApiProblem } from './problem.ts';
import { tokenOf } from './sessions.ts';

/**
 * Generous defaults: the benches push hundreds of messages a second from one institution, and a test must never be
 * throttled. Production values (docs/SECURITY.md): 1,200 HIS messages a minute per institution, 300 API calls a
 * minute per user.
 */
export const DEFAULT_HIS_REQUESTS_PER_WINDOW = 60_000;
export const DEFAULT_REST_REQUESTS_PER_WINDOW = 60_000;
export const DEFAULT_RATE_WINDOW_MS = 60_000;
/** How many distinct callers each limiter remembers (least recently seen forgotten first): bounded memory. */
const CALLERS_REMEMBERED = 50_000;

export interface RateLimits {
  /** HIS messages one institution (fixmedins_code) may send per window; 0 turns the limit off. */
  readonly hisRequestsPerWindow: number;
  /** JSON API calls one user (session token, else client address) may make per window; 0 turns the limit off. */
  readonly restRequestsPerWindow: number;
  readonly windowMs: number;
}

/** From `YIDI_HIS_RATE_LIMIT`, `YIDI_REST_RATE_LIMIT` and `YIDI_RATE_WINDOW_MS`; a bad value fails fast by name. */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`${name}: expected a whole number ≥ 0, got ${text}`);
    return value;
  };
  const windowMs = read('YIDI_RATE_WINDOW_MS', DEFAULT_RATE_WINDOW_MS);
  if (windowMs === 0) throw new Error('YIDI_RATE_WINDOW_MS: expected a whole number > 0, got 0');
  return {
    hisRequestsPerWindow: read('YIDI_HIS_RATE_LIMIT', DEFAULT_HIS_REQUESTS_PER_WINDOW),
    restRequestsPerWindow: read('YIDI_REST_RATE_LIMIT', DEFAULT_REST_REQUESTS_PER_WINDOW),
    windowMs,
  };
}

/** The institution a HIS message names (the body is parsed by the time the hook runs); its address otherwise. */
function institutionKeyOf(request: FastifyRequest): string {
  const body = request.body as Record<string, unknown> | null | undefined;
  const code = typeof body === 'object' && body !== null ? body.fixmedins_code : undefined;
  return typeof code === 'string' || typeof code === 'number'
    ? `his:${String(code).trim().slice(0, 64)}`
    : `his-ip:${request.ip}`;
}

/** A session is known by a digest of its token (the limiter's memory holds no usable token); the address otherwise. */
function userKeyOf(request: FastifyRequest): string {
  const token = tokenOf(request);
  return token
    ? `session:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`
    : `ip:${request.ip}`;
}

const minutesOf = (ms: number) =>
  ms % 60_000 === 0 ? `每${ms / 60_000 === 1 ? '' : ms / 60_000}分钟` : `每${ms}毫秒`;

/**
 * Registers the limiters (before the routes: the hook sees every route). Over the HIS limit the message is answered
 * as the national envelope — HTTP 200, infcode -1, err_msg naming fixmedins_code — and not stored (a retry after
 * the window is read afresh); over the API limit the answer is problem+json 429 `rate-limited`. Both carry
 * Retry-After.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits = rateLimitsFromEnv()) {
  await app.register(rateLimit, { global: false, cache: CALLERS_REMEMBERED });
  const his =
    limits.hisRequestsPerWindow > 0
      ? app.createRateLimit({
          max: limits.hisRequestsPerWindow,
          timeWindow: limits.windowMs,
          keyGenerator: institutionKeyOf,
        })
      : undefined;
  const rest =
    limits.restRequestsPerWindow > 0
      ? app.createRateLimit({
          max: limits.restRequestsPerWindow,
          timeWindow: limits.windowMs,
          keyGenerator: userKeyOf,
        })
      : undefined;
  const every = minutesOf(limits.windowMs);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (url === HIS_PATH && his) {
      const seen = await his(request);
      if (seen.isAllowed || !seen.isExceeded) return;
      const receivedMs = Date.now();
      return reply.header('retry-after', String(seen.ttlInSeconds)).send({
        infcode: -1,
        inf_refmsgid: refMessageId('000000', receivedMs),
        refmsg_time: stampOf(receivedMs),
        respond_time: stampOf(Date.now()),
        err_msg: `fixmedins_code：请求过于频繁，每个定点医药机构${every}不超过${seen.max}笔交易，请${seen.ttlInSeconds}秒后重试`,
        output: null,
      });
    }
    if (url?.startsWith('/api/') && rest) {
      const seen = await rest(request);
      if (seen.isAllowed || !seen.isExceeded) return;
      // Sent here rather than thrown: some /api routes (the hub's /api/nodes) live outside the problem+json context.
      const problem = new ApiProblem(
        429,
        'rate-limited',
        `请求过于频繁：每个用户${every}不超过${seen.max}次请求，请${seen.ttlInSeconds}秒后重试`,
      );
      return reply
        .code(problem.status)
        .header('retry-after', String(seen.ttlInSeconds))
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: problem.code,
          status: problem.status,
          code: problem.code,
          detail: problem.detail,
          field: problem.field,
        });
    }
  });
}
