// 参保人服务 备案: the notice to read, materials to upload, the application, 备案记录, change and cancel — one's own only.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MATERIAL_TYPES, MAX_MATERIAL_BYTES, sniffMaterialType } from '../../core/filing/materials.ts';
import { filingTexts } from '../../core/filing/notice.ts';
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { RestContext } from './context.ts';
import {
  type ApplicationBody,
  ApplicationSchema,
  type ChangeBody,
  ChangeSchema,
  FilingSn,
  FilingViewSchema,
  ReasonSchema,
} from './filing-schemas.ts';
import { ApiProblem, badRequest, notFound, PROBLEM_SCHEMA } from './problem.ts';
import { requirePerson } from './sessions.ts';

const errors = {
  400: PROBLEM_SCHEMA,
  401: PROBLEM_SCHEMA,
  404: PROBLEM_SCHEMA,
  409: PROBLEM_SCHEMA,
  422: PROBLEM_SCHEMA,
};
const SnParams = Type.Object({ sn: FilingSn });
/** A file name without path separators or control characters (it ends up in a Content-Disposition header). */
const FILENAME = '^[^/\\\\\\p{Cc}]{1,120}$';

export function registerPortalFilings(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const tags = ['portal'];

  // Uploads arrive as the file itself (no multipart), typed by Content-Type and checked against the file's bytes.
  for (const type of MATERIAL_TYPES)
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: MAX_MATERIAL_BYTES },
      (_request, body, done) => done(null, body),
    );

  /** The person's own filing, or 404 — never 403, so that nobody learns that someone else's number exists. */
  const ownFiling = async (node: ProvincialNode, psnNo: string, sn: string) => {
    const view = await node.desk.view(sn, context.now());
    if (!view || view.psn_no !== psnNo) throw notFound(`没有备案流水号为${sn}的本人备案`);
    return view;
  };

  app.get(
    '/api/portal/filing-notice',
    {
      schema: {
        tags,
        summary: '备案告知书与个人承诺书（本人参保地现行版本）',
        response: { 401: PROBLEM_SCHEMA },
      },
    },
    async (request) => {
      const caller = await requirePerson(request, platform, context.now());
      const [person] = await caller.node.desk.store.personsOf(caller.psn_no);
      const settings = await caller.node.desk.settingsOf(person!.insuplc_admdvs);
      const texts = filingTexts(settings.notice_version, settings.commitment_version);
      if (!texts)
        throw new ApiProblem(500, 'notice-missing', `参保地配置的告知书版本${settings.notice_version}不存在`);
      return {
        ...texts,
        rules: {
          auto_approve_commitment: settings.auto_approve_commitment,
          change_wait_months: settings.change_wait_months,
          temporary_months: settings.temporary_months,
          temporary_shorter_allowed: settings.temporary_shorter_allowed,
          backdate_max_days: settings.backdate_max_days,
        },
      };
    },
  );

  app.post<{ Querystring: { filename: string } }>(
    '/api/portal/materials',
    {
      bodyLimit: MAX_MATERIAL_BYTES,
      schema: {
        tags,
        summary: '上传证明材料（请求体为文件本身：application/pdf、image/jpeg 或 image/png，不超过5 MiB）',
        querystring: Type.Object(
          { filename: Type.String({ pattern: FILENAME }) },
          { additionalProperties: false },
        ),
        response: { ...errors, 413: PROBLEM_SCHEMA, 415: PROBLEM_SCHEMA },
      },
    },
    async (request, reply) => {
      const caller = await requirePerson(request, platform, context.now());
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0)
        throw new ApiProblem(415, 'unsupported-media-type', '请上传 PDF、JPEG 或 PNG 文件', 'body');
      const declared = request.headers['content-type']?.split(';')[0]?.trim();
      const actual = sniffMaterialType(bytes);
      if (!actual || actual !== declared)
        throw new ApiProblem(
          415,
          'unsupported-media-type',
          actual ? `文件内容是${actual}，与声明的${declared}不一致` : '文件内容不是 PDF、JPEG 或 PNG',
          'body',
        );
      const saved = await caller.node.desk.uploadMaterial(
        caller.psn_no,
        { filename: request.query.filename, content_type: actual, bytes },
        context.now(),
      );
      if (!saved)
        throw new ApiProblem(409, 'too-many-materials', '未提交的材料过多，请先提交备案或稍后再试', 'body');
      return reply.code(201).send({ ...saved, uploaded_at: saved.uploaded_at.toISOString() });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/portal/materials/:id',
    {
      schema: {
        tags,
        summary: '下载本人上传的材料',
        params: Type.Object({ id: Type.String({ pattern: '^M\\d{2}[0-9a-f]{24}$' }) }),
        response: { 401: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA },
      },
    },
    async (request, reply) => {
      const caller = await requirePerson(request, platform, context.now());
      const material = await caller.node.desk.store.material(request.params.id);
      if (!material || material.psn_no !== caller.psn_no) throw notFound('材料不存在');
      return reply
        .type(material.content_type)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(material.filename)}`,
        )
        .send(Buffer.from(material.bytes));
    },
  );

  app.post<{ Body: ApplicationBody }>(
    '/api/portal/filings',
    {
      schema: {
        tags,
        summary: '备案申请：参保地取本人参保地；就医地为省或地市；上传材料或签署个人承诺书',
        body: ApplicationSchema,
        response: { 201: FilingViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const now = context.now();
      const caller = await requirePerson(request, platform, now);
      const view = await caller.node.desk.apply(caller.psn_no, request.body, 'portal', caller.psn_no, now);
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/portal/filings',
    {
      schema: {
        tags,
        summary: '备案记录：本人全部备案，最新在前，含状态历史',
        response: { 200: Type.Array(FilingViewSchema), 401: PROBLEM_SCHEMA },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requirePerson(request, platform, now);
      return caller.node.desk.recordsOf(caller.psn_no, now);
    },
  );

  app.get<{ Params: { sn: string } }>(
    '/api/portal/filings/:sn',
    {
      schema: { tags, summary: '备案详情', params: SnParams, response: { 200: FilingViewSchema, ...errors } },
    },
    async (request) => {
      const caller = await requirePerson(request, platform, context.now());
      return ownFiling(caller.node, caller.psn_no, request.params.sn);
    },
  );

  app.patch<{ Params: { sn: string }; Body: ChangeBody }>(
    '/api/portal/filings/:sn',
    {
      schema: {
        tags,
        summary: '备案变更：就医地、临时备案的结束日期或联系方式（长期备案受参保地等待期限制）',
        params: SnParams,
        body: ChangeSchema,
        response: { 200: FilingViewSchema, ...errors },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requirePerson(request, platform, now);
      await ownFiling(caller.node, caller.psn_no, request.params.sn);
      if (
        request.body.enddate === undefined &&
        request.body.mdtrtarea_admdvs === undefined &&
        !request.body.contact
      )
        throw badRequest('body', '没有要变更的内容');
      return caller.node.desk.change(request.params.sn, request.body, caller.psn_no, false, now);
    },
  );

  app.post<{ Params: { sn: string }; Body: { reason?: string } }>(
    '/api/portal/filings/:sn/cancel',
    {
      schema: {
        tags,
        summary: '取消备案（长期备案受参保地等待期限制；待审核的申请可随时撤回）',
        params: SnParams,
        body: ReasonSchema,
        response: { 200: FilingViewSchema, ...errors },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requirePerson(request, platform, now);
      await ownFiling(caller.node, caller.psn_no, request.params.sn);
      return caller.node.desk.cancel(
        request.params.sn,
        request.body?.reason ?? null,
        caller.psn_no,
        false,
        now,
      );
    },
  );
}
