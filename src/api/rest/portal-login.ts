// 参保人服务 login: ID number with a password from the dataset or a one-time code; logout; who am I.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { identityOf } from '../../node/insured-service.ts';
import type { RestContext } from './context.ts';
import { refuseLocked, type ThrottleKey, throttleOf } from './login-throttle.ts';
import { badRequest, PROBLEM_SCHEMA, unauthorized } from './problem.ts';
import { clearSessionCookie, requirePerson, setSessionCookie, tokenOf } from './sessions.ts';

const Certno = Type.String({ pattern: '^\\d{17}[\\dX]$', description: '居民身份证号码' });
const errors = { 400: PROBLEM_SCHEMA, 401: PROBLEM_SCHEMA, 429: PROBLEM_SCHEMA };
const WRONG = '身份证号码或密码（验证码）不正确';

export function registerPortalLogin(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const throttle = throttleOf(platform);
  const rules = throttle?.settings;
  const accountKey = (certno: string): ThrottleKey => ({
    key: `portal-account:${certno}`,
    rule: rules!.account,
  });
  const addressKey = (ip: string): ThrottleKey => ({ key: `portal-ip:${ip}`, rule: rules!.address });
  const codeKeys = (certno: string, ip: string): ThrottleKey[] => [
    { key: `portal-code:${certno}`, rule: rules!.code_requests },
    { key: `portal-code-ip:${ip}`, rule: rules!.code_requests_per_address },
  ];
  const personsOf = async (certno: string) =>
    (await platform.hub.locatePerson({ kind: 'certno', value: certno }))?.persons ?? [];

  app.post<{ Body: { certno: string } }>(
    '/api/portal/login-code',
    {
      schema: {
        tags: ['portal'],
        summary: '获取登录验证码（演示环境在页面上显示验证码，生产环境以短信发送）',
        body: Type.Object({ certno: Certno }, { additionalProperties: false }),
        response: { 400: PROBLEM_SCHEMA, 429: PROBLEM_SCHEMA },
      },
    },
    async (request, reply) => {
      const now = context.now();
      // Every request counts, of an ID number that exists or not: codes cost an SMS each and must not be sprayed.
      if (throttle) {
        const keys = codeKeys(request.body.certno, request.ip);
        const locked = await throttle.lockedUntil(keys, now);
        if (locked) throw refuseLocked(reply, locked, now, '获取验证码过于频繁，已暂时停止发送');
        await throttle.count(keys, now);
      }
      const [person] = await personsOf(request.body.certno);
      // The same answer whether or not the person exists: the endpoint must not tell who is insured.
      if (!person) return { sent: true, expires_at: new Date(now.getTime() + 300_000).toISOString() };
      const node = platform.nodes.get(`${person.insuplc_admdvs.slice(0, 2)}0000`)!;
      const issued = await node.portal.issueCode(request.body.certno, now);
      return {
        sent: true,
        expires_at: issued.expires_at.toISOString(),
        ...(context.showLoginCodes ? { demo_code: issued.code } : {}),
      };
    },
  );

  app.post<{ Body: { certno: string; password?: string; code?: string } }>(
    '/api/portal/login',
    {
      schema: {
        tags: ['portal'],
        summary: '登录：身份证号码 + 密码，或身份证号码 + 验证码；会话写入 HttpOnly Cookie，并返回令牌',
        body: Type.Object(
          {
            certno: Certno,
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            code: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: errors,
      },
    },
    async (request, reply) => {
      const { certno, password, code } = request.body;
      if ((password === undefined) === (code === undefined))
        throw badRequest('body.password', '请填写密码或验证码之一');
      const now = context.now();
      // A locked account or address is refused before the password is looked at: a right one does not open it.
      const keys = throttle ? [accountKey(certno), addressKey(request.ip)] : [];
      const locked = throttle && (await throttle.lockedUntil(keys, now));
      if (locked) throw refuseLocked(reply, locked, now, '登录失败次数过多，已暂时锁定');
      const persons = await personsOf(certno);
      const person = persons[0];
      const node = person && platform.nodes.get(`${person.insuplc_admdvs.slice(0, 2)}0000`);
      const session =
        node && person
          ? password !== undefined
            ? await node.portal.loginWithPassword(person.psn_no, password, now)
            : await node.portal.loginWithCode(certno, person.psn_no, code!, now)
          : undefined;
      if (!session) {
        await throttle?.count(keys, now);
        throw unauthorized(WRONG);
      }
      await throttle?.clear([accountKey(certno), ...codeKeys(certno, request.ip).slice(0, 1)]);
      setSessionCookie(reply, session, now);
      return {
        token: session.token,
        expires_at: session.expires_at.toISOString(),
        person: identityOf(person!),
      };
    },
  );

  app.post(
    '/api/portal/logout',
    { schema: { tags: ['portal'], summary: '退出登录' } },
    async (request, reply) => {
      const caller = await requirePerson(request, platform, context.now());
      await caller.node.portal.logout(tokenOf(request)!);
      clearSessionCookie(reply);
      return { ok: true };
    },
  );

  app.get(
    '/api/portal/me',
    {
      schema: {
        tags: ['portal'],
        summary: '当前参保人：基本信息与各险种参保情况',
        response: { 401: PROBLEM_SCHEMA },
      },
    },
    async (request) => {
      const caller = await requirePerson(request, platform, context.now());
      const persons = await caller.node.filings.store.persons(caller.psn_no);
      return {
        person: identityOf(persons[0]!),
        insurances: persons.map((p) => ({
          insutype: p.insutype,
          insuplc_admdvs: p.insuplc_admdvs,
          psn_type: p.psn_type,
          psn_insu_stas: p.psn_insu_stas,
          emp_name: p.emp_name ?? null,
        })),
      };
    },
  );
}
