// GET /api/public/stats: 全国监测 of cross-province direct settlement, computed live from every node (no login).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addMonths, MAX_STATS_MONTHS, monthSpan } from '../../core/stats/settlement-stats.ts';
import { formatChinaDateTime } from '../../core/time.ts';
import { NationalStats } from '../../hub/national-stats.ts';
import type { HubRestContext } from './context.ts';
import { badRequest, PROBLEM_SCHEMA } from './problem.ts';
import { NATIONAL_STATS_SCHEMA, nationalStatsAnswer } from './public-stats-shapes.ts';

/** Without `from`, the answer covers this many months up to `to` (the dashboard's year at a glance). */
export const DEFAULT_STATS_MONTHS = 12;

const Month = (description: string) =>
  Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: `${description}，yyyy-MM（北京时间）` });

const StatsQuery = Type.Object(
  {
    from: Type.Optional(Month(`起始月份；不填则为截止月份前 ${DEFAULT_STATS_MONTHS - 1} 个月`)),
    to: Type.Optional(Month('截止月份（含）；不填则为本月')),
  },
  { additionalProperties: false },
);

/** An unknown parameter is refused by name (Ajv would drop it); an empty one means "not given". */
async function readParameters(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (!(key in StatsQuery.properties)) throw badRequest(`querystring.${key}`, '不是可接受的查询参数');
    if (value === '') delete query[key];
  }
}

export function registerPublicStats(app: FastifyInstance, context: HubRestContext): void {
  const stats = new NationalStats(context.platform.hub, context.platform.db);

  app.get<{ Querystring: Static<typeof StatsQuery> }>(
    '/api/public/stats',
    {
      schema: {
        tags: ['public'],
        summary:
          '全国监测：跨省直接结算的结算人次、医疗费用、基金支付、人均减少垫付、实际报销比例，按月、按省、跨省流向和联网覆盖',
        querystring: StatsQuery,
        response: { 200: NATIONAL_STATS_SCHEMA, 400: PROBLEM_SCHEMA },
      },
      preValidation: readParameters,
    },
    async (request) => {
      const now = context.now().getTime();
      const to = request.query.to ?? formatChinaDateTime(now).slice(0, 7);
      const from = request.query.from ?? addMonths(to, 1 - DEFAULT_STATS_MONTHS);
      const span = monthSpan(from, to);
      if (span < 1) throw badRequest('querystring.from', `起始月份 ${from} 晚于截止月份 ${to}`);
      if (span > MAX_STATS_MONTHS)
        throw badRequest(
          'querystring.from',
          `统计区间最长 ${MAX_STATS_MONTHS} 个月（${from} 至 ${to} 为 ${span} 个月）`,
        );
      return nationalStatsAnswer(await stats.of({ from, to }), formatChinaDateTime(now));
    },
  );
}
