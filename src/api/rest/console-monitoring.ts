// 医疗行为监控 in the console: per institution × insured province over a month range, the alert list, and the
// province's thresholds (docs/audit.md, "Monitoring"). The province's staff see all its institutions; a pooling
// region's clerk its own; only province-wide staff change the thresholds.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { fenToYuan } from '../../core/money.ts';
import {
  daysBefore,
  monitor,
  monthAfter,
  monthsBetween,
  scopeReport,
  summarize,
} from '../../core/monitoring/monitoring.ts';
import { settingsOf, validateMonitoringSettings } from '../../core/monitoring/settings.ts';
import { MonitoringStore } from '../../store/monitoring-store.ts';
import { CONSOLE_ERRORS, Nullable } from './console-params.ts';
import type { RestContext } from './context.ts';
import { Yuan } from './prepaid-view.ts';
import { badRequest, PROBLEM_SCHEMA } from './problem.ts';
import { isProvinceWide, requireProvinceWide, requireStaff, type StaffRole } from './sessions.ts';

/** 稽核 reads and changes; the auditor (审计员) reads. */
const MONITORING_READERS: readonly StaffRole[] = ['audit_officer', 'auditor'];

const tags = ['console'];
/** The longest range one request covers, in months. */
export const MAX_MONITORING_MONTHS = 12;

const Month = (description: string) =>
  Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: `${description}（yyyy-MM）` });

const Settings = Type.Object({
  cost_over_norm_bp: Type.Integer({ description: '住院次均费用高于标准的预警阈值，基点（3000 = 30%）' }),
  selfpaid_share_bp: Type.Integer({ description: '自付比例预警阈值，基点（2000 = 20%）' }),
  readmission_days: Type.Integer({ description: '出院后第N天内再入院为再入院（含第N天）' }),
  high_cost_fen: Type.Integer({ description: '一次住院医疗费用高于此为大额费用，分' }),
  norm_fen: Nullable(Type.Integer({ description: '住院次均费用标准，分；null 为本省同期平均' })),
});
const SettingsBody = Type.Unknown({
  description:
    '监控阈值设置文档：{"cost_over_norm_bp", "selfpaid_share_bp", "readmission_days", "high_cost_fen", "norm_fen"}，均可省略，省略的按默认（docs/audit.md）',
});
const SettingsAnswer = Type.Object({
  province: Type.String(),
  doc: Type.Unknown({ description: '本省写入的设置文档；未设置时为 {}' }),
  effective: Settings,
  updated_by: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
});
/** A refused settings document: every problem, the first one's field named. */
const SETTINGS_PROBLEM = {
  ...PROBLEM_SCHEMA,
  properties: { ...PROBLEM_SCHEMA.properties, problems: { type: 'array', items: { type: 'string' } } },
} as const;

const bodyPath = (path: string): string =>
  path === '' ? 'body' : path.startsWith('[') ? `body${path}` : `body.${path}`;

const Institution = Type.Object({
  fixmedins_code: Type.String(),
  fixmedins_name: Type.String(),
  pooling_admdvs: Type.String({ description: '机构所在统筹区' }),
  insured_province: Type.String({ description: '参保省份（XX0000）' }),
  settlements: Type.Integer({ description: '结算笔数（已扣除撤销）' }),
  medfee_sumamt: Yuan,
  selfpaid_amt: { ...Yuan, description: '全自费＋超限价＋先行自付，元' },
  selfpaid_share_bp: Nullable(Type.Integer({ description: '自付占医疗费用比例，基点' })),
  inpatient_admissions: Type.Integer({ description: '住院结算人次（已扣除撤销）' }),
  average_cost: Nullable({ ...Yuan, description: '住院次均费用，元' }),
  norm_cost: Nullable({ ...Yuan, description: '本省住院次均费用标准，元' }),
  over_norm_bp: Nullable(Type.Integer({ description: '次均费用高出标准的比例，基点（负数为低于）' })),
});
const Summary = Type.Object({
  settlements: Type.Integer({ description: '结算笔数（已扣除撤销）' }),
  medfee_sumamt: Yuan,
  selfpaid_amt: Yuan,
  selfpaid_share_bp: Nullable(Type.Integer({ description: '自付占医疗费用比例，基点' })),
  inpatient_admissions: Type.Integer(),
  average_cost: Nullable({ ...Yuan, description: '住院次均费用，元' }),
  alerts: Type.Integer({ description: '预警条数' }),
  alerts_by_kind: Type.Record(Type.String(), Type.Integer()),
});
const PerInstitution = Type.Object({
  fixmedins_code: Type.String(),
  fixmedins_name: Type.String(),
  inpatient_admissions: Type.Integer(),
  average_cost: Nullable({ ...Yuan, description: '各参保省合计的住院次均费用，元' }),
  over_norm_bp: Nullable(Type.Integer()),
});
const Alert = Type.Object({
  kind: Type.Union(
    ['cost-over-norm', 'selfpaid-share', 'readmission', 'high-cost'].map((k) => Type.Literal(k)),
    { description: '次均费用超标 / 自付比例过高 / 15天内再入院 / 大额费用' },
  ),
  fixmedins_code: Type.String(),
  pooling_admdvs: Type.String(),
  insured_province: Type.String(),
  mdtrt_id: Nullable(Type.String()),
  psn_no: Nullable(Type.String()),
  figures: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), {
    description: '金额为分（_fen），比例为基点（_bp），天数',
  }),
  explanation: Type.String(),
});

export function registerConsoleMonitoring(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/console/monitoring',
    {
      schema: {
        tags,
        summary:
          '医疗行为监控：异地就医按机构×参保省的结算、住院次均费用对比本省标准、自付比例、15天内再入院、大额费用，及预警清单',
        querystring: Type.Object(
          { from: Month('起始月份'), to: Month('截止月份，含') },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            province: Type.String(),
            from: Type.String(),
            to: Type.String(),
            settings: Settings,
            norm_cost: Nullable(Yuan),
            summary: Summary,
            per_institution: Type.Array(PerInstitution, {
              description: '按机构（合计各参保省）的住院次均费用',
            }),
            institutions: Type.Array(Institution),
            alerts: Type.Array(Alert),
          }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), MONITORING_READERS);
      const { account, node } = caller;
      const { from, to } = request.query;
      const months = monthsBetween(from, to);
      if (months < 1) throw badRequest('querystring.to', `截止月份${to}早于起始月份${from}`);
      if (months > MAX_MONITORING_MONTHS)
        throw badRequest('querystring.to', `查询范围${months}个月，最多${MAX_MONITORING_MONTHS}个月`);
      const store = new MonitoringStore(platform.db, node.province);
      const settings = settingsOf((await store.settings())?.doc);
      const since = `${from}-01`;
      const lookback = daysBefore(since, settings.readmission_days);
      const range = { since, until: monthAfter(to), lookback };
      const [groups, stays] = await Promise.all([store.groups(range), store.stays(range)]);
      const whole = monitor({ groups, stays, since }, settings);
      // A pooling region's clerk sees its own institutions (the norm stays the province's).
      const report = isProvinceWide(caller) ? whole : scopeReport(whole, account.scope_admdvs);
      const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuan(fen));
      const summary = summarize(report);
      return {
        province: node.province,
        from,
        to,
        settings,
        norm_cost: yuanOrNull(report.norm_fen),
        summary: {
          settlements: summary.settlements,
          medfee_sumamt: fenToYuan(summary.medfee_fen),
          selfpaid_amt: fenToYuan(summary.selfpaid_fen),
          selfpaid_share_bp: summary.selfpaid_share_bp,
          inpatient_admissions: summary.inpatient_admissions,
          average_cost: yuanOrNull(summary.average_fen),
          alerts: summary.alerts,
          alerts_by_kind: summary.alerts_by_kind,
        },
        per_institution: summary.per_institution.map((f) => ({
          fixmedins_code: f.fixmedins_code,
          fixmedins_name: f.fixmedins_name,
          inpatient_admissions: f.inpatient_admissions,
          average_cost: yuanOrNull(f.average_fen),
          over_norm_bp: f.over_norm_bp,
        })),
        institutions: report.institutions.map((f) => ({
          fixmedins_code: f.fixmedins_code,
          fixmedins_name: f.fixmedins_name,
          pooling_admdvs: f.pooling_admdvs,
          insured_province: f.insured_province,
          settlements: f.settlements,
          medfee_sumamt: fenToYuan(f.medfee_fen),
          selfpaid_amt: fenToYuan(f.selfpaid_fen),
          selfpaid_share_bp: f.selfpaid_share_bp,
          inpatient_admissions: f.inpatient_admissions,
          average_cost: yuanOrNull(f.average_fen),
          norm_cost: yuanOrNull(f.norm_fen),
          over_norm_bp: f.over_norm_bp,
        })),
        alerts: report.alerts,
      };
    },
  );
  const settingsAnswer = async (store: MonitoringStore, province: string) => {
    const stored = await store.settings();
    return {
      province,
      doc: stored?.doc ?? {},
      effective: settingsOf(stored?.doc),
      updated_by: stored?.updated_by ?? null,
      updated_at: stored?.updated_at ?? null,
    };
  };

  app.get(
    '/api/console/monitoring/settings',
    {
      schema: {
        tags,
        summary: '监控阈值：本省写入的文档与合并默认后的生效阈值',
        response: { 200: SettingsAnswer, ...CONSOLE_ERRORS },
      },
    },
    async (request) => {
      const { node } = await requireStaff(request, platform, context.now(), MONITORING_READERS);
      return settingsAnswer(new MonitoringStore(platform.db, node.province), node.province);
    },
  );

  app.put<{ Body: unknown }>(
    '/api/console/monitoring/settings',
    {
      schema: {
        tags,
        summary: '监控阈值生效：校验无误后替换本省阈值，此后的监控查询即按新阈值预警；有问题则422并列出问题',
        body: SettingsBody,
        response: { 200: SettingsAnswer, ...CONSOLE_ERRORS, 422: SETTINGS_PROBLEM },
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'audit_officer');
      const { account, node } = caller;
      requireProvinceWide(caller, '监控阈值设置');
      const checked = validateMonitoringSettings(request.body);
      if (!checked.ok) {
        const problems = checked.problems.map((p) => `${bodyPath(p.path)}：${p.message}`);
        return reply
          .code(422)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'monitoring-settings-invalid',
            status: 422,
            code: 'monitoring-settings-invalid',
            detail: problems[0],
            field: bodyPath(checked.problems[0]!.path),
            problems,
          });
      }
      const store = new MonitoringStore(platform.db, node.province);
      await store.putSettings(request.body, account.username);
      return settingsAnswer(store, node.province);
    },
  );
}
