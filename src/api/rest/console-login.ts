// 经办机构 console login: a staff account of one node, scoped to its province or one pooling region.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RestContext } from './context.ts';
import { refuseLocked, throttleOf } from './login-throttle.ts';
import { PROBLEM_SCHEMA, unauthorized } from './problem.ts';
import { clearSessionCookie, requireStaff, setSessionCookie, tokenOf } from './sessions.ts';

export function registerConsoleLogin(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const throttle = throttleOf(platform);
  app.post<{ Body: { username: string; password: string } }>(
    '/api/console/login',
    {
      schema: {
        tags: ['console'],
        summary: '经办人员登录',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 400: PROBLEM_SCHEMA, 401: PROBLEM_SCHEMA, 429: PROBLEM_SCHEMA },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const now = context.now();
      // Throttling (login-throttle.ts): a locked account or address is refused before its password is looked at.
      const account = throttle && { key: `console-account:${username}`, rule: throttle.settings.account };
      const keys = throttle
        ? [account!, { key: `console-ip:${request.ip}`, rule: throttle.settings.address }]
        : [];
      const locked = throttle && (await throttle.lockedUntil(keys, now));
      if (locked) throw refuseLocked(reply, locked, now, '登录失败次数过多，已暂时锁定');
      // Usernames are unique per node; the account lives on the node of its province.
      for (const node of platform.nodes.values()) {
        if (!(await node.portal.store.staff(username))) continue;
        const login = await node.portal.loginStaff(username, password, now);
        if (!login) break;
        if (account) await throttle?.clear([account]);
        setSessionCookie(reply, login.session, now);
        return {
          token: login.session.token,
          expires_at: login.session.expires_at.toISOString(),
          staff: {
            username,
            name: login.account.name,
            province: node.province,
            scope_admdvs: login.account.scope_admdvs,
            roles: login.account.roles,
          },
        };
      }
      await throttle?.count(keys, now);
      throw unauthorized('用户名或密码不正确');
    },
  );

  app.post(
    '/api/console/logout',
    { schema: { tags: ['console'], summary: '退出登录' } },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'any');
      await caller.node.portal.logout(tokenOf(request)!);
      clearSessionCookie(reply);
      return { ok: true };
    },
  );
}
