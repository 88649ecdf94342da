// 月度清算 for the agency console: run a period, read it (state, pairs, differences, per-hospital statements),
// confirm it for the staff member's province (as treatment and/or insured place), and post it (a national step).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { assertPeriodClosed, ClearingError, type Side } from '../../core/clearing/machine.ts';
import { LedgerError } from '../../core/ledger/index.ts';
import { chinaDateOf, formatChinaDateTime } from '../../core/time.ts';
import type { ClearingView } from '../../hub/clearing-service.ts';
import { CONSOLE_ERRORS } from './console-params.ts';
import type { HubRestContext } from './context.ts';
import { ApiProblem, PROBLEM_SCHEMA } from './problem.ts';
import { requireProvinceWide, requireStaff, type StaffRole } from './sessions.ts';

/** The national clearing view and its statements: both sides confirm from it; the auditor reads it. */
export const CLEARING_READERS: readonly StaffRole[] = ['clearing_officer', 'national_admin', 'auditor'];
/**
 * Collecting and reconciling a closed period: the national admin, or a province's clearing officer who wants fresh
 * figures before confirming (a run changes no confirmed period, and moves no money).
 */
const CLEARING_RUNNERS: readonly StaffRole[] = ['clearing_officer', 'national_admin'];

const tags = ['console'];

const PeriodParams = Type.Object(
  {
    period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '清算期（yyyy-MM，北京时间）' }),
  },
  { additionalProperties: false },
);

const ConfirmBody = Type.Object(
  {
    sides: Type.Array(Type.Union([Type.Literal('treatment'), Type.Literal('insured')]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      description: '以本省哪一方确认：treatment 就医地、insured 参保地',
    }),
  },
  { additionalProperties: false },
);

const Totals = {
  person_times: Type.Integer({ description: '人次（撤销记 −1）' }),
  settlements: Type.Integer(),
  cancels: Type.Integer(),
  medfee_fen: Type.Integer({ description: '医疗费总额（分）' }),
  fund_fen: Type.Integer({ description: '基金支付（分）' }),
  fund_by_type: Type.Record(Type.String(), Type.Integer(), { description: '按基金支付类型（分）' }),
  acct_pay_fen: Type.Integer(),
  psn_cash_fen: Type.Integer(),
};

const View = Type.Object({
  period: Type.String(),
  status: Type.Union(
    ['draft', 'blocked', 'reconciled', 'confirmed', 'posted'].map((s) => Type.Literal(s)),
    {
      description:
        'draft 未执行、blocked 对账不平、reconciled 已对平待确认、confirmed 双方已确认、posted 已过账',
    },
  ),
  facts: Type.Object({ treatment: Type.Integer(), insured: Type.Integer(), matched: Type.Integer() }),
  pairs: Type.Array(
    Type.Object({ treatment_province: Type.String(), insured_province: Type.String(), ...Totals }),
  ),
  hospitals: Type.Array(
    Type.Object({
      treatment_province: Type.String(),
      fixmedins_code: Type.String(),
      ...Totals,
      cleared_fund_fen: Type.Integer(),
      cleared_acct_pay_fen: Type.Integer(),
    }),
  ),
  differences: Type.Array(
    Type.Object({
      key: Type.String(),
      decision_key: Type.String(),
      fact_kind: Type.String(),
      kind: Type.String(),
      treatment_province: Type.String(),
      insured_province: Type.String(),
      fixmedins_code: Type.String(),
      setl_id: Type.Union([Type.String(), Type.Null()]),
      amounts: Type.Array(
        Type.Object({ field: Type.String(), treatment_fen: Type.Integer(), insured_fen: Type.Integer() }),
      ),
      description: Type.String(),
    }),
  ),
  adjustments: Type.Array(
    Type.Object(
      {
        case_id: Type.String(),
        setl_id: Type.String(),
        treatment_province: Type.String(),
        insured_province: Type.String(),
        fixmedins_code: Type.String(),
        fund_fen: Type.Integer({ description: '协查核减的基金支付（分）' }),
      },
      { description: '计入本期的协查核减：参保地少付就医地、就医地少付医院' },
    ),
  ),
  confirmations: Type.Array(
    Type.Object({ province: Type.String(), side: Type.String(), by: Type.String(), at: Type.String() }),
  ),
  awaiting: Type.Array(Type.String()),
  posting: Type.Union([
    Type.Null(),
    Type.Object({
      transfers: Type.Integer(),
      instructions: Type.Array(Type.Unknown()),
      positions: Type.Array(Type.Unknown()),
      replayed: Type.Boolean(),
    }),
  ]),
});

const ERRORS = { ...CONSOLE_ERRORS, 409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA, 503: PROBLEM_SCHEMA };

/** HTTP statuses of the clearing codes: a state that does not allow the step is 409, a missing service 503. */
const STATUS: Readonly<Record<string, number>> = {
  'period-invalid': 400,
  'period-not-closed': 409,
  'clearing-empty': 409,
  'clearing-not-a-party': 422,
  'clearing-blocked': 409,
  'clearing-not-reconciled': 409,
  'clearing-not-confirmed': 409,
  'node-unavailable': 503,
  'ledger-unavailable': 503,
};

async function mapped(work: () => Promise<ClearingView>): Promise<ClearingView> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ClearingError)
      throw new ApiProblem(STATUS[error.code] ?? 409, error.code, error.message);
    // The ledger refusing a posting (e.g. 预付金 or a hospital's advances would go below zero): nothing was posted.
    if (error instanceof LedgerError) throw new ApiProblem(409, error.code, `过账未完成：${error.message}`);
    throw error;
  }
}

export function registerClearing(app: FastifyInstance, context: HubRestContext): void {
  const { platform } = context;
  const clearing = platform.hub.clearing;
  type Params = { Params: Static<typeof PeriodParams> };

  app.post<Params>(
    '/api/console/clearing/:period/run',
    {
      schema: {
        tags,
        summary: '执行月度清算：汇集各省结算与待遇决定、逐笔对账、按省对汇总（已有确认的清算期不再变化）',
        params: PeriodParams,
        response: { 200: View, ...ERRORS },
      },
    },
    async (request) => {
      const now = context.now();
      await requireStaff(request, platform, now, CLEARING_RUNNERS);
      return mapped(async () => {
        assertPeriodClosed(request.params.period, chinaDateOf(now.getTime()));
        return clearing.run(request.params.period);
      });
    },
  );

  app.get<Params>(
    '/api/console/clearing/:period',
    {
      schema: {
        tags,
        summary: '清算期的状态、省对汇总、对账差异、医院结算单与确认情况',
        params: PeriodParams,
        response: { 200: View, ...ERRORS },
      },
    },
    async (request) => {
      await requireStaff(request, platform, context.now(), CLEARING_READERS);
      return mapped(() => clearing.view(request.params.period));
    },
  );

  app.post<Params & { Body: Static<typeof ConfirmBody> }>(
    '/api/console/clearing/:period/confirm',
    {
      schema: {
        tags,
        summary: '本省确认清算结果（作为就医地和/或参保地）；须为全省经办范围的人员，对账不平时不能确认',
        params: PeriodParams,
        body: ConfirmBody,
        response: { 200: View, ...ERRORS },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'clearing_officer');
      const { account, node } = caller;
      requireProvinceWide(caller, '清算确认');
      return mapped(() =>
        clearing.confirm(
          request.params.period,
          node.province,
          request.body.sides as Side[],
          account.username,
          formatChinaDateTime(now.getTime()),
        ),
      );
    },
  );

  app.post<Params>(
    '/api/console/clearing/:period/post',
    {
      schema: {
        tags,
        summary: '过账：双方均已确认后，按省对记账（预付金）并生成拨付指令；重复过账返回同一结果',
        params: PeriodParams,
        response: { 200: View, ...ERRORS },
      },
    },
    async (request) => {
      // A national step: money moves between every province's prepaid fund.
      await requireStaff(request, platform, context.now(), 'national_admin');
      return mapped(() => clearing.post(request.params.period));
    },
  );
}
