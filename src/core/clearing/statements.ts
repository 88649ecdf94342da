// 清算报表: a clearing period's statements (省对清算表, 医院月度结算单, 拨付指令) as rows of a sheet — Chinese headers,
// amounts in fen (shown as yuan with two decimals), a 合计 row that is the column sums — and the CSV text of one.
// Pure: the API writes the same sheet as XLSX (exceljs) and CSV.
import { FUND_PAY_TYPE } from '../dictionaries.ts';
import { formatYuan } from '../money.ts';
import { adjustedBy, type ClearingAdjustment, hospitalKey, pairKey } from './adjustments.ts';
import type { HospitalStatement, PairTotals } from './totals.ts';

export type StatementKind = 'pairs' | 'hospitals' | 'instructions';
export const STATEMENT_KINDS: readonly StatementKind[] = ['pairs', 'hospitals', 'instructions'];

export const STATEMENT_TITLES: Readonly<Record<StatementKind, string>> = {
  pairs: '跨省异地就医清算表（省对）',
  hospitals: '就医地经办机构医院月度结算单',
  instructions: '清算拨付指令',
};

/** text: as is; count: an integer; fen: an amount in fen, shown as yuan with two decimals. */
export type ColumnKind = 'text' | 'count' | 'fen';

export interface StatementColumn {
  readonly header: string;
  readonly kind: ColumnKind;
}

export type Cell = string | number;

export interface Statement {
  readonly kind: StatementKind;
  readonly title: string;
  readonly period: string;
  /** China time, yyyy-MM-dd HH:mm:ss. */
  readonly generated_at: string;
  /** Lines above the table: 清算期, 状态, 生成时间 (and a note when there is nothing to show). */
  readonly meta: readonly (readonly [string, string])[];
  readonly columns: readonly StatementColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** 合计: the sum of every count and fen column, the label in the first column. */
  readonly totals: readonly Cell[];
}

/** A payment instruction as the ledger issues it (src/core/ledger/clearing.ts). */
export interface InstructionRow {
  readonly id: string;
  readonly kind: string;
  /** fund (基金) or acct (个人账户); instructions stored before the account part was posted have none: fund. */
  readonly part?: string;
  readonly payer: string;
  readonly payee: string;
  readonly amount_fen: number;
}

export interface StatementInput {
  readonly period: string;
  readonly status: string;
  readonly generated_at: string;
  readonly pairs: readonly PairTotals[];
  readonly hospitals: readonly HospitalStatement[];
  /** Only once the period is posted. */
  readonly instructions: readonly InstructionRow[];
  /** 协查核减 booked into the period: their columns show only when there are some. */
  readonly adjustments?: readonly ClearingAdjustment[];
  /** A province's name (河北省) when known. */
  readonly provinceName?: (province: string) => string | undefined;
}

export const STATUS_NAMES: Readonly<Record<string, string>> = {
  draft: '未执行',
  blocked: '对账不平',
  reconciled: '已对平待确认',
  confirmed: '双方已确认',
  posted: '已过账',
};

const INSTRUCTION_KINDS: Readonly<Record<string, string>> = {
  'prepaid-draw': '预付金抵付',
  collect: '财政专户缴款',
  disburse: '拨付财政专户',
};

/** Which money an instruction moves. */
export const PAYMENT_PARTS: Readonly<Record<string, string>> = { fund: '基金', acct: '个人账户' };

const fundTypeName = (type: string): string =>
  (FUND_PAY_TYPE as Readonly<Record<string, string>>)[type] ?? '其他基金';

/** Every fund type the rows use, in code order, as one column each. */
function fundTypes(rows: readonly { fund_by_type: Readonly<Record<string, number>> }[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.fund_by_type)))].sort();
}

/** The 合计 row of a table: counts and amounts summed, text columns empty but the first. */
export function totalsOf(columns: readonly StatementColumn[], rows: readonly (readonly Cell[])[]): Cell[] {
  return columns.map((column, i) => {
    if (column.kind === 'text') return i === 0 ? '合计' : '';
    let sum = 0;
    for (const row of rows) sum += Number(row[i] ?? 0);
    return sum;
  });
}

export function statementOf(kind: StatementKind, input: StatementInput): Statement {
  const name = (p: string) => {
    const n = input.provinceName?.(p);
    return n ? `${p} ${n}` : p;
  };
  let columns: StatementColumn[];
  let rows: Cell[][];
  let note: string | undefined;
  const adjustments = input.adjustments ?? [];
  if (kind === 'pairs') {
    const types = fundTypes(input.pairs);
    columns = [
      { header: '就医地', kind: 'text' },
      { header: '参保地', kind: 'text' },
      { header: '人次', kind: 'count' },
      { header: '结算笔数', kind: 'count' },
      { header: '撤销笔数', kind: 'count' },
      { header: '医疗费总额(元)', kind: 'fen' },
      { header: '基金支付(元)', kind: 'fen' },
      ...types.map((t) => ({ header: `${fundTypeName(t)}${t}(元)`, kind: 'fen' as const })),
      { header: '个人账户支付(元)', kind: 'fen' },
      { header: '个人现金支付(元)', kind: 'fen' },
    ];
    rows = input.pairs.map((p) => [
      name(p.treatment_province),
      name(p.insured_province),
      p.person_times,
      p.settlements,
      p.cancels,
      p.medfee_fen,
      p.fund_fen,
      ...types.map((t) => p.fund_by_type[t] ?? 0),
      p.acct_pay_fen,
      p.psn_cash_fen,
    ]);
    if (adjustments.length > 0) {
      const adjusted = adjustedBy(adjustments, pairKey);
      columns.push({ header: '协查核减(元)', kind: 'fen' }, { header: '应清算基金(元)', kind: 'fen' });
      const fundAt = columns.findIndex((c) => c.header === '基金支付(元)');
      const keys = input.pairs.map(pairKey);
      // A pair with only adjustments this period shows as a row of zeros but for them.
      for (const key of adjusted.keys())
        if (!keys.includes(key)) {
          keys.push(key);
          const [t, i] = key.split('|') as [string, string];
          rows.push([name(t), name(i), ...Array<number>(columns.length - 4).fill(0)]);
        }
      rows.forEach((row, n) => {
        const adj = adjusted.get(keys[n]!) ?? 0;
        row.push(adj, Number(row[fundAt]) - adj);
      });
    }
    if (rows.length === 0) note = '本期无跨省结算';
  } else if (kind === 'hospitals') {
    const types = fundTypes(input.hospitals);
    columns = [
      { header: '就医地', kind: 'text' },
      { header: '定点医药机构编码', kind: 'text' },
      { header: '人次', kind: 'count' },
      { header: '结算笔数', kind: 'count' },
      { header: '撤销笔数', kind: 'count' },
      { header: '医疗费总额(元)', kind: 'fen' },
      { header: '垫付基金(元)', kind: 'fen' },
      ...types.map((t) => ({ header: `${fundTypeName(t)}${t}(元)`, kind: 'fen' as const })),
      { header: '个人账户支付(元)', kind: 'fen' },
      { header: '个人现金支付(元)', kind: 'fen' },
      { header: '清算确认基金(元)', kind: 'fen' },
      { header: '清算确认个人账户(元)', kind: 'fen' },
    ];
    rows = input.hospitals.map((h) => [
      name(h.treatment_province),
      h.fixmedins_code,
      h.person_times,
      h.settlements,
      h.cancels,
      h.medfee_fen,
      h.fund_fen,
      ...types.map((t) => h.fund_by_type[t] ?? 0),
      h.acct_pay_fen,
      h.psn_cash_fen,
      h.cleared_fund_fen,
      h.cleared_acct_pay_fen,
    ]);
    if (adjustments.length > 0) {
      const adjusted = adjustedBy(adjustments, hospitalKey);
      columns.push({ header: '协查扣减(元)', kind: 'fen' });
      rows.forEach((row, n) => {
        row.push(adjusted.get(hospitalKey(input.hospitals[n]!)) ?? 0);
      });
      for (const [key, fen] of adjusted)
        if (!input.hospitals.some((h) => hospitalKey(h) === key)) {
          const [t, code] = key.split('|') as [string, string];
          rows.push([name(t), code, ...Array<number>(columns.length - 3).fill(0), fen]);
        }
    }
    if (rows.length === 0) note = '本期无医院结算';
  } else {
    const party = (p: string) => (p === 'national' ? '国家级经办机构' : name(p));
    columns = [
      { header: '指令编号', kind: 'text' },
      { header: '类型', kind: 'text' },
      { header: '资金类别', kind: 'text' },
      { header: '付款方', kind: 'text' },
      { header: '收款方', kind: 'text' },
      { header: '金额(元)', kind: 'fen' },
    ];
    rows = input.instructions.map((i) => [
      i.id,
      INSTRUCTION_KINDS[i.kind] ?? i.kind,
      PAYMENT_PARTS[i.part ?? 'fund'] ?? String(i.part),
      party(i.payer),
      party(i.payee),
      i.amount_fen,
    ]);
    if (rows.length === 0)
      note = input.status === 'posted' ? '本期无拨付指令' : '本期尚未过账，过账后生成拨付指令';
  }
  const meta: [string, string][] = [
    ['清算期', input.period],
    ['状态', STATUS_NAMES[input.status] ?? input.status],
    ['生成时间', input.generated_at],
  ];
  if (note) meta.push(['说明', note]);
  return {
    kind,
    title: `${input.period} ${STATEMENT_TITLES[kind]}`,
    period: input.period,
    generated_at: input.generated_at,
    meta,
    columns,
    rows,
    totals: totalsOf(columns, rows),
  };
}

/** A cell as CSV text: fen as yuan with two decimals, quoted when it holds a comma, quote or line break. */
function csvCell(value: Cell, kind: ColumnKind | undefined): string {
  const text = kind === 'fen' && typeof value === 'number' ? formatYuan(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 byte order mark: Excel reads a CSV without it as the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/** The statement as CSV (RFC 4180, CRLF), BOM first: title, meta lines, a blank line, the table and 合计. */
export function statementCsv(statement: Statement): string {
  const lines: string[] = [csvCell(statement.title, 'text')];
  for (const [label, value] of statement.meta)
    lines.push(`${csvCell(label, 'text')},${csvCell(value, 'text')}`);
  lines.push('');
  lines.push(statement.columns.map((c) => csvCell(c.header, 'text')).join(','));
  for (const row of [...statement.rows, statement.totals])
    lines.push(row.map((cell, i) => csvCell(cell, statement.columns[i]?.kind)).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** The download's file name, e.g. 2026-05-清算表（省对）.xlsx (ASCII fallback: clearing-2026-05-pairs.xlsx). */
export function statementFileNames(
  kind: StatementKind,
  period: string,
  format: 'xlsx' | 'csv',
): { ascii: string; utf8: string } {
  return {
    ascii: `clearing-${period}-${kind}.${format}`,
    utf8: `${period}${STATEMENT_TITLES[kind]}.${format}`,
  };
}
