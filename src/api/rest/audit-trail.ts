// 审计日志 for the auditor: GET /api/console/audit-trail (JSON, newest first) and …/export?format=csv (UTF-8 with a
// BOM) — the auditor's own node, or the hub's chain for an auditor who is also a national admin. Reading the trail
// is itself recorded (audit-trail-hook.ts).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../core/audit-trail/chain.ts';
import { parseChinaDateTime } from '../../core/time.ts';
import {
  AUDIT_TRAIL_COLUMNS,
  type AuditSearch,
  AuditTrailStore,
  EXPORT_LIMIT_MAX,
  SEARCH_LIMIT_MAX,
} from '../../store/audit-trail-store.ts';
import { HUB_SCHEMA, nodeSchema } from '../../store/schemas.ts';
import type { RestContext } from './context.ts';
import { badRequest, forbidden, problemResponses } from './problem.ts';
import { hasRole, requireRole } from './sessions.ts';

const tags = ['console'];
const errors = problemResponses(400, 401, 403);
const DEFAULT_LIMIT = 100;
const DEFAULT_EXPORT_LIMIT = 10_000;

const TIME_DESCRIPTION =
  '北京时间 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss，或 ISO 8601 时刻（含时区）；from 含当刻，to 含当日/当刻';
const Filters = {
  from: Type.Optional(Type.String({ description: `起始时间：${TIME_DESCRIPTION}` })),
  to: Type.Optional(Type.String({ description: `截止时间：${TIME_DESCRIPTION}` })),
  actor: Type.Optional(
    Type.String({ maxLength: 64, description: '操作人：经办账号、参保人人员编号或 机构编码/经办人' }),
  ),
  psn_no: Type.Optional(Type.String({ maxLength: 64, description: '涉及的参保人人员编号' })),
  action: Type.Optional(
    Type.String({ maxLength: 200, description: '操作前缀，如 "HIS 1101"、"POST /api/console/filings"' }),
  ),
  chain: Type.Optional(
    Type.Union([Type.Literal('node'), Type.Literal('hub')], {
      default: 'node',
      description: 'node：本省节点的日志；hub：全国平台的日志（须同时具备国家级管理员角色）',
    }),
  ),
};
const SearchQuery = Type.Object({
  ...Filters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: DEFAULT_LIMIT })),
});
const ExportQuery = Type.Object({
  ...Filters,
  format: Type.Literal('csv', { default: 'csv' }),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: EXPORT_LIMIT_MAX, default: DEFAULT_EXPORT_LIMIT }),
  ),
});
type SearchParams = {
  from?: string;
  to?: string;
  actor?: string;
  psn_no?: string;
  action?: string;
  chain?: 'node' | 'hub';
  limit?: number;
};

const nullableText = Type.Union([Type.String(), Type.Null()]);
const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ description: 'ISO 8601 UTC' }),
  at_china: Type.String({ description: '北京时间' }),
  actor_kind: Type.String({ description: 'staff | person | institution | anonymous' }),
  actor: nullableText,
  role: nullableText,
  actor_province: nullableText,
  action: Type.String(),
  kind: Type.String({ description: 'read（查阅个人信息）| change（变更）' }),
  psn_no: nullableText,
  certno_masked: nullableText,
  refs: nullableText,
  ip: nullableText,
  status: Type.Integer(),
  infcode: Type.Union([Type.Integer(), Type.Null()]),
  prev_hash: Type.String(),
  hash: Type.String({ description: 'SM3(规范化条目 + prev_hash)，见 docs/SECURITY.md' }),
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A from/to bound as the ISO instant the trail stores; `to` of a date or a second includes all of it. */
export function boundOf(field: 'from' | 'to', text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  let ms: number | undefined;
  let span = 0;
  if (DATE_ONLY.test(text)) {
    ms = parseChinaDateTime(`${text} 00:00:00`);
    span = 86_400_000 - 1;
  } else if (ISO_INSTANT.test(text)) {
    ms = Date.parse(text);
    if (Number.isNaN(ms)) ms = undefined;
  } else {
    ms = parseChinaDateTime(text);
    span = 999;
  }
  if (ms === undefined) throw badRequest(`query.${field}`, `${field}应为${TIME_DESCRIPTION}`);
  return new Date(field === 'to' ? ms + span : ms).toISOString();
}

async function storeFor(context: RestContext, request: FastifyRequest, chain: 'node' | 'hub' | undefined) {
  const { platform, now } = context;
  const caller = await requireRole(request, platform, now(), 'auditor');
  if (chain === 'hub') {
    if (!hasRole(caller.account, 'national_admin'))
      throw forbidden('全国平台的审计日志须由同时具备“国家级管理员”角色的审计员查阅');
    return new AuditTrailStore(platform.db, HUB_SCHEMA);
  }
  return new AuditTrailStore(platform.db, nodeSchema(caller.node.province));
}

function searchOf(query: SearchParams, limit: number): AuditSearch {
  const from = boundOf('from', query.from);
  const to = boundOf('to', query.to);
  if (from && to && from > to) throw badRequest('query.to', 'to不能早于from');
  return { from, to, actor: query.actor, psn_no: query.psn_no, action: query.action, limit };
}

const CSV_COLUMNS: readonly (keyof AuditEntry)[] = AUDIT_TRAIL_COLUMNS;

/** One CSV cell: quoted when it must be; a leading = + - @ is neutralised so that a spreadsheet shows, not runs, it. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The entries as CSV: UTF-8 with a BOM (so that Excel reads the Chinese), CRLF lines, a header row. */
export function auditTrailCsv(entries: readonly AuditEntry[]): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...entries.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function registerAuditTrail(app: FastifyInstance, context: RestContext): void {
  app.get<{ Querystring: SearchParams }>(
    '/api/console/audit-trail',
    {
      schema: {
        tags,
        summary: '审计日志查询（审计员）：谁、何角色、何操作、涉及何人、何时、何处、结果，新的在前',
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(EntrySchema) }), ...errors },
      },
    },
    async (request) => {
      const store = await storeFor(context, request, request.query.chain);
      const search = searchOf(request.query, request.query.limit ?? DEFAULT_LIMIT);
      // What was answered a moment ago is still queued: the auditor sees it.
      await app.auditTrail?.flush();
      return { items: await store.search(search) };
    },
  );

  app.get<{ Querystring: SearchParams & { format?: 'csv' } }>(
    '/api/console/audit-trail/export',
    {
      schema: {
        tags,
        summary: '审计日志导出（审计员）：CSV（UTF-8 带 BOM），条件同查询',
        querystring: ExportQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const store = await storeFor(context, request, request.query.chain);
      const search = searchOf(request.query, request.query.limit ?? DEFAULT_EXPORT_LIMIT);
      await app.auditTrail?.flush();
      const entries = await store.search(search);
      const day = new Date(context.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-trail-${day}.csv"`)
        .send(Buffer.from(auditTrailCsv(entries), 'utf8'));
    },
  );
}
