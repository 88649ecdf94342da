// 预付金 in the console (my province's fund, deposits) and on the public dashboard (every province, trial balance).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../core/ledger/index.ts';
import { describeDecimalProblem, fenToYuan, parseYuan } from '../../core/money.ts';
import type { HubRestContext } from './context.ts';
import { registerPrepaidCollections } from './prepaid-collections.ts';
import { PrepaidSchema, viewOf, Yuan } from './prepaid-view.ts';
import { ApiProblem, badRequest, PROBLEM_SCHEMA } from './problem.ts';
import { requireProvinceWide, requireStaff } from './sessions.ts';

const errors = {
  400: PROBLEM_SCHEMA,
  401: PROBLEM_SCHEMA,
  403: PROBLEM_SCHEMA,
  409: PROBLEM_SCHEMA,
  422: PROBLEM_SCHEMA,
};
const DepositBody = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, description: '缴存金额（元，最多两位小数）' }),
    id: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: '缴存编号（幂等键）' }),
  },
  { additionalProperties: false },
);
const TrialBalanceSchema = Type.Object({
  accounts: Type.Array(
    Type.Object({
      id: Type.String(),
      debits: Yuan,
      credits: Yuan,
      balance: Yuan,
      normal: Type.Union([Type.Literal('debit'), Type.Literal('credit')]),
    }),
  ),
  debits: Yuan,
  credits: Yuan,
  balanced: Type.Boolean(),
});

/** The ledger's refusals as problem+json, naming the request field they are about. */
function problemOf(error: unknown): unknown {
  if (!(error instanceof LedgerError)) return error;
  switch (error.code) {
    case 'exists-different':
      return new ApiProblem(409, error.code, error.message, 'body.id');
    case 'amount-invalid':
      return new ApiProblem(400, error.code, error.message, 'body.amount');
    case 'account-invalid':
      return new ApiProblem(400, error.code, error.message, 'body.id');
    default:
      return new ApiProblem(422, error.code, error.message);
  }
}

export function registerPrepaidFunds(app: FastifyInstance, context: HubRestContext): void {
  const { platform } = context;
  const ledger = platform.hub.ledger;

  app.get(
    '/api/console/prepaid',
    {
      schema: {
        tags: ['console'],
        summary: '本省预付金：余额、应缴额度、使用率、预警与紧急调增通知',
        response: { 200: PrepaidSchema, ...errors },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), ['clearing_officer', 'auditor']);
      return viewOf(await ledger.prepaidStatus(caller.node.province, { as_of: context.now() }));
    },
  );

  app.post<{ Body: Static<typeof DepositBody> }>(
    '/api/console/prepaid/deposits',
    {
      schema: {
        tags: ['console'],
        summary: '登记本省预付金缴存（按编号幂等：同一编号重复提交只入账一次）',
        body: DepositBody,
        response: {
          200: Type.Object({
            id: Type.String(),
            amount: Yuan,
            replayed: Type.Boolean(),
            prepaid: PrepaidSchema,
          }),
          201: Type.Object({
            id: Type.String(),
            amount: Yuan,
            replayed: Type.Boolean(),
            prepaid: PrepaidSchema,
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'clearing_officer');
      // The fund is the province's: a clerk of one pooling region sees it but does not deposit into it.
      requireProvinceWide(caller, '预付金缴存');
      const amount = parseYuan(request.body.amount);
      if (!amount.ok) throw badRequest('body.amount', describeDecimalProblem(amount.problem));
      const province = caller.node.province;
      try {
        const { transfer, replayed } = await ledger.deposit(province, amount.value, request.body.id);
        const prepaid = viewOf(await ledger.prepaidStatus(province, { as_of: context.now() }));
        return reply
          .code(replayed ? 200 : 201)
          .send({ id: request.body.id, amount: fenToYuan(transfer.amount_fen), replayed, prepaid });
      } catch (error) {
        throw problemOf(error);
      }
    },
  );

  registerPrepaidCollections(app, context);

  app.get(
    '/api/public/prepaid',
    {
      schema: {
        tags: ['public'],
        summary: '各省预付金与预警（全国监测）',
        response: { 200: Type.Object({ provinces: Type.Array(PrepaidSchema) }) },
      },
    },
    async () => ({ provinces: (await ledger.prepaidStatuses({ as_of: context.now() })).map(viewOf) }),
  );

  app.get(
    '/api/public/ledger/trial-balance',
    {
      schema: {
        tags: ['public'],
        summary: '清算账簿试算平衡：各账户借贷发生额与余额，借贷合计必须相等',
        response: { 200: TrialBalanceSchema },
      },
    },
    async () => {
      const trial = await ledger.trialBalance();
      return {
        accounts: trial.accounts.map((a) => ({
          id: a.id,
          debits: fenToYuan(a.debits_posted_fen),
          credits: fenToYuan(a.credits_posted_fen),
          balance: fenToYuan(a.balance_fen),
          normal: a.normal,
        })),
        debits: fenToYuan(trial.debits_fen),
        credits: fenToYuan(trial.credits_fen),
        balanced: trial.balanced,
      };
    },
  );
}
