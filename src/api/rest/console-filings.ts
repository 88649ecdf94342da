// 经办机构 备案: review queue, approve or reject, counter filing, search and cancel — within the clerk's own scope only.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { poolingRegionOf, provinceOf } from '../../core/regions.ts';
import type { FilingView } from '../../node/filing-desk.ts';
import type { StaffAccount } from '../../store/portal-store.ts';
import type { RestContext } from './context.ts';
import {
  Admdvs,
  type ApplicationBody,
  ApplicationSchema,
  DateText,
  FilingSn,
  FilingViewSchema,
  ReasonSchema,
} from './filing-schemas.ts';
import { badRequest, forbidden, notFound, problemResponses } from './problem.ts';
import { poolingScopeOf, requireStaff, type StaffCaller } from './sessions.ts';

const errors = problemResponses(400, 401, 403, 404, 409, 422);
const SnParams = Type.Object({ sn: FilingSn });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
const PageOf = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  page_size: Type.Integer(),
  items: Type.Array(FilingViewSchema),
});

/** A person insured in the clerk's province or pooling region. */
export function isInScope(insuplcAdmdvs: string, account: StaffAccount): boolean {
  const scope = account.scope_admdvs;
  return scope === provinceOf(scope)
    ? provinceOf(insuplcAdmdvs) === scope
    : poolingRegionOf(insuplcAdmdvs) === scope;
}

interface SearchQuery {
  status?: string;
  psn_no?: string;
  certno?: string;
  dcla_type?: string;
  mdtrtarea_admdvs?: string;
  from?: string;
  to?: string;
  page?: number;
  page_size?: number;
}

export function registerConsoleFilings(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const tags = ['console'];

  /** A filing the clerk may act on: another province's is forbidden, one outside a pooling-region scope too. */
  const filingInScope = async (caller: StaffCaller, sn: string): Promise<FilingView> => {
    // The serial carries the insured place (F + admdvs + …): another province's filing is not this node's to show.
    if (`${sn.slice(1, 3)}0000` !== caller.node.province)
      throw forbidden(`备案${sn}不属于${caller.node.province}经办范围`);
    const view = await caller.node.desk.view(sn, context.now());
    if (!view) throw notFound(`没有备案流水号为${sn}的备案`);
    if (!isInScope(view.insuplc_admdvs, caller.account))
      throw forbidden(
        `备案${sn}的参保地${view.insuplc_admdvs}不在本账号经办范围${caller.account.scope_admdvs}内`,
      );
    return view;
  };

  const search = async (caller: StaffCaller, query: SearchQuery, oldestFirst: boolean) => {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? 20;
    const { total, items } = await caller.node.desk.search(
      {
        scope_admdvs: caller.account.scope_admdvs,
        status: query.status,
        psn_no: query.psn_no,
        certno: query.certno,
        dcla_type: query.dcla_type,
        mdtrtarea_admdvs: query.mdtrtarea_admdvs,
        from: query.from,
        to: query.to,
        oldestFirst,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      },
      context.now(),
    );
    return { total, page, page_size: pageSize, items };
  };

  app.get<{ Querystring: SearchQuery }>(
    '/api/console/filings/queue',
    {
      schema: {
        tags,
        summary: '待审核备案（最早提交在前）',
        querystring: Type.Object(Paging, { additionalProperties: false }),
        response: { 200: PageOf, ...errors },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), 'filing_reviewer');
      return search(caller, { ...request.query, status: 'submitted' }, true);
    },
  );

  app.get<{ Querystring: SearchQuery }>(
    '/api/console/filings',
    {
      schema: {
        tags,
        summary: '备案查询（本账号经办范围内）',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(['submitted', 'approved', 'rejected', 'cancelled'].map((s) => Type.Literal(s))),
            ),
            psn_no: Type.Optional(Type.String({ pattern: '^\\d{1,30}$' })),
            certno: Type.Optional(Type.String({ pattern: '^\\d{17}[\\dX]$' })),
            dcla_type: Type.Optional(Type.String({ pattern: '^(11|12|13|21|22|23)$' })),
            mdtrtarea_admdvs: Type.Optional(Admdvs),
            from: Type.Optional(DateText),
            to: Type.Optional(DateText),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf, ...errors },
      },
    },
    async (request) =>
      search(await requireStaff(request, platform, context.now(), 'filing_reviewer'), request.query, false),
  );

  app.get<{ Params: { sn: string } }>(
    '/api/console/filings/:sn',
    {
      schema: { tags, summary: '备案详情', params: SnParams, response: { 200: FilingViewSchema, ...errors } },
    },
    async (request) =>
      filingInScope(
        await requireStaff(request, platform, context.now(), 'filing_reviewer'),
        request.params.sn,
      ),
  );

  app.get<{ Params: { sn: string; id: string } }>(
    '/api/console/filings/:sn/materials/:id',
    {
      schema: {
        tags,
        summary: '查看备案材料',
        params: Type.Object({ sn: FilingSn, id: Type.String({ pattern: '^M\\d{2}[0-9a-f]{24}$' }) }),
        response: errors,
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'filing_reviewer');
      await filingInScope(caller, request.params.sn);
      const material = await caller.node.desk.store.material(request.params.id);
      if (!material || material.trt_dcla_detl_sn !== request.params.sn) throw notFound('材料不存在');
      return reply.type(material.content_type).send(Buffer.from(material.bytes));
    },
  );

  app.post<{ Params: { sn: string }; Body: { decision: 'approve' | 'reject'; reason?: string } }>(
    '/api/console/filings/:sn/review',
    {
      schema: {
        tags,
        summary: '审核：approve 同意备案，reject 不予备案（须填写原因）',
        params: SnParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: FilingViewSchema, ...errors },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'filing_reviewer');
      await filingInScope(caller, request.params.sn);
      const { decision, reason } = request.body;
      return caller.node.desk.review(
        request.params.sn,
        decision,
        reason ?? null,
        caller.account.username,
        now,
      );
    },
  );

  app.post<{ Params: { sn: string }; Body: { reason?: string } }>(
    '/api/console/filings/:sn/cancel',
    {
      schema: {
        tags,
        summary: '经办撤销备案（须填写原因；不受等待期限制）',
        params: SnParams,
        body: ReasonSchema,
        response: { 200: FilingViewSchema, ...errors },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'filing_reviewer');
      await filingInScope(caller, request.params.sn);
      if (!request.body?.reason) throw badRequest('body.reason', '经办撤销备案须填写原因');
      return caller.node.desk.cancel(
        request.params.sn,
        request.body.reason,
        caller.account.username,
        true,
        now,
      );
    },
  );

  app.post<{ Body: ApplicationBody & { certno: string } }>(
    '/api/console/filings',
    {
      schema: {
        tags,
        summary: '窗口备案：经办人员核验材料后代参保人办理，即时备案',
        body: Type.Composite(
          [ApplicationSchema, Type.Object({ certno: Type.String({ pattern: '^\\d{17}[\\dX]$' }) })],
          {
            additionalProperties: false,
          },
        ),
        response: { 201: FilingViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'filing_reviewer');
      const { certno, ...application } = request.body;
      const [person] = await caller.node.store.findPersonsByCredential({ kind: 'certno', value: certno });
      if (!person) throw notFound(`本省未查询到身份证号码为${certno}的参保人`);
      if (!isInScope(person.insuplc_admdvs, caller.account))
        throw forbidden(
          `参保人的参保地${person.insuplc_admdvs}不在本账号经办范围${caller.account.scope_admdvs}内`,
        );
      const view = await caller.node.desk.apply(
        person.psn_no,
        application,
        'counter',
        caller.account.username,
        now,
      );
      return reply.code(201).send(view);
    },
  );

  app.get<{ Querystring: { place?: string; status?: string; page?: number; page_size?: number } }>(
    '/api/console/offsite-filings',
    {
      schema: {
        tags,
        summary: '就医地：其他省份参保人到本省（或本账号统筹区）的备案，来自全国备案索引',
        querystring: Type.Object(
          {
            place: Type.Optional(Admdvs),
            status: Type.Optional(Type.Union(['approved', 'cancelled'].map((s) => Type.Literal(s)))),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: problemResponses(401, 403),
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), 'filing_reviewer');
      const place = request.query.place ?? poolingScopeOf(caller);
      if (place && provinceOf(place) !== caller.node.province) throw forbidden(`${place}不是本省的区划`);
      const page = request.query.page ?? 1;
      const pageSize = request.query.page_size ?? 20;
      const items = await caller.node.offsiteFilings.byPlace(
        place,
        request.query.status ?? 'approved',
        pageSize,
        (page - 1) * pageSize,
      );
      return { page, page_size: pageSize, items };
    },
  );
}
