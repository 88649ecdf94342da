// 协查 in the console (docs/cross-checks.md): the insured agency asks about a settlement and concludes the case, the
// treatment agency answers with findings and documents; both list the cases of their province or pooling region.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CrossCheckError, type CrossCheckOutcome, type CrossCheckRole } from '../../core/cross-check/case.ts';
import { maskName } from '../../core/masking.ts';
import { formatChinaDateTime } from '../../core/time.ts';
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { CaseRecord } from '../../store/cross-check-store.ts';
import type { StaffAccount } from '../../store/portal-store.ts';
import { CONSOLE_ERRORS, Nullable } from './console-params.ts';
import type { RestContext } from './context.ts';
import { ApiProblem, forbidden, notFound, PROBLEM_SCHEMA } from './problem.ts';
import { poolingScopeOf, requireProvinceWide, requireStaff } from './sessions.ts';

const tags = ['console'];
const ERRORS = { ...CONSOLE_ERRORS, 409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA };
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

const OutcomeType = Type.Union([
  Type.Literal('confirmed'),
  Type.Literal('adjusted'),
  Type.Literal('refused'),
]);
const Fen = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: '分' });
const CaseId = Type.String({ pattern: '^XC[0-9A-Za-z]{1,60}$' });

const CrossCheck = Type.Object({
  case_id: Type.String(),
  role: Type.String({ description: '本省在该协查中的角色：insured 参保地 / treatment 就医地' }),
  automatic: Type.Boolean(),
  status: Type.String({ description: 'requested 待答复 / answered 已答复待认定 / concluded 已办结' }),
  setl_id: Type.String(),
  insured_province: Type.String(),
  treatment_province: Type.String(),
  fixmedins_code: Type.String(),
  fixmedins_name: Nullable(Type.String()),
  insuplc_admdvs: Type.String(),
  med_type: Type.String(),
  setl_time: Type.String(),
  medfee_fen: Type.Integer(),
  fund_pay_fen: Type.Integer(),
  reason: Type.String(),
  requested_by: Type.String(),
  requested_at: Type.String(),
  psn_no: Nullable(Type.String()),
  psn_name: Nullable(Type.String({ description: '列表中脱敏' })),
  findings: Nullable(Type.String()),
  proposal: Nullable(Type.String()),
  proposed_fen: Nullable(Type.Integer()),
  documents: Type.Array(
    Type.Object({
      n: Type.Integer(),
      name: Type.String(),
      content_type: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
    }),
  ),
  answered_by: Nullable(Type.String()),
  answered_at: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  adjustment_fen: Nullable(Type.Integer()),
  outcome_note: Nullable(Type.String()),
  concluded_by: Nullable(Type.String()),
  concluded_at: Nullable(Type.String()),
  clearing_period: Nullable(Type.String({ description: '核减计入的清算期（国家平台排定后）' })),
});

const Settings = Type.Object({
  province: Type.String(),
  auto_threshold_fen: Type.Integer({ description: '一次性住院医疗费用超过此额（分）自动发起协查' }),
  updated_by: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
});

const CaseParams = Type.Object({ case_id: CaseId });

/** Refusals that clash with the case's state (or another open case), not with the input. */
const CLASHES = new Set(['case-open', 'already-answered', 'already-concluded', 'not-answered']);

/** Domain refusals as problems: a missing case 404, a clash with its state 409, bad input 422 naming the field. */
function problemOf(error: unknown): unknown {
  if (!(error instanceof CrossCheckError)) return error;
  const detail = error.field ? error.message.replace(/^[^：]+：/, '') : error.message;
  if (error.code === 'case-not-found') return new ApiProblem(404, error.code, detail);
  return new ApiProblem(CLASHES.has(error.code) ? 409 : 422, error.code, detail, error.field ?? null);
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw problemOf(error);
  }
}

/** A pooling region's clerk (scope below the province) sees and acts on its region's cases only. */
const regionOf = (account: StaffAccount, node: ProvincialNode): string | undefined =>
  poolingScopeOf({ account, node })?.slice(0, 4);

export function registerConsoleCrossChecks(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const staff = (request: Parameters<typeof requireStaff>[0]) =>
    requireStaff(request, platform, context.now(), 'audit_officer');
  const at = () => formatChinaDateTime(context.now().getTime());

  /** Cases with their institutions' names; names masked in lists (a list does not need them). */
  async function shown(cases: readonly CaseRecord[], masked: boolean) {
    // The names are for reading only: a hub that does not answer must not fail a change that committed already.
    const names = await platform.hub
      .institutionNames([...new Set(cases.map((c) => c.fixmedins_code))])
      .catch((): Record<string, string> => ({}));
    return cases.map((c) => ({
      ...c,
      fixmedins_name: names[c.fixmedins_code] ?? null,
      psn_name: c.psn_name && masked ? maskName(c.psn_name) : c.psn_name,
    }));
  }

  async function visibleCase(request: Parameters<typeof requireStaff>[0], caseId: string) {
    const caller = await staff(request);
    const { account, node } = caller;
    const found = await node.crossChecks.store.record(caseId);
    const region = regionOf(account, node);
    if (!found || (region && !(await node.crossChecks.store.inRegion(caseId, region))))
      throw notFound(`协查${caseId}不存在，或不在本账号经办范围${account.scope_admdvs}内`);
    return { caller, found };
  }

  app.get<{
    Querystring: { role?: CrossCheckRole; status?: 'requested' | 'answered' | 'concluded'; limit?: number };
  }>(
    '/api/console/cross-checks',
    {
      schema: {
        tags,
        summary: '协查列表：本省（或本账号统筹区）作为参保地发起、作为就医地收到的协查，最近的在前',
        querystring: Type.Object(
          {
            role: Type.Optional(Type.Union([Type.Literal('insured'), Type.Literal('treatment')])),
            status: Type.Optional(
              Type.Union([Type.Literal('requested'), Type.Literal('answered'), Type.Literal('concluded')]),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ province: Type.String(), items: Type.Array(CrossCheck) }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const { account, node } = await staff(request);
      const { role, status, limit } = request.query;
      const region = regionOf(account, node);
      const items = await node.crossChecks.store.list({
        limit: limit ?? DEFAULT_LIMIT,
        ...(role ? { role } : {}),
        ...(status ? { status } : {}),
        ...(region ? { admdvsPrefix: region } : {}),
      });
      return { province: node.province, items: await shown(items, true) };
    },
  );

  app.get(
    '/api/console/cross-checks/settings',
    {
      schema: {
        tags,
        summary: '协查设置：本省参保人员一次性住院费用超过阈值时自动发起协查',
        response: { 200: Settings, ...CONSOLE_ERRORS },
      },
    },
    async (request) => {
      const { node } = await staff(request);
      return platform.hub.crossCheckThreshold(node.province);
    },
  );

  app.put<{ Body: { auto_threshold_fen: number } }>(
    '/api/console/cross-checks/settings',
    {
      schema: {
        tags,
        summary: '修改自动协查阈值（全省经办人员）',
        body: Type.Object(
          {
            auto_threshold_fen: Type.Integer({
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: '分',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Settings, ...ERRORS },
      },
    },
    async (request) => {
      const { account, node } = await staff(request);
      requireProvinceWide({ account, node }, '协查阈值设置');
      return platform.hub.putCrossCheckThreshold(
        node.province,
        request.body.auto_threshold_fen,
        account.username,
      );
    },
  );

  app.get<{ Params: { case_id: string } }>(
    '/api/console/cross-checks/:case_id',
    {
      schema: {
        tags,
        summary: '协查详情',
        params: CaseParams,
        response: { 200: CrossCheck, ...CONSOLE_ERRORS },
      },
    },
    async (request) => {
      const { found } = await visibleCase(request, request.params.case_id);
      return (await shown([found], false))[0];
    },
  );

  app.get<{ Params: { case_id: string; n: number } }>(
    '/api/console/cross-checks/:case_id/documents/:n',
    {
      schema: {
        tags,
        summary: '协查附件下载',
        params: Type.Object({ case_id: CaseId, n: Type.Integer({ minimum: 1, maximum: 100 }) }),
        response: CONSOLE_ERRORS,
      },
    },
    async (request, reply) => {
      const { caller } = await visibleCase(request, request.params.case_id);
      const document = await caller.node.crossChecks.store.document(request.params.case_id, request.params.n);
      if (!document) throw notFound(`协查${request.params.case_id}没有第${request.params.n}个附件`);
      return reply
        .type(document.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(document.data));
    },
  );

  app.post<{ Body: { setl_id: string; reason: string } }>(
    '/api/console/cross-checks',
    {
      schema: {
        tags,
        summary: '发起协查（参保地）：就本省参保人员的一笔跨省结算请就医地核查',
        body: Type.Object(
          {
            setl_id: Type.String({ minLength: 1, maxLength: 60 }),
            reason: Type.String({ minLength: 1, maxLength: 2_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CrossCheck, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { account, node } = await staff(request);
      const { setl_id, reason } = request.body;
      const settlement = await platform.hub.crossCheckSettlement(setl_id);
      if (!settlement)
        throw new ApiProblem(
          422,
          'settlement-unknown',
          '国家平台没有该跨省结算记录（或为撤销记录）',
          'setl_id',
        );
      const region = regionOf(account, node);
      if (region && !settlement.insuplc_admdvs.startsWith(region))
        throw forbidden(
          `该结算的参保地${settlement.insuplc_admdvs}不在本账号经办范围${account.scope_admdvs}内`,
        );
      const created = await refusing(() =>
        node.crossChecks.request(settlement, reason, { by: account.username, at: at() }),
      );
      return reply.code(201).send((await shown([created], false))[0]);
    },
  );

  app.post<{
    Params: { case_id: string };
    Body: {
      findings: string;
      proposal: CrossCheckOutcome;
      proposed_fen?: number;
      documents?: { name: string; content_type: string; data_base64: string }[];
    };
  }>(
    '/api/console/cross-checks/:case_id/answer',
    {
      bodyLimit: 1_024 * 1_024,
      schema: {
        tags,
        summary: '答复协查（就医地）：核查结论、建议结果与附件（至多3个，合计256 KiB）',
        params: CaseParams,
        body: Type.Object(
          {
            findings: Type.String({ minLength: 1, maxLength: 2_000 }),
            proposal: OutcomeType,
            proposed_fen: Type.Optional(Fen),
            documents: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    name: Type.String({ minLength: 1, maxLength: 200 }),
                    content_type: Type.String({ minLength: 1, maxLength: 100 }),
                    data_base64: Type.String({ maxLength: 400_000 }),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 3 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CrossCheck, ...ERRORS },
      },
    },
    async (request) => {
      const { caller } = await visibleCase(request, request.params.case_id);
      const answered = await refusing(() =>
        caller.node.crossChecks.answer(request.params.case_id, request.body, {
          by: caller.account.username,
          at: at(),
        }),
      );
      return (await shown([answered], false))[0];
    },
  );

  app.post<{
    Params: { case_id: string };
    Body: { outcome: CrossCheckOutcome; adjustment_fen?: number; note?: string };
  }>(
    '/api/console/cross-checks/:case_id/outcome',
    {
      schema: {
        tags,
        summary: '认定协查结果（参保地）：费用属实 / 核减（金额）/ 拒付；核减与拒付计入下一清算期',
        params: CaseParams,
        body: Type.Object(
          {
            outcome: OutcomeType,
            adjustment_fen: Type.Optional(Fen),
            note: Type.Optional(Type.String({ maxLength: 2_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CrossCheck, ...ERRORS },
      },
    },
    async (request) => {
      const { caller } = await visibleCase(request, request.params.case_id);
      const concluded = await refusing(() =>
        caller.node.crossChecks.conclude(request.params.case_id, request.body, {
          by: caller.account.username,
          at: at(),
        }),
      );
      return (await shown([concluded], false))[0];
    },
  );
}
