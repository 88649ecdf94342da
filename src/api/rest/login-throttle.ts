// Login throttling and temporary lockout (portal and console): attempts counted per account and per address in the
// node's database, so that a restart or a second process serving the node does not reset them.
import type { FastifyReply } from 'fastify';
import type { NodesPlatform } from '../../platform.ts';
import type { Db } from '../../store/db.ts';
import { inSchema } from '../../store/migrate.ts';
import { nodeSchema } from '../../store/schemas.ts';
import { ApiProblem } from './problem.ts';

/** At most `max_attempts` counted attempts per `window_ms`; the one that reaches it locks the key for `lock_ms`. */
export interface ThrottleRule {
  readonly max_attempts: number;
  readonly window_ms: number;
  readonly lock_ms: number;
}

export interface LoginThrottleSettings {
  /** Failed logins (password or one-time code) of one account: ID number or username. */
  readonly account: ThrottleRule;
  /** Failed logins from one address, whatever the account (credential stuffing spreads over many accounts). */
  readonly address: ThrottleRule;
  /** One-time codes asked for one ID number (each is an SMS in production). */
  readonly code_requests: ThrottleRule;
  /** One-time codes asked from one address. */
  readonly code_requests_per_address: ThrottleRule;
}

const MINUTE_MS = 60_000;

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  account: { max_attempts: 5, window_ms: 15 * MINUTE_MS, lock_ms: 15 * MINUTE_MS },
  address: { max_attempts: 50, window_ms: 15 * MINUTE_MS, lock_ms: 15 * MINUTE_MS },
  code_requests: { max_attempts: 10, window_ms: 15 * MINUTE_MS, lock_ms: 15 * MINUTE_MS },
  code_requests_per_address: { max_attempts: 200, window_ms: 15 * MINUTE_MS, lock_ms: 15 * MINUTE_MS },
};

/** Whole minutes from 1 to a week, or the default when the variable is unset; anything else fails fast. */
function minutesFromEnv(name: string, fallback_ms: number, env: NodeJS.ProcessEnv): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback_ms;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 7 * 24 * 60)
    throw new Error(`${name} must be a whole number of minutes from 1 to 10080, not "${text}"`);
  return Number(text) * MINUTE_MS;
}

function countFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1_000_000)
    throw new Error(`${name} must be a whole number from 1 to 1000000, not "${text}"`);
  return Number(text);
}

/**
 * The settings from YIDI_LOGIN_MAX_FAILURES (per account), YIDI_LOGIN_MAX_FAILURES_PER_ADDRESS,
 * YIDI_LOGIN_WINDOW_MINUTES and YIDI_LOGIN_LOCK_MINUTES (both rules), the defaults for what is unset.
 */
export function loginThrottleSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LoginThrottleSettings {
  const d = DEFAULT_LOGIN_THROTTLE;
  const window_ms = minutesFromEnv('YIDI_LOGIN_WINDOW_MINUTES', d.account.window_ms, env);
  const lock_ms = minutesFromEnv('YIDI_LOGIN_LOCK_MINUTES', d.account.lock_ms, env);
  return {
    account: {
      max_attempts: countFromEnv('YIDI_LOGIN_MAX_FAILURES', d.account.max_attempts, env),
      window_ms,
      lock_ms,
    },
    address: {
      max_attempts: countFromEnv('YIDI_LOGIN_MAX_FAILURES_PER_ADDRESS', d.address.max_attempts, env),
      window_ms,
      lock_ms,
    },
    code_requests: { ...d.code_requests, window_ms, lock_ms },
    code_requests_per_address: { ...d.code_requests_per_address, window_ms, lock_ms },
  };
}

/** One counter: its key in the table and the rule it keeps. */
export interface ThrottleKey {
  readonly key: string;
  readonly rule: ThrottleRule;
}

/** The counters of one node's database (`{s}.login_throttle`, migration 021-login-throttle). */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly schema: string,
    readonly settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** The latest time until which any of the keys is locked, or undefined when none is. */
  async lockedUntil(keys: readonly ThrottleKey[], now: Date): Promise<Date | undefined> {
    const rows = await this.db.query<{ locked_until: string | Date }>(
      inSchema(
        this.schema,
        'SELECT max(locked_until) AS locked_until FROM {s}.login_throttle WHERE key = ANY($1) AND locked_until > $2',
      ),
      [keys.map((k) => k.key), now.toISOString()],
    );
    const until = rows[0]?.locked_until;
    return until ? new Date(until) : undefined;
  }

  /**
   * Counts one attempt against each key, in one statement per key so that concurrent processes cannot lose a count:
   * a window that has passed starts over; the attempt that reaches the rule's maximum locks the key.
   */
  async count(keys: readonly ThrottleKey[], now: Date): Promise<void> {
    for (const { key, rule } of keys)
      await this.db.query(
        inSchema(
          this.schema,
          `INSERT INTO {s}.login_throttle AS t (key, attempts, window_started_at, locked_until)
           VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5::timestamptz END)
           ON CONFLICT (key) DO UPDATE SET
             attempts = CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.attempts + 1 END,
             window_started_at = CASE WHEN t.window_started_at <= $3 THEN $2 ELSE t.window_started_at END,
             locked_until = CASE
               WHEN (CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.attempts + 1 END) >= $4 THEN $5::timestamptz
               ELSE t.locked_until END`,
        ),
        [
          key,
          now.toISOString(),
          new Date(now.getTime() - rule.window_ms).toISOString(),
          rule.max_attempts,
          new Date(now.getTime() + rule.lock_ms).toISOString(),
        ],
      );
  }

  /** Forgets the keys (an account after its successful login): its earlier failures no longer count. */
  async clear(keys: readonly ThrottleKey[]): Promise<void> {
    await this.db.query(inSchema(this.schema, 'DELETE FROM {s}.login_throttle WHERE key = ANY($1)'), [
      keys.map((k) => k.key),
    ]);
  }
}

/**
 * The throttle of a process: kept in the schema of the first of its nodes (by code), so that every login, of a
 * person of any province or of an ID number no one holds, is counted in one place — a lockout must not tell
 * whether an account exists. None in a process without nodes (the hub process has no logins).
 */
export function throttleOf(
  platform: NodesPlatform,
  settings: LoginThrottleSettings = loginThrottleSettingsFromEnv(),
): LoginThrottle | undefined {
  const [first] = [...platform.nodes.keys()].sort();
  return first ? new LoginThrottle(platform.db, nodeSchema(first), settings) : undefined;
}

/** 2026-05-12 10:45 in China time (UTC+8, no daylight saving), rounded up to the minute. */
function chinaMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000 + 59_999).toISOString().slice(0, 16).replace('T', ' ');
}

/** 429 with Retry-After (seconds) and a Chinese reason saying when to try again. */
export function refuseLocked(reply: FastifyReply, until: Date, now: Date, reason: string): ApiProblem {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  reply.header('retry-after', String(seconds));
  return new ApiProblem(
    429,
    'too-many-attempts',
    `${reason}，请于${chinaMinute(until)}（北京时间，约${Math.ceil(seconds / 60)}分钟后）再试`,
  );
}
