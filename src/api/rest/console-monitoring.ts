// 医疗行为监控 in the console: per institution × insured province over a month range, and the alert list
// (docs/audit.md, "Monitoring"). The province's staff see all its institutions; a pooling region's clerk its own.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { fenToYuan } from '../../core/money.ts';
import {
  DEFAULT_MONITORING_SETTINGS,
  daysBefore,
  monitor,
  monthAfter,
  monthsBetween,
  scopeReport,
} from '../../core/monitoring/monitoring.ts';
import { MonitoringStore } from '../../store/monitoring-store.ts';
import { CONSOLE_ERRORS, Nullable } from './console-params.ts';
import type { RestContext } from './context.ts';
import { Yuan } from './prepaid-view.ts';
import { badRequest } from './problem.ts';
import { requireStaff } from './sessions.ts';

const tags = ['console'];
/** The longest range one request covers, in months. */
export const MAX_MONITORING_MONTHS = 12;

const Month = (description: string) =>
  Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: `${description}（yyyy-MM）` });

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
            settings: Type.Object({
              cost_over_norm_bp: Type.Integer(),
              selfpaid_share_bp: Type.Integer(),
              readmission_days: Type.Integer(),
              high_cost_fen: Type.Integer(),
              norm_fen: Nullable(Type.Integer()),
            }),
            norm_cost: Nullable(Yuan),
            institutions: Type.Array(Institution),
            alerts: Type.Array(Alert),
          }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now());
      const { account, node } = caller;
      const { from, to } = request.query;
      const months = monthsBetween(from, to);
      if (months < 1) throw badRequest('querystring.to', `截止月份${to}早于起始月份${from}`);
      if (months > MAX_MONITORING_MONTHS)
        throw badRequest('querystring.to', `查询范围${months}个月，最多${MAX_MONITORING_MONTHS}个月`);
      const settings = DEFAULT_MONITORING_SETTINGS;
      const since = `${from}-01`;
      const lookback = daysBefore(since, settings.readmission_days);
      const store = new MonitoringStore(platform.db, node.province);
      const range = { since, until: monthAfter(to), lookback };
      const [groups, stays] = await Promise.all([store.groups(range), store.stays(range)]);
      const whole = monitor({ groups, stays, since }, settings);
      // A pooling region's clerk sees its own institutions (the norm stays the province's).
      const report =
        account.scope_admdvs === node.province ? whole : scopeReport(whole, account.scope_admdvs);
      const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuan(fen));
      return {
        province: node.province,
        from,
        to,
        settings,
        norm_cost: yuanOrNull(report.norm_fen),
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
}
