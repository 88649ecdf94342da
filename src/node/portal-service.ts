// Who is calling the portal or the console: logins by password or one-time code, and the sessions they open.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { PortalStore, type SessionKind, type StaffAccount } from '../store/portal-store.ts';
import { NO_ACCOUNT_HASH, verifyPassword } from './passwords.ts';

/** A session lasts this long; the person logs in again after it. */
export const SESSION_TTL_MS = 30 * 60_000;
/** A one-time login code is valid this long, for this many tries. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;
export const LOGIN_CODE_ATTEMPTS = 5;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A session token starts with the province's two digits, so that any process can tell which node holds it. */
export const provinceOfToken = (token: string): string | undefined =>
  /^\d{2}[0-9a-f]{48}$/.test(token) ? `${token.slice(0, 2)}0000` : undefined;

export interface OpenedSession {
  readonly token: string;
  readonly expires_at: Date;
}

export class PortalService {
  readonly store: PortalStore;

  constructor(
    db: Db,
    private readonly province: string,
  ) {
    this.store = new PortalStore(db, province);
  }

  /** A session for the person when the password matches; undefined otherwise (same time either way). */
  async loginWithPassword(psnNo: string, password: string, now: Date): Promise<OpenedSession | undefined> {
    const stored = await this.store.passwordHashOf(psnNo);
    const ok = await verifyPassword(password, stored ?? NO_ACCOUNT_HASH);
    return ok && stored ? this.open('portal', psnNo, now) : undefined;
  }

  /** A new six-digit code for the person (sent by SMS in production; the demo shows it). */
  async issueCode(certno: string, now: Date): Promise<{ code: string; expires_at: Date }> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + LOGIN_CODE_TTL_MS);
    await this.store.saveCode(certno, sha256(`${certno}:${code}`), expiresAt);
    return { code, expires_at: expiresAt };
  }

  /** A session when the code matches, is live and has tries left; a matched code is used up. */
  async loginWithCode(
    certno: string,
    psnNo: string,
    code: string,
    now: Date,
  ): Promise<OpenedSession | undefined> {
    const stored = await this.store.takeCodeAttempt(certno);
    if (!stored || stored.expires_at <= now || stored.attempts >= LOGIN_CODE_ATTEMPTS) return undefined;
    const given = Buffer.from(sha256(`${certno}:${code}`));
    if (!timingSafeEqual(given, Buffer.from(stored.code_hash))) return undefined;
    await this.store.dropCode(certno);
    return this.open('portal', psnNo, now);
  }

  async loginStaff(
    username: string,
    password: string,
    now: Date,
  ): Promise<{ session: OpenedSession; account: StaffAccount } | undefined> {
    const account = await this.store.staff(username);
    const ok = await verifyPassword(password, account?.pwd_hash ?? NO_ACCOUNT_HASH);
    return ok && account ? { session: await this.open('staff', username, now), account } : undefined;
  }

  /** The psn_no (portal) or username (staff) of a live session. */
  subjectOf(token: string, kind: SessionKind, now: Date): Promise<string | undefined> {
    return this.store.session(sha256(token), kind, now);
  }

  logout(token: string): Promise<void> {
    return this.store.closeSession(sha256(token));
  }

  private async open(kind: SessionKind, subject: string, now: Date): Promise<OpenedSession> {
    const token = `${this.province.slice(0, 2)}${randomBytes(24).toString('hex')}`;
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.store.openSession(sha256(token), kind, subject, expiresAt, now);
    return { token, expires_at: expiresAt };
  }
}
