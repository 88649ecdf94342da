// 清算报表下载: GET /api/console/clearing/{period}/export?statement=pairs|hospitals|instructions&format=xlsx|csv.
// The rows come from the pure src/core/clearing/statements.ts; XLSX is written with exceljs, CSV as UTF-8 with a BOM.
import { type Static, Type } from '@sinclair/typebox';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { ClearingError } from '../../core/clearing/machine.ts';
import {
  type InstructionRow,
  type Statement,
  type StatementKind,
  statementCsv,
  statementFileNames,
  statementOf,
} from '../../core/clearing/statements.ts';
import { FEN_PER_YUAN } from '../../core/money.ts';
import { formatChinaDateTime } from '../../core/time.ts';
import { CLEARING_READERS } from './clearing.ts';
import { CONSOLE_ERRORS } from './console-params.ts';
import type { HubRestContext } from './context.ts';
import { ApiProblem, PROBLEM_SCHEMA } from './problem.ts';
import { requireStaff } from './sessions.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Params = Type.Object(
  { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '清算期（yyyy-MM）' }) },
  { additionalProperties: false },
);
const Query = Type.Object(
  {
    statement: Type.Union([Type.Literal('pairs'), Type.Literal('hospitals'), Type.Literal('instructions')], {
      description: 'pairs 省对清算表、hospitals 医院月度结算单、instructions 拨付指令',
    }),
    format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }),
  },
  { additionalProperties: false },
);

/** The statement as an XLSX workbook: title, meta lines, the header, rows and 合计; yuan as numbers with 0.00. */
export async function statementXlsx(statement: Statement): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'yidi';
  const sheet = workbook.addWorksheet(statement.title.slice(0, 31));
  const title = sheet.addRow([statement.title]);
  title.font = { bold: true, size: 14 };
  for (const [label, value] of statement.meta) sheet.addRow([label, value]);
  sheet.addRow([]);
  const header = sheet.addRow(statement.columns.map((c) => c.header));
  header.font = { bold: true };
  const headerRow = header.number;
  const write = (cells: readonly (string | number)[]) =>
    sheet.addRow(
      cells.map((cell, i) =>
        statement.columns[i]?.kind === 'fen' && typeof cell === 'number' ? cell / FEN_PER_YUAN : cell,
      ),
    );
  for (const row of statement.rows) write(row);
  const totals = write(statement.totals);
  totals.font = { bold: true };
  statement.columns.forEach((column, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.max(12, column.header.length * 2 + 2);
    if (column.kind === 'fen') col.numFmt = '#,##0.00';
    if (column.kind === 'count') col.numFmt = '0';
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function registerClearingExport(app: FastifyInstance, context: HubRestContext): void {
  const { platform } = context;
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/api/console/clearing/:period/export',
    {
      schema: {
        tags: ['console'],
        summary:
          '下载清算报表（省对清算表、医院月度结算单、拨付指令）：XLSX 或 CSV（UTF-8 带 BOM），含合计行',
        params: Params,
        querystring: Query,
        response: { ...CONSOLE_ERRORS, 409: PROBLEM_SCHEMA },
      },
    },
    async (request, reply) => {
      const now = context.now();
      await requireStaff(request, platform, now, CLEARING_READERS);
      const { period } = request.params;
      const kind: StatementKind = request.query.statement;
      const format = request.query.format ?? 'xlsx';
      let view: Awaited<ReturnType<typeof platform.hub.clearing.view>>;
      try {
        view = await platform.hub.clearing.view(period);
      } catch (error) {
        if (error instanceof ClearingError) throw new ApiProblem(400, error.code, error.message);
        throw error;
      }
      const names = new Map((await platform.hub.store.routes()).map((r) => [r.province, r.name]));
      const statement = statementOf(kind, {
        period,
        status: view.status,
        generated_at: formatChinaDateTime(now.getTime()),
        pairs: view.pairs,
        hospitals: view.hospitals,
        adjustments: view.adjustments,
        instructions: (view.posting?.instructions ?? []) as readonly InstructionRow[],
        provinceName: (p) => names.get(p),
      });
      const file = statementFileNames(kind, period, format);
      reply.header(
        'content-disposition',
        `attachment; filename="${file.ascii}"; filename*=UTF-8''${encodeURIComponent(file.utf8)}`,
      );
      reply.header('cache-control', 'no-store');
      if (format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(Buffer.from(statementCsv(statement), 'utf8'));
      return reply.type(XLSX_TYPE).send(await statementXlsx(statement));
    },
  );
}
