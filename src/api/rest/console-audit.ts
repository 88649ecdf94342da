// 智能审核 in the console: the province's rule settings (read by everyone of the province, changed by its own staff)
// and the hits of fee uploads, newest first (docs/audit.md, "In the HIS interface").
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SEVERITIES, type Severity } from '../../core/audit/model.ts';
import { validateAuditSettings } from '../../core/audit/settings.ts';
import { CONSOLE_ERRORS, Nullable } from './console-params.ts';
import type { RestContext } from './context.ts';
import { PROBLEM_SCHEMA } from './problem.ts';
import { isProvinceWide, requireProvinceWide, requireStaff, type StaffRole } from './sessions.ts';

/** 稽核 reads and changes; the auditor (审计员) reads. */
const AUDIT_READERS: readonly StaffRole[] = ['audit_officer', 'auditor'];

const tags = ['console'];
const MAX_LIMIT = 1_000;
const DEFAULT_LIMIT = 100;

const SettingsBody = Type.Unknown({
  description:
    '审核规则设置文档：{"rules": {<规则id>: {"enabled", "severity", "params"}}}，未写的按全国默认（docs/audit.md）',
});
const SettingsAnswer = Type.Object({
  province: Type.String(),
  doc: Type.Unknown({ description: '本省写入的设置文档；未设置时为 {}' }),
  effective: Type.Unknown({
    description: '合并全国默认后的生效设置（比例为基点 _bp，数量×10⁴ _e4）',
  }),
  updated_by: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
});
const Hit = Type.Object({
  rule: Type.String({ description: '规则id' }),
  severity: Type.String({ description: 'warning / refuse / review' }),
  mdtrt_id: Type.String(),
  fixmedins_code: Type.String(),
  pooling_admdvs: Type.String({ description: '机构所在统筹区' }),
  insuplc_admdvs: Type.String({ description: '参保地医保区划' }),
  line_index: Type.Integer({ description: '该次上传feedetail中的下标' }),
  feedetl_sn: Type.String(),
  explanation: Type.String(),
  data: Type.Unknown({ description: '金额为分，数量×10⁴，单价×10⁶' }),
  msgid: Type.String(),
  at: Type.String({ description: '审核时间（ISO）' }),
});
/** A refused settings document: every problem, the first one's field named. */
const SETTINGS_PROBLEM = {
  ...PROBLEM_SCHEMA,
  properties: { ...PROBLEM_SCHEMA.properties, problems: { type: 'array', items: { type: 'string' } } },
} as const;

const bodyPath = (path: string): string => (path === '' ? 'body' : `body.${path}`);

export function registerConsoleAudit(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;

  app.get(
    '/api/console/audit/settings',
    {
      schema: {
        tags,
        summary: '审核规则设置：本省写入的文档与合并全国默认后的生效设置',
        response: { 200: SettingsAnswer, ...CONSOLE_ERRORS },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), AUDIT_READERS);
      const { treatment } = caller.node;
      const stored = await treatment.audit.settings();
      return {
        province: caller.node.province,
        doc: stored?.doc ?? {},
        effective: await treatment.auditSettings(),
        updated_by: stored?.updated_by ?? null,
        updated_at: stored?.updated_at ?? null,
      };
    },
  );

  app.put<{ Body: unknown }>(
    '/api/console/audit/settings',
    {
      schema: {
        tags,
        summary:
          '审核规则设置生效：校验无误后替换本省设置，此后的费用上传即按新设置审核；有问题则422并列出问题',
        body: SettingsBody,
        response: { 200: SettingsAnswer, ...CONSOLE_ERRORS, 422: SETTINGS_PROBLEM },
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'audit_officer');
      const { account, node } = caller;
      requireProvinceWide(caller, '审核规则设置');
      const checked = validateAuditSettings(request.body);
      if (!checked.ok) {
        const problems = checked.problems.map((p) => `${bodyPath(p.path)}：${p.message}`);
        const field = bodyPath(checked.problems[0]!.path);
        return reply.code(422).type('application/problem+json').send({
          type: 'about:blank',
          title: 'audit-settings-invalid',
          status: 422,
          code: 'audit-settings-invalid',
          detail: problems[0],
          field,
          problems,
        });
      }
      await node.treatment.audit.putSettings(request.body, account.username);
      node.treatment.forgetAuditSettings();
      const stored = await node.treatment.audit.settings();
      return {
        province: node.province,
        doc: stored!.doc,
        effective: checked.settings,
        updated_by: stored!.updated_by,
        updated_at: stored!.updated_at,
      };
    },
  );

  app.get<{ Querystring: { limit?: number; severity?: Severity } }>(
    '/api/console/audit/hits',
    {
      schema: {
        tags,
        summary: '审核记录：本省（或本账号统筹区）机构费用上传的审核命中，最近的在前',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
            severity: Type.Optional(Type.Union(SEVERITIES.map((s) => Type.Literal(s)))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ province: Type.String(), items: Type.Array(Hit) }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), AUDIT_READERS);
      const { account, node } = caller;
      const { limit, severity } = request.query;
      const items = await node.treatment.audit.hits({
        limit: limit ?? DEFAULT_LIMIT,
        ...(severity ? { severity } : {}),
        // A pooling region's clerk sees its own region's institutions; the province's sees all.
        ...(isProvinceWide(caller) ? {} : { pooling_admdvs: account.scope_admdvs }),
      });
      return { province: node.province, items };
    },
  );
}
