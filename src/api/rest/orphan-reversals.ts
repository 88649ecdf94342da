// 对账撤回 in the console: the decisions this province's insured node reverted because no settlement was stored for them.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { fenToYuan } from '../../core/money.ts';
import { isInScope } from './console-filings.ts';
import type { RestContext } from './context.ts';
import { Yuan } from './prepaid-view.ts';
import { problemResponses } from './problem.ts';
import { requireStaff } from './sessions.ts';

const MAX_LIMIT = 1_000;

const Reversal = Type.Object({
  decision_key: Type.String({ description: '待遇决定键 <fixmedins_code>:<msgid>' }),
  psn_no: Type.String(),
  insutype: Type.String(),
  insuplc_admdvs: Type.String({ description: '参保地医保区划' }),
  treatment_admdvs: Type.String({ description: '就医地医保区划' }),
  mdtrt_id: Type.Union([Type.String(), Type.Null()]),
  setl_time: Type.Union([Type.String(), Type.Null()], { description: '结算时间（就医地）' }),
  medfee_sumamt: Yuan,
  fund_pay_sumamt: Yuan,
  acct_pay: Yuan,
  psn_cash_pay: Yuan,
  decided_at: Type.String({ description: '参保地作出待遇决定的时间（北京时间）' }),
  detected_at: Type.String({ description: '对账发现并撤回的时间（北京时间）' }),
  reverted_time: Type.String({ description: '撤回计入清算的时间（即结算时间）' }),
  reason: Type.String(),
});

export function registerOrphanReversals(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  app.get<{ Querystring: { limit?: number } }>(
    '/api/console/orphan-reversals',
    {
      schema: {
        tags: ['console'],
        summary: '对账撤回的待遇决定（就医地超过宽限期仍无结算记录，已按冲正撤回；最近的在前）',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ province: Type.String(), items: Type.Array(Reversal) }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), ['clearing_officer', 'auditor']);
      const rows = await caller.node.orphans.reversals({ limit: request.query.limit ?? 100 });
      return {
        province: caller.node.province,
        // A pooling region's clerk sees its own region's insured only; the province's sees all.
        items: rows
          .filter((r) => isInScope(r.insuplc_admdvs, caller.account))
          .map((r) => ({
            decision_key: r.decision_key,
            psn_no: r.psn_no,
            insutype: r.insutype,
            insuplc_admdvs: r.insuplc_admdvs,
            treatment_admdvs: r.treatment_admdvs,
            mdtrt_id: r.mdtrt_id,
            setl_time: r.setl_time,
            medfee_sumamt: fenToYuan(r.medfee_fen),
            fund_pay_sumamt: fenToYuan(r.fund_pay_fen),
            acct_pay: fenToYuan(r.acct_pay_fen),
            psn_cash_pay: fenToYuan(r.psn_cash_fen),
            decided_at: r.decided_at,
            detected_at: r.detected_at,
            reverted_time: r.reverted_time,
            reason: r.reason,
          })),
      };
    },
  );
}
