// CSRF protection of the JSON API: a state-changing call that a browser makes with the session cookie must come from
// our own pages (Sec-Fetch-Site / Origin) and echo the session's CSRF token (double submit) in a header.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from './problem.ts';

/** Readable by the page's script (not HttpOnly), which echoes it in CSRF_HEADER; another site can read neither. */
export const CSRF_COOKIE = 'yidi_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The session cookie's name (sessions.ts); repeated here so that sessions.ts may import this module. */
const SESSION_COOKIE = 'yidi_session';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Logins open a session and so carry none to protect; what they need is that another site cannot log the browser
 * in to the attacker's account (login CSRF) — the origin check does that. A stale session cookie and no token must
 * not keep anyone from logging in again.
 */
const LOGINS = new Set(['/api/portal/login', '/api/portal/login-code', '/api/console/login']);

/**
 * The session's CSRF token: a hash of the session token, so that it needs no storage, is the same in every process
 * of the node, changes with each login, and cannot be computed by a page that cannot read the HttpOnly session.
 */
export const csrfTokenOf = (sessionToken: string): string =>
  createHash('sha256').update(`yidi-csrf\u0000${sessionToken}`).digest('base64url');

/** Sets the CSRF cookie of a session (login, and any read by a browser whose cookie went missing). */
export function setCsrfCookie(reply: FastifyReply, sessionToken: string, secure: boolean): void {
  // No Max-Age: it lives as long as the browser session; the server gives it again to a session cookie without it.
  reply.setCookie(CSRF_COOKIE, csrfTokenOf(sessionToken), { sameSite: 'strict', path: '/', secure });
}

export function clearCsrfCookie(reply: FastifyReply): void {
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

const refuse = (detail: string) => new ApiProblem(403, 'csrf', detail);

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Why the request did not come from a page of this site, or undefined when it did or cannot tell (no browser). */
function crossSiteReason(request: FastifyRequest): string | undefined {
  // Set by the browser itself, never by a page's script: when present it is the answer.
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    return site === 'same-origin' || site === 'none' ? undefined : `来自其他网站的请求（${site}）不予受理`;
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `请求来源 ${origin} 不是本站`;
  }
  return host === request.host ? undefined : `请求来源 ${origin} 不是本站`;
}

/**
 * Registered inside the JSON API's context. Callers with a Bearer token are exempt: no browser adds that header
 * on its own, so another site cannot make a victim's browser send it.
 */
export function registerCsrf(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const session = request.cookies?.[SESSION_COOKIE];
    if (!STATE_CHANGING.has(request.method)) {
      // A session from before this protection, or whose CSRF cookie was lost: the next read gives it again.
      if (session && request.cookies[CSRF_COOKIE] !== csrfTokenOf(session))
        setCsrfCookie(reply, session, request.protocol === 'https');
      return;
    }
    const crossSite = crossSiteReason(request);
    if (crossSite) throw refuse(crossSite);
    const path = request.url.split('?')[0]!;
    if (!session || LOGINS.has(path)) return; // nothing ambient to abuse: without a session the route answers 401
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameString(sent, csrfTokenOf(session)))
      throw refuse(`缺少或不正确的防跨站请求令牌（${CSRF_HEADER}），请刷新页面后重试`);
  });
}
