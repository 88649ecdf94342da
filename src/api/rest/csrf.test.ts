// CSRF protection and the session cookies' flags, for the portal and the console, as a browser would call them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIUYANG,
  type PortalWorld,
  STAFF,
  STAFF_PASSWORD,
  startPortalWorld,
} from '../../../test/support/portal-world.ts';
import { CSRF_COOKIE, CSRF_HEADER, csrfTokenOf } from './csrf.ts';

let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld();
});
afterAll(async () => {
  await world?.close();
});

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly httpOnly?: boolean;
  readonly sameSite?: string;
  readonly secure?: boolean;
}

async function portalLogin(headers: Record<string, string> = {}) {
  const code = await world.call('POST', '/api/portal/login-code', undefined, { certno: LIUYANG.certno });
  return world.app.inject({
    method: 'POST',
    url: '/api/portal/login',
    headers,
    payload: { certno: LIUYANG.certno, code: code.body.demo_code },
  });
}

const cookieOf = (cookies: readonly Cookie[], name: string) => cookies.find((c) => c.name === name);

describe('logins set the cookies', () => {
  it('portal: the session HttpOnly and SameSite=Strict, not Secure over plain HTTP; the CSRF token readable', async () => {
    const login = await portalLogin();
    expect(login.statusCode).toBe(200);
    const session = cookieOf(login.cookies, 'yidi_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session.secure).toBeFalsy();
    const csrf = cookieOf(login.cookies, CSRF_COOKIE)!;
    expect(csrf.httpOnly).toBeFalsy();
    expect(csrf.value).toBe(csrfTokenOf(session.value));
  });

  it('console: the same', async () => {
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/console/login',
      payload: { username: STAFF.hebei.username, password: STAFF_PASSWORD },
    });
    const session = cookieOf(login.cookies, 'yidi_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookieOf(login.cookies, CSRF_COOKIE)!.value).toBe(csrfTokenOf(session.value));
  });

  it('marks the cookies Secure when a trusted proxy says the request came over HTTPS', async () => {
    // The world's server does not trust proxies: X-Forwarded-Proto is ignored there.
    const plain = await portalLogin({ 'x-forwarded-proto': 'https' });
    expect(cookieOf(plain.cookies, 'yidi_session')!.secure).toBeFalsy();
  });
});

describe('state-changing calls with the session cookie', () => {
  it('refuses a call without the token, or with another session’s, and takes it with the token', async () => {
    const login = await portalLogin();
    const session = cookieOf(login.cookies, 'yidi_session')!.value;
    const logout = (headers: Record<string, string>) =>
      world.app.inject({
        method: 'POST',
        url: '/api/portal/logout',
        cookies: { yidi_session: session },
        headers,
      });
    const bare = await logout({});
    expect(bare.statusCode).toBe(403);
    expect(bare.headers['content-type']).toContain('application/problem+json');
    expect(bare.json()).toMatchObject({ code: 'csrf', status: 403 });
    expect(bare.json().detail).toContain(CSRF_HEADER);
    expect((await logout({ [CSRF_HEADER]: csrfTokenOf('another-session') })).statusCode).toBe(403);
    // The refused calls changed nothing: the session still answers.
    const me = await world.app.inject({
      method: 'GET',
      url: '/api/portal/me',
      cookies: { yidi_session: session },
    });
    expect(me.statusCode).toBe(200);
    expect((await logout({ [CSRF_HEADER]: csrfTokenOf(session) })).statusCode).toBe(200);
  });

  it('refuses a call another site makes (Sec-Fetch-Site, else Origin), even with the token', async () => {
    const login = await portalLogin();
    const session = cookieOf(login.cookies, 'yidi_session')!.value;
    const logout = (headers: Record<string, string>) =>
      world.app.inject({
        method: 'POST',
        url: '/api/portal/logout',
        cookies: { yidi_session: session },
        headers: { [CSRF_HEADER]: csrfTokenOf(session), ...headers },
      });
    expect((await logout({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await logout({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await logout({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(
      (await logout({ origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' })).statusCode,
    ).toBe(200);
  });

  it('refuses a login another site posts (login CSRF), and takes one from our own page', async () => {
    expect((await portalLogin({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await portalLogin({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    const evilConsole = await world.app.inject({
      method: 'POST',
      url: '/api/console/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: STAFF.hebei.username, password: STAFF_PASSWORD },
    });
    expect(evilConsole.statusCode).toBe(403);
    expect(evilConsole.json().code).toBe('csrf');
    // A stale session cookie and no token do not keep anyone from logging in again.
    const code = await world.call('POST', '/api/portal/login-code', undefined, { certno: LIUYANG.certno });
    const again = await world.app.inject({
      method: 'POST',
      url: '/api/portal/login',
      headers: { 'sec-fetch-site': 'same-origin' },
      cookies: { yidi_session: 'stale' },
      payload: { certno: LIUYANG.certno, code: code.body.demo_code },
    });
    expect(again.statusCode).toBe(200);
  });

  it('exempts Bearer-token callers, whom no other site can make a browser impersonate', async () => {
    const token = await world.login(LIUYANG.certno);
    expect((await world.call('POST', '/api/portal/logout', token)).status).toBe(200);
  });

  it('gives the CSRF cookie again on a read when the browser lost it', async () => {
    const login = await portalLogin();
    const session = cookieOf(login.cookies, 'yidi_session')!.value;
    const me = await world.app.inject({
      method: 'GET',
      url: '/api/portal/me',
      cookies: { yidi_session: session },
    });
    expect(cookieOf(me.cookies, CSRF_COOKIE)?.value).toBe(csrfTokenOf(session));
    const again = await world.app.inject({
      method: 'GET',
      url: '/api/portal/me',
      cookies: { yidi_session: session, [CSRF_COOKIE]: csrfTokenOf(session) },
    });
    expect(cookieOf(again.cookies, CSRF_COOKIE)).toBeUndefined();
  });
});
