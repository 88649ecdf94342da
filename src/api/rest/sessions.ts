// Who is calling: the session token from the HttpOnly cookie (browser) or a Bearer header (other clients).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_NAMES, type StaffRole } from '../../core/staff-roles.ts';
import { type OpenedSession, provinceOfToken } from '../../node/portal-service.ts';
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { NodesPlatform } from '../../platform.ts';
import type { StaffAccount } from '../../store/portal-store.ts';
import { clearCsrfCookie, setCsrfCookie } from './csrf.ts';
import { forbidden, unauthorized } from './problem.ts';

export const SESSION_COOKIE = 'yidi_session';

export { isStaffRole, ROLE_NAMES, STAFF_ROLES, type StaffRole } from '../../core/staff-roles.ts';

/** A route's requirement: one role, any of several, or `'any'` (every logged-in staff member: /me, code tables). */
export type RoleRequirement = StaffRole | readonly StaffRole[] | 'any';

export const hasRole = (account: StaffAccount, role: StaffRole): boolean => account.roles.includes(role);

export interface PersonCaller {
  readonly psn_no: string;
  /** The node of the person's insured province, which holds everything of theirs. */
  readonly node: ProvincialNode;
}

export interface StaffCaller {
  readonly account: StaffAccount;
  readonly node: ProvincialNode;
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies?.[SESSION_COOKIE];
}

function nodeOfToken(platform: NodesPlatform, token: string | undefined): ProvincialNode | undefined {
  const province = token && provinceOfToken(token);
  return province ? platform.nodes.get(province) : undefined;
}

/** The logged-in person, or 401. */
export async function requirePerson(
  request: FastifyRequest,
  platform: NodesPlatform,
  now: Date,
): Promise<PersonCaller> {
  const token = tokenOf(request);
  const node = nodeOfToken(platform, token);
  const psnNo = node && (await node.portal.subjectOf(token!, 'portal', now));
  if (!node || !psnNo) throw unauthorized('请先登录参保人服务（会话不存在或已过期）');
  return { psn_no: psnNo, node };
}

/** The logged-in staff member holding one of the required roles: 401 without a session, 403 naming the role. */
export async function requireStaff(
  request: FastifyRequest,
  platform: NodesPlatform,
  now: Date,
  roles: RoleRequirement,
): Promise<StaffCaller> {
  const token = tokenOf(request);
  const node = nodeOfToken(platform, token);
  const username = node && (await node.portal.subjectOf(token!, 'staff', now));
  const account = username ? await node!.portal.store.staff(username) : undefined;
  if (!node || !account) throw unauthorized('请先登录经办系统（会话不存在或已过期）');
  if (roles === 'any') return { account, node };
  const wanted: readonly StaffRole[] = typeof roles === 'string' ? [roles] : roles;
  if (!wanted.some((role) => hasRole(account, role)))
    throw forbidden(`须具备${wanted.map((role) => `“${ROLE_NAMES[role]}”`).join('或')}角色`);
  return { account, node };
}

/** The same check under the name other route files use: `requireRole(request, platform, now, 'auditor')`. */
export const requireRole = (
  request: FastifyRequest,
  platform: NodesPlatform,
  now: Date,
  roles: StaffRole | readonly StaffRole[],
): Promise<StaffCaller> => requireStaff(request, platform, now, roles);

/** Whether the account sees the whole province of its node (scope `XX0000`) rather than one pooling region. */
export const isProvinceWide = (caller: StaffCaller): boolean =>
  caller.account.scope_admdvs === caller.node.province;

/** The pooling region the account is confined to, or null when it sees the whole province. */
export const poolingScopeOf = (caller: StaffCaller): string | null =>
  isProvinceWide(caller) ? null : caller.account.scope_admdvs;

/** 403 unless the account sees the whole province: `action` says what only the province may do. */
export function requireProvinceWide(caller: StaffCaller, action: string): void {
  if (!isProvinceWide(caller))
    throw forbidden(
      `${action}须由全省经办人员办理，${caller.account.name}的经办范围是${caller.account.scope_admdvs}`,
    );
}

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). Its lifetime is
 * relative (Max-Age), not a date: a browser whose clock differs from the server's still keeps it as long.
 */
export function setSessionCookie(reply: FastifyReply, session: OpenedSession, now: Date): void {
  // Secure when the request came over HTTPS (--tls-cert, or X-Forwarded-Proto from a proxy with --trust-proxy).
  const secure = reply.request.protocol === 'https';
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: Math.max(0, Math.round((session.expires_at.getTime() - now.getTime()) / 1000)),
  });
  setCsrfCookie(reply, session.token, secure); // csrf.ts: the token the web client echoes
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  clearCsrfCookie(reply);
}
