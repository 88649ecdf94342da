// Who is calling: the session token from the HttpOnly cookie (browser) or a Bearer header (other clients).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type OpenedSession, provinceOfToken } from '../../node/portal-service.ts';
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { NodesPlatform } from '../../platform.ts';
import type { StaffAccount } from '../../store/portal-store.ts';
import { unauthorized } from './problem.ts';

export const SESSION_COOKIE = 'yidi_session';

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

/** The logged-in staff member, or 401. */
export async function requireStaff(
  request: FastifyRequest,
  platform: NodesPlatform,
  now: Date,
): Promise<StaffCaller> {
  const token = tokenOf(request);
  const node = nodeOfToken(platform, token);
  const username = node && (await node.portal.subjectOf(token!, 'staff', now));
  const account = username ? await node!.portal.store.staff(username) : undefined;
  if (!node || !account) throw unauthorized('请先登录经办系统（会话不存在或已过期）');
  return { account, node };
}

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). Its lifetime is
 * relative (Max-Age), not a date: a browser whose clock differs from the server's still keeps it as long.
 */
export function setSessionCookie(reply: FastifyReply, session: OpenedSession, now: Date): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: Math.max(0, Math.round((session.expires_at.getTime() - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
