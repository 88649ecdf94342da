// Records the audit trail centrally: every state change and every read of personal data, JSON API and HIS alike,
// seen once the answer has gone (onResponse) and queued on its node's chain (docs/SECURITY.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActorKind, AuditEntryInput, AuditKind } from '../../core/audit-trail/chain.ts';
import { classifyHis, classifyRoute, hisSources, subjectOf } from '../../core/audit-trail/classify.ts';
import { AuditRecorder } from '../../core/audit-trail/recorder.ts';
import { formatChinaDateTime } from '../../core/time.ts';
import { NationalHub } from '../../hub/national-hub.ts';
import { provinceOfToken } from '../../node/portal-service.ts';
import type { NodesPlatform } from '../../platform.ts';
import { AuditTrailStore } from '../../store/audit-trail-store.ts';
import { HUB_SCHEMA, nodeSchema } from '../../store/schemas.ts';
import { HIS_PATH } from '../his/route.ts';
import { tokenOf } from './sessions.ts';

/** The chain of the national hub's own routes; every other chain is named by its province. */
export const HUB_CHAIN = 'hub';
const RATE_LIMITED = 429;

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit trail's recorder: flush() before reading what was just recorded. */
    auditTrail: AuditRecorder;
  }
}

interface Actor {
  readonly kind: ActorKind;
  readonly id: string | null;
  readonly role: string | null;
  readonly province: string | null;
}

interface Seen {
  /** A login's answer: the session it opened. */
  token?: string;
  /** Resolved before the handler (logout closes the session it is asked with). */
  actor?: Actor;
  /** The HIS answer's infcode and, for 1101, the person it found. */
  infcode?: number;
  hisPsnNo?: string;
}

const NOBODY: Actor = { kind: 'anonymous', id: null, role: null, province: null };
const isLogin = (route: string) => route.endsWith('/login');
const isLogout = (route: string) => route.endsWith('/logout');

/** The staff member's roles as the trail writes them: `auditor,filing_reviewer`, or 'staff' for an account without any. */
function rolesText(account: { readonly roles: readonly string[] }): string {
  return account.roles.length > 0 ? [...account.roles].sort().join(',') : 'staff';
}

export function registerAuditTrailHook(
  app: FastifyInstance,
  platform: NodesPlatform,
  clock: () => Date = () => new Date(),
): AuditRecorder {
  const hasHub = platform.hub instanceof NationalHub;
  const recorder = new AuditRecorder(
    (chain) => new AuditTrailStore(platform.db, chain === HUB_CHAIN ? HUB_SCHEMA : nodeSchema(chain)),
    (error, chain, dropped) =>
      app.log.error(
        { err: error, chain, dropped },
        dropped > 0 ? 'audit trail: entries lost' : 'audit trail: append failed, retrying',
      ),
  );
  app.decorate('auditTrail', recorder);
  const seen = new WeakMap<FastifyRequest, Seen>();

  async function actorOf(
    request: FastifyRequest,
    token: string | undefined,
    portalFirst: boolean,
  ): Promise<Actor> {
    const province = token ? provinceOfToken(token) : undefined;
    const node = province ? platform.nodes.get(province) : undefined;
    if (!token || !node) return NOBODY;
    const now = clock();
    const asPerson = async (): Promise<Actor | undefined> => {
      const psnNo = await node.portal.subjectOf(token, 'portal', now);
      return psnNo ? { kind: 'person', id: psnNo, role: 'person', province: node.province } : undefined;
    };
    const asStaff = async (): Promise<Actor | undefined> => {
      const username = await node.portal.subjectOf(token, 'staff', now);
      const account = username ? await node.portal.store.staff(username) : undefined;
      return account
        ? { kind: 'staff', id: account.username, role: rolesText(account), province: node.province }
        : undefined;
    };
    try {
      const first = portalFirst ? await asPerson() : await asStaff();
      return first ?? (portalFirst ? await asStaff() : await asPerson()) ?? NOBODY;
    } catch (error) {
      request.log.warn({ err: error }, 'audit trail: caller not resolved');
      return NOBODY;
    }
  }

  /** The node a request without a session belongs to: the province its ids name, or the only node here. */
  function chainOf(
    actor: Actor,
    national: boolean,
    hints: readonly (string | null | undefined)[],
  ): string | undefined {
    if (national && hasHub) return HUB_CHAIN;
    if (actor.province && platform.nodes.has(actor.province)) return actor.province;
    for (const hint of hints) {
      const province = hint && /^\d{2}/.test(hint) ? `${hint.slice(0, 2)}0000` : undefined;
      if (province && platform.nodes.has(province)) return province;
    }
    if (platform.nodes.size === 1) return [...platform.nodes.keys()][0];
    return hasHub ? HUB_CHAIN : undefined;
  }

  const stamp = (): Pick<AuditEntryInput, 'at' | 'at_china'> => {
    const at = clock();
    return {
      at: at.toISOString(),
      at_china: `${formatChinaDateTime(at.getTime())}.${String(at.getUTCMilliseconds()).padStart(3, '0')}`,
    };
  };

  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (route && isLogout(route)) {
      seen.set(request, { actor: await actorOf(request, tokenOf(request), route.startsWith('/api/portal')) });
    }
  });

  // The answer as the handler gave it, before it is serialised: no parsing, whatever the answer's key order.
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const route = request.routeOptions.url;
    const answer = payload as Record<string, unknown> | null;
    if (!route || answer === null || typeof answer !== 'object') return payload;
    if (route === HIS_PATH) {
      const state: Seen = typeof answer.infcode === 'number' ? { infcode: answer.infcode } : {};
      const found = (answer.output as { baseinfo?: { psn_no?: unknown } } | null | undefined)?.baseinfo
        ?.psn_no;
      if (typeof found === 'string' && /^[\w-]{1,64}$/.test(found)) state.hisPsnNo = found;
      seen.set(request, state);
    } else if (isLogin(route) && typeof answer.token === 'string') {
      seen.set(request, { token: answer.token });
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    try {
      const route = request.routeOptions.url;
      // A request refused by the rate limit never reached a handler; a flood of them is the limiter's to count.
      if (!route || reply.statusCode === RATE_LIMITED) return;
      const entry =
        route === HIS_PATH
          ? hisEntry(request, reply.statusCode)
          : await apiEntry(request, route, reply.statusCode);
      if (entry) await recorder.record(entry.chain, entry.entry);
    } catch (error) {
      request.log.error({ err: error }, 'audit trail: request not recorded');
    }
  });

  function hisEntry(
    request: FastifyRequest,
    status: number,
  ): { chain: string; entry: AuditEntryInput } | undefined {
    const body = request.body as Record<string, unknown> | undefined;
    const infno =
      typeof body?.infno === 'string' || typeof body?.infno === 'number' ? String(body.infno) : undefined;
    const region = typeof body?.mdtrtarea_admvs === 'string' ? body.mdtrtarea_admvs : undefined;
    // An envelope that names no transaction or no region of ours reached nobody's data: not recorded.
    if (!infno || !/^\d{4}$/.test(infno) || !region || !/^\d{6}$/.test(region)) return undefined;
    const province = `${region.slice(0, 2)}0000`;
    const kind: AuditKind | undefined = classifyHis(infno);
    if (!kind || !platform.nodes.has(province)) return undefined;
    const state = seen.get(request);
    const subject = subjectOf(...hisSources(body));
    const text = (field: string) =>
      typeof body?.[field] === 'string' ? (body[field] as string).slice(0, 64) : '?';
    return {
      chain: province,
      entry: {
        ...stamp(),
        actor_kind: 'institution',
        actor: `${text('fixmedins_code')}/${text('opter')}`,
        role: 'institution',
        actor_province: province,
        action: `HIS ${infno}`,
        kind,
        psn_no: subject.psn_no ?? state?.hisPsnNo ?? null,
        certno_masked: subject.certno_masked,
        refs: subject.refs,
        ip: request.ip,
        status,
        infcode: state?.infcode ?? null,
      },
    };
  }

  async function apiEntry(
    request: FastifyRequest,
    route: string,
    status: number,
  ): Promise<{ chain: string; entry: AuditEntryInput } | undefined> {
    const classified = classifyRoute(request.method, route);
    if (!classified) return undefined;
    const state = seen.get(request);
    const portal = route.startsWith('/api/portal');
    const actor = state?.actor ?? (await actorOf(request, state?.token ?? tokenOf(request), portal));
    const subject = subjectOf(request.params, request.query, request.body);
    // A person reads their own data: the person concerned is the caller.
    const psnNo = subject.psn_no ?? (actor.kind === 'person' ? actor.id : null);
    const chain = chainOf(actor, classified.chain === 'hub', [
      psnNo,
      /setl_id=(\d{2})/.exec(subject.refs ?? '')?.[1],
    ]);
    if (!chain) return undefined;
    return {
      chain,
      entry: {
        ...stamp(),
        actor_kind: actor.kind,
        actor: actor.id,
        role: actor.role,
        actor_province: actor.province,
        action: `${request.method} ${route}`,
        kind: classified.kind,
        psn_no: psnNo,
        certno_masked: subject.certno_masked,
        refs: subject.refs,
        ip: request.ip,
        status,
        infcode: null,
      },
    };
  }

  app.addHook('onClose', async () => {
    await recorder.close();
  });
  return recorder;
}
