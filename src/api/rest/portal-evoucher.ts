// 参保人服务 医保电子凭证: POST /api/portal/evoucher gives the logged-in person a short-lived token for the QR code.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { maskName } from '../../core/masking.ts';
import type { RestContext } from './context.ts';
import { PROBLEM_SCHEMA, unauthorized } from './problem.ts';
import { requirePerson } from './sessions.ts';

const EvoucherAnswer = Type.Object({
  token: Type.String({
    pattern: '^EC\\d{2}[0-9a-f]{28}$',
    description: '电子凭证令牌（二维码内容），医院以 1101 mdtrt_cert_type 01 读取',
  }),
  expires_at: Type.String({ format: 'date-time', description: '失效时间；过期后请刷新二维码' }),
  insuplc_admdvs: Type.String({ pattern: '^\\d{6}$', description: '参保地医保区划' }),
  psn_name_masked: Type.String({ description: '脱敏姓名（二维码旁显示，如 张*国）' }),
});

export function registerPortalEvoucher(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  app.post(
    '/api/portal/evoucher',
    {
      schema: {
        tags: ['portal'],
        summary: '生成医保电子凭证（短期有效的令牌；可多次生成，先前的令牌在失效前仍然有效）',
        security: [{ session: [] }, { bearer: [] }],
        response: { 200: EvoucherAnswer, 401: PROBLEM_SCHEMA },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requirePerson(request, platform, now);
      const [person] = await caller.node.filings.store.persons(caller.psn_no);
      // A session can outlive its person (a reloaded world): a token naming nobody would only fail at the desk.
      if (!person) throw unauthorized('参保人信息已不存在，请重新登录');
      const issued = await caller.node.evouchers.issue(caller.psn_no, now);
      return {
        token: issued.token,
        expires_at: issued.expires_at.toISOString(),
        insuplc_admdvs: person.insuplc_admdvs,
        psn_name_masked: maskName(person.psn_name),
      };
    },
  );
}
