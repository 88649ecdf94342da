// 财政专户缴款 in the console: a province records that it paid what a posted clearing's collect instructions asked.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LedgerError, partOfId } from '../../core/ledger/index.ts';
import { fenToYuan } from '../../core/money.ts';
import type { HubRestContext } from './context.ts';
import { PrepaidSchema, viewOf, Yuan } from './prepaid-view.ts';
import { ApiProblem, forbidden, problemResponses } from './problem.ts';
import { requireProvinceWide, requireStaff } from './sessions.ts';

const CollectionBody = Type.Object(
  {
    period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '清算期（yyyy-MM）' }),
    province: Type.Optional(
      Type.String({ pattern: '^\\d{2}0000$', description: '缴款省份，须为本账号所在省（可省略）' }),
    ),
  },
  { additionalProperties: false },
);

const CollectionAnswer = Type.Object({
  period: Type.String(),
  province: Type.String(),
  amount: Yuan,
  replayed: Type.Boolean(),
  transfers: Type.Array(
    Type.Object({
      id: Type.String(),
      part: Type.Union([Type.Literal('fund'), Type.Literal('acct')], {
        description: 'fund 基金支付，acct 个人账户支付',
      }),
      amount: Yuan,
    }),
  ),
  prepaid: PrepaidSchema,
});

/** The ledger's refusals of a collection as problem+json: they are all about the period asked. */
function problemOf(error: unknown): unknown {
  if (!(error instanceof LedgerError)) return error;
  if (error.code === 'instruction-unknown')
    return new ApiProblem(404, error.code, error.message, 'body.period');
  if (error.code === 'exists-different') return new ApiProblem(409, error.code, error.message, 'body.period');
  return new ApiProblem(422, error.code, error.message);
}

export function registerPrepaidCollections(app: FastifyInstance, context: HubRestContext): void {
  const { platform } = context;
  const ledger = platform.hub.ledger;

  app.post<{ Body: Static<typeof CollectionBody> }>(
    '/api/console/prepaid/collections',
    {
      schema: {
        tags: ['console'],
        summary: '登记本省财政专户按清算指令缴款（预付金不足部分；按清算期幂等：重复登记只入账一次）',
        body: CollectionBody,
        response: {
          200: CollectionAnswer,
          201: CollectionAnswer,
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'clearing_officer');
      const province = caller.node.province;
      // The 财政专户 is the province's: neither a pooling region's clerk nor another province records its payment.
      requireProvinceWide(caller, '财政专户缴款登记');
      const asked = request.body.province ?? province;
      if (asked !== province)
        throw forbidden(`只能登记本省（${province}）的财政专户缴款，不能登记${asked}的`);
      const { period } = request.body;
      try {
        const collected = await ledger.recordCollection(period, province);
        const prepaid = viewOf(await ledger.prepaidStatus(province, { as_of: context.now() }));
        return reply.code(collected.replayed ? 200 : 201).send({
          period,
          province,
          amount: fenToYuan(collected.amount_fen),
          replayed: collected.replayed,
          transfers: collected.transfers.map((t) => ({
            id: t.id,
            part: partOfId(t.id),
            amount: fenToYuan(t.amount_fen),
          })),
          prepaid,
        });
      } catch (error) {
        throw problemOf(error);
      }
    },
  );
}
