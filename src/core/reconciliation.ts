// 对账 (3201/3202): the hospital's statement against the node's own records, as pure comparisons; no I/O here.
import { formatYuan, parseYuan } from './money.ts';

/** One settlement (refd_setl_flag 0) or cancel record (1, amounts negated) as the node keeps it. */
export interface LedgerEntry {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly msgid: string;
  readonly refd_setl_flag: '0' | '1';
  readonly medfee_sumamt_fen: number;
  readonly fund_pay_sumamt_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_pay_fen: number;
}

/** Totals of a statement period; a field the statement does not carry is left out. */
export interface StatementTotals {
  readonly medfee_sumamt_fen?: number;
  readonly fund_pay_sumamt_fen?: number;
  readonly acct_pay_fen?: number;
  readonly cash_payamt_fen?: number;
  readonly fixmedins_setl_cnt?: number;
}

const TOTAL_LABELS: readonly (readonly [keyof StatementTotals, string, 'yuan' | 'count'])[] = [
  ['medfee_sumamt_fen', '医疗费总额', 'yuan'],
  ['fund_pay_sumamt_fen', '基金支付总额', 'yuan'],
  ['acct_pay_fen', '个人账户支付', 'yuan'],
  ['cash_payamt_fen', '现金支付', 'yuan'],
  ['fixmedins_setl_cnt', '结算笔数', 'count'],
];

/**
 * The node's totals of the records a statement covers. Amounts simply add (a cancel record is negated, so a
 * settlement and its cancel net to zero). The count follows the same idea: with no refd_setl_flag asked, a
 * settlement counts +1 and a cancel record −1 (net settlements); when a flag is asked, the records of that
 * flag are counted (the settlements, or the cancels, each as one).
 */
export function totalsOf(
  entries: readonly LedgerEntry[],
  refdSetlFlag?: '0' | '1',
): Required<StatementTotals> {
  let medfee = 0;
  let fund = 0;
  let acct = 0;
  let cash = 0;
  let count = 0;
  for (const e of entries) {
    medfee += e.medfee_sumamt_fen;
    fund += e.fund_pay_sumamt_fen;
    acct += e.acct_pay_fen;
    cash += e.psn_cash_pay_fen;
    count += refdSetlFlag === undefined && e.refd_setl_flag === '1' ? -1 : 1;
  }
  return {
    medfee_sumamt_fen: medfee,
    fund_pay_sumamt_fen: fund,
    acct_pay_fen: acct,
    cash_payamt_fen: cash,
    fixmedins_setl_cnt: count,
  };
}

export interface TotalsComparison {
  /** 对账结果: 0 平, 1 不平. */
  readonly stmt_rslt: '0' | '1';
  /** In Chinese: what differs, the hospital's and the node's figure, and by how much (hospital − node). */
  readonly stmt_rslt_dscr: string;
}

/** Compares the totals the hospital declared with the node's, field by field (only those the hospital sent). */
export function compareTotals(hospital: StatementTotals, node: Required<StatementTotals>): TotalsComparison {
  const differences: string[] = [];
  for (const [field, label, unit] of TOTAL_LABELS) {
    const declared = hospital[field];
    if (declared === undefined) continue;
    const own = node[field];
    if (declared === own) continue;
    const show = unit === 'yuan' ? formatYuan : String;
    const delta = declared - own;
    differences.push(
      `${label}不符：医药机构${show(declared)}，中心${show(own)}，相差${delta > 0 ? '+' : ''}${show(delta)}`,
    );
  }
  return differences.length === 0
    ? { stmt_rslt: '0', stmt_rslt_dscr: '平：医药机构与中心的结算总额、笔数一致' }
    : { stmt_rslt: '1', stmt_rslt_dscr: `不平：${differences.join('；')}` };
}

// ---- 3202: the hospital's detail file, one settlement per line ----

/** Columns of the detail file, in order (national practice: tab-separated, no header). */
export const DETAIL_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
  'refd_setl_flag',
] as const;

/** How many lines a detail file may hold: a month of a large hospital is far below it. */
export const MAX_DETAIL_LINES = 200_000;

export interface DetailLine {
  /** 1-based line number in the file, for the hospital to find it. */
  readonly line: number;
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly medfee_sumamt_fen: number;
  readonly fund_pay_sumamt_fen: number;
  readonly acct_pay_fen: number;
  readonly refd_setl_flag: '0' | '1';
}

export interface DetailProblem {
  readonly line: number;
  /** 1-based column, or 0 when the whole line is wrong (too few columns). */
  readonly column: number;
  readonly reason: string;
}

export type ParsedDetails =
  | { readonly ok: true; readonly lines: readonly DetailLine[] }
  | { readonly ok: false; readonly problem: DetailProblem };

/** Problem text as err_msg shows it: `第3行第4列（medfee_sumamt）：小数位超过2位`. */
export function describeDetailProblem(problem: DetailProblem): string {
  const where =
    problem.column === 0
      ? `第${problem.line}行`
      : `第${problem.line}行第${problem.column}列（${DETAIL_COLUMNS[problem.column - 1]}）`;
  return `${where}：${problem.reason}`;
}

/**
 * Parses the detail text: tab-separated, LF or CRLF, blank lines ignored, a header line of the column names
 * tolerated. The first bad line is refused, naming its line and column; a setl_id may appear once.
 */
export function parseDetails(text: string): ParsedDetails {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: DetailLine[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i]!;
    const line = i + 1;
    if (raw.trim() === '') continue;
    const cells = raw.split('\t').map((c) => c.trim());
    if (lines.length === 0 && cells[0] === DETAIL_COLUMNS[0] && cells[1] === DETAIL_COLUMNS[1]) continue;
    const fail = (column: number, reason: string): ParsedDetails => ({
      ok: false,
      problem: { line, column, reason },
    });
    if (cells.length !== DETAIL_COLUMNS.length)
      return fail(0, `应有${DETAIL_COLUMNS.length}列（以制表符分隔），实有${cells.length}列`);
    if (lines.length >= MAX_DETAIL_LINES) return fail(0, `明细超过${MAX_DETAIL_LINES}行`);
    const [setlId, mdtrtId, psnNo, medfee, fund, acct, flag] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    for (const [column, value] of [
      [1, setlId],
      [2, mdtrtId],
      [3, psnNo],
    ] as const) {
      if (value === '') return fail(column, '必填');
      if (value.length > 50) return fail(column, '长度不能超过50位');
    }
    const amounts: number[] = [];
    for (const [column, value] of [
      [4, medfee],
      [5, fund],
      [6, acct],
    ] as const) {
      if (value === '') return fail(column, '必填');
      const parsed = parseYuan(value);
      if (!parsed.ok)
        return fail(
          column,
          parsed.problem.kind === 'too-many-decimals'
            ? '小数位超过2位'
            : parsed.problem.kind === 'too-large'
              ? '数值过大'
              : '应为数值',
        );
      amounts.push(parsed.value);
    }
    if (flag !== '0' && flag !== '1') return fail(7, '应为0或1');
    const earlier = seen.get(setlId);
    if (earlier !== undefined) return fail(1, `结算ID${setlId}与第${earlier}行重复`);
    seen.set(setlId, line);
    lines.push({
      line,
      setl_id: setlId,
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      medfee_sumamt_fen: amounts[0]!,
      fund_pay_sumamt_fen: amounts[1]!,
      acct_pay_fen: amounts[2]!,
      refd_setl_flag: flag,
    });
  }
  return { ok: true, lines };
}

/** One row of the result file: a settlement and what the comparison found. */
export interface DetailResult {
  readonly psn_no: string;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  /** The message that made the record on the node; empty when the node has no such record. */
  readonly msgid: string;
  readonly stmt_rslt: '0' | '1';
  readonly refd_setl_flag: '0' | '1';
  readonly memo: string;
  /** The node's amounts where it has the record, else the hospital's. */
  readonly medfee_sumamt_fen: number;
  readonly fund_pay_sumamt_fen: number;
  readonly acct_pay_fen: number;
}

const LINE_FIELDS = [
  ['medfee_sumamt_fen', '医疗费总额'],
  ['fund_pay_sumamt_fen', '基金支付总额'],
  ['acct_pay_fen', '个人账户支付'],
] as const;

/**
 * Compares the hospital's lines with the node's records of the same scope, one by one by setl_id: every
 * settlement of either side gives one row, balanced or not. `elsewhere` tells, for a setl_id the hospital
 * has but the scope does not, why the node does not count it there (another period, clearing type, …).
 */
export function compareDetails(
  hospital: readonly DetailLine[],
  node: readonly LedgerEntry[],
  elsewhere: (setlId: string) => string | undefined = () => undefined,
): DetailResult[] {
  const own = new Map(node.map((e) => [e.setl_id, e]));
  const results: DetailResult[] = [];
  for (const line of hospital) {
    const entry = own.get(line.setl_id);
    if (!entry) {
      const why = elsewhere(line.setl_id);
      results.push({
        ...line,
        msgid: '',
        stmt_rslt: '1',
        memo: `医药机构有、中心无：中心对账范围内没有该结算记录${why ? `（${why}）` : ''}`,
      });
      continue;
    }
    own.delete(line.setl_id);
    const differences: string[] = [];
    if (entry.mdtrt_id !== line.mdtrt_id)
      differences.push(`就诊ID不符：医药机构${line.mdtrt_id}，中心${entry.mdtrt_id}`);
    if (entry.psn_no !== line.psn_no)
      differences.push(`人员编号不符：医药机构${line.psn_no}，中心${entry.psn_no}`);
    if (entry.refd_setl_flag !== line.refd_setl_flag)
      differences.push(`退费结算标志不符：医药机构${line.refd_setl_flag}，中心${entry.refd_setl_flag}`);
    for (const [field, label] of LINE_FIELDS) {
      if (entry[field] === line[field]) continue;
      const delta = line[field] - entry[field];
      differences.push(
        `${label}不符：医药机构${formatYuan(line[field])}，中心${formatYuan(entry[field])}，相差${delta > 0 ? '+' : ''}${formatYuan(delta)}`,
      );
    }
    results.push({
      psn_no: entry.psn_no,
      mdtrt_id: entry.mdtrt_id,
      setl_id: entry.setl_id,
      msgid: entry.msgid,
      stmt_rslt: differences.length === 0 ? '0' : '1',
      refd_setl_flag: entry.refd_setl_flag,
      memo: differences.length === 0 ? '平' : differences.join('；'),
      medfee_sumamt_fen: entry.medfee_sumamt_fen,
      fund_pay_sumamt_fen: entry.fund_pay_sumamt_fen,
      acct_pay_fen: entry.acct_pay_fen,
    });
  }
  for (const entry of own.values())
    results.push({
      psn_no: entry.psn_no,
      mdtrt_id: entry.mdtrt_id,
      setl_id: entry.setl_id,
      msgid: entry.msgid,
      stmt_rslt: '1',
      refd_setl_flag: entry.refd_setl_flag,
      memo: '中心有、医药机构无：医药机构明细文件中没有该结算记录',
      medfee_sumamt_fen: entry.medfee_sumamt_fen,
      fund_pay_sumamt_fen: entry.fund_pay_sumamt_fen,
      acct_pay_fen: entry.acct_pay_fen,
    });
  return results;
}

/** Columns of the result file, in order. */
export const RESULT_COLUMNS = [
  'psn_no',
  'mdtrt_id',
  'setl_id',
  'msgid',
  'stmt_rslt',
  'refd_setl_flag',
  'memo',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
] as const;

/** The result file's text: tab-separated, one row per settlement, no header, LF line ends. */
export function resultText(results: readonly DetailResult[]): string {
  return results
    .map((r) =>
      [
        r.psn_no,
        r.mdtrt_id,
        r.setl_id,
        r.msgid,
        r.stmt_rslt,
        r.refd_setl_flag,
        // a tab or line break inside the memo would break the row
        r.memo.replace(/[\t\r\n]/g, ' '),
        formatYuan(r.medfee_sumamt_fen),
        formatYuan(r.fund_pay_sumamt_fen),
        formatYuan(r.acct_pay_fen),
      ].join('\t'),
    )
    .map((row) => `${row}\n`)
    .join('');
}
