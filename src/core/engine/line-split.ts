// Step 1 of settlement.md (就医地目录): each fee line split into 全自费 / 超限价 / 先行自付 / 符合范围.
import { BP_PER_UNIT, divRound, formatPercent, formatYuan, mulDivRound } from '../money.ts';
import type { CatalogueIndex } from './catalogue-index.ts';
import type { BillTotals, CatalogueItem, FeeLine, LineSplit, Visit } from './model.ts';
import { type Problem, SettlementRefused } from './problems.ts';

/** A line's amount may differ from cnt × pric by at most 0.01 yuan = 10⁸ units of 10⁻¹⁰ yuan (cnt ×10⁴ · pric ×10⁶). */
const TOLERANCE_E10 = 100_000_000;
const FEN_TO_E10 = 100_000_000;
/** pric is held ×10⁶ yuan, a fen is 10⁴ of those. */
const PRIC_E6_PER_FEN = 10_000;

const NOT_LISTED_MEMO = '目录外项目（就医地目录未收录或不在有效期内），全自费';
const CLASS_C_MEMO = '丙类项目，全自费';
const NOT_APPROVED_MEMO = '限制使用项目未经审批，全自费';
// Weak: a catalogue replaced by a new version takes its memo prefixes with it.
const overCapMemoPrefixes = new WeakMap<CatalogueItem, string>();
/**
 * `乙类先行自付10%` by selfpay_prop in basis points: a few distinct ratios serve every 乙类 line of a catalogue.
 * Filled up front with undefined so that V8 keeps it a plain array (a sparse one becomes a hash table).
 */
const selfpayMemos = Array.from<string | undefined>({ length: BP_PER_UNIT + 1 });

const NEGATIVE_PARTS = [
  ['fulamt_ownpay_fen', 'fulamt_ownpay_amt'],
  ['overlmt_fen', 'overlmt_selfpay'],
  ['preselfpay_fen', 'preselfpay_amt'],
  ['inscp_fen', 'inscp_scp_amt'],
] as const;

/** Checks the lines against the visit, splits each one, and sums the bill; throws SettlementRefused. */
export function splitBill(
  lines: readonly FeeLine[],
  catalogue: CatalogueIndex,
  visit: Visit,
  setlTime: string,
  path = 'feedetail',
): { splits: LineSplit[]; totals: BillTotals } {
  const splits = splitLines(lines, catalogue, visit, setlTime, path);
  const totals = sumSplits(splits);
  if (totals.medfee_fen < 0) {
    throw new SettlementRefused('negative-visit', [
      { path, message: `the visit's total ${formatYuan(totals.medfee_fen)} is negative` },
    ]);
  }
  // A refund split under another catalogue version than its charge (or of a charge not in this visit) can
  // leave one part negative while the total is not; no amount of a settlement may be negative.
  const negative = NEGATIVE_PARTS.find(([field]) => totals[field] < 0);
  if (negative) {
    const [field, name] = negative;
    throw new SettlementRefused('negative-visit', [
      {
        path,
        message: `refunds make the visit's ${name} ${formatYuan(totals[field])}: a refund must be split as its charge was (same day's catalogue version, same visit)`,
      },
    ]);
  }
  return { splits, totals };
}

/**
 * Checks the lines against the visit and splits each one, without judging the bill as a whole: a fee upload
 * (2301/2204) may be a batch of refunds whose charges came earlier. Throws SettlementRefused.
 */
export function splitLines(
  lines: readonly FeeLine[],
  catalogue: CatalogueIndex,
  visit: Visit,
  setlTime: string,
  path = 'feedetail',
): LineSplit[] {
  const end = visit.endtime ?? setlTime;
  let problems: Problem[] | undefined;
  for (let i = 0; i < lines.length; i++)
    problems = checkLine(lines[i]!, visit.begntime, end, path, i, problems);
  if (problems !== undefined) throw new SettlementRefused('invalid-fee-lines', problems);
  const splits: LineSplit[] = [];
  for (let i = 0; i < lines.length; i++) splits.push(splitLine(lines[i]!, catalogue));
  return splits;
}

/**
 * Adds the line's problems to `problems` (made on the first one) and returns it: a valid line, the usual case,
 * costs no allocation, and its path and messages are only written when it has a problem.
 */
function checkLine(
  line: FeeLine,
  begin: string,
  end: string,
  path: string,
  index: number,
  problems: Problem[] | undefined,
): Problem[] | undefined {
  let found = problems;
  if (!amountMatches(line)) {
    const product = formatYuan(
      Number(divRound(BigInt(line.cnt_e4) * BigInt(line.pric_e6), BigInt(FEN_TO_E10))),
    );
    found = added(found, {
      path: `${path}[${index}].det_item_fee_sumamt`,
      message: `${formatYuan(line.amount_fen)} differs from cnt × pric ${product} by more than 0.01 ${serial(line)}`,
    });
  }
  if ((line.amount_fen > 0 && line.cnt_e4 < 0) || (line.amount_fen < 0 && line.cnt_e4 > 0)) {
    found = added(found, {
      path: `${path}[${index}].cnt`,
      message: `must have the sign of det_item_fee_sumamt ${serial(line)}`,
    });
  }
  if (line.fee_ocur_time < begin || line.fee_ocur_time > end) {
    found = added(found, {
      path: `${path}[${index}].fee_ocur_time`,
      message: `${line.fee_ocur_time} is outside the visit (${begin} – ${end}) ${serial(line)}`,
    });
  }
  return found;
}

const serial = (line: FeeLine): string => `(feedetl_sn ${line.feedetl_sn})`;

function added(problems: Problem[] | undefined, problem: Problem): Problem[] {
  if (problems === undefined) return [problem];
  problems.push(problem);
  return problems;
}

/** |amount − cnt × pric| ≤ 0.01 yuan, computed exactly. */
function amountMatches(line: FeeLine): boolean {
  const product_e10 = line.cnt_e4 * line.pric_e6;
  const amount_e10 = line.amount_fen * FEN_TO_E10;
  // A correctly rounded product below 2^53 is exact; the difference of two such is exact as well, or so far
  // beyond the tolerance that its rounding does not matter. Lines above 900,000 yuan go the BigInt way.
  if (Math.abs(product_e10) <= Number.MAX_SAFE_INTEGER && Math.abs(amount_e10) <= Number.MAX_SAFE_INTEGER) {
    const diff_e10 = amount_e10 - product_e10;
    return diff_e10 <= TOLERANCE_E10 && diff_e10 >= -TOLERANCE_E10;
  }
  const diff = BigInt(line.amount_fen) * BigInt(FEN_TO_E10) - BigInt(line.cnt_e4) * BigInt(line.pric_e6);
  return diff <= BigInt(TOLERANCE_E10) && diff >= -BigInt(TOLERANCE_E10);
}

/** The whole line paid by the person (全自费). */
function ownPay(line: FeeLine, item: CatalogueItem | undefined, memo: string): LineSplit {
  return {
    line,
    item,
    fulamt_ownpay_fen: line.amount_fen,
    overlmt_fen: 0,
    preselfpay_fen: 0,
    inscp_fen: 0,
    memo,
  };
}

/** Splits one valid line with the catalogue version valid on the day of the fee. */
export function splitLine(line: FeeLine, catalogue: CatalogueIndex): LineSplit {
  const amount = line.amount_fen;
  const item = catalogue.findAt(line.med_list_codg, line.fee_ocur_time);
  if (!item) return ownPay(line, item, NOT_LISTED_MEMO);
  if (item.chrgitm_lv === '03') return ownPay(line, item, CLASS_C_MEMO);
  if (item.lmt_used_flag === '1' && line.hosp_appr_flag !== '1') return ownPay(line, item, NOT_APPROVED_MEMO);

  let memo = '';
  let overlmt = 0;
  const capE6 = item.pric_uplmt_fen === null ? undefined : item.pric_uplmt_fen * PRIC_E6_PER_FEN;
  if (capE6 !== undefined && line.pric_e6 > capE6) {
    // (pric − cap) × cnt, held ×10¹⁰ yuan, to fen: one rounding, symmetric for refund lines.
    const excess_e6 = line.pric_e6 - capE6;
    overlmt =
      Number.isSafeInteger(excess_e6) && Number.isSafeInteger(line.cnt_e4)
        ? mulDivRound(excess_e6, line.cnt_e4, FEN_TO_E10)
        : Number(divRound(BigInt(excess_e6) * BigInt(line.cnt_e4), BigInt(FEN_TO_E10)));
    // The amount may be up to 0.01 below cnt × pric: the excess never takes more than the line.
    overlmt = amount >= 0 ? Math.min(overlmt, amount) : Math.max(overlmt, amount);
    memo = overCapMemoPrefix(item) + formatYuan(overlmt);
  }
  const rest = amount - overlmt;
  let preselfpay = 0;
  if (item.chrgitm_lv === '02') {
    const selfpay_bp = item.selfpay_prop_bp;
    preselfpay = mulDivRound(rest, selfpay_bp, BP_PER_UNIT);
    if (selfpay_bp > 0) {
      const selfpayMemo = selfpayMemoOf(selfpay_bp);
      memo = memo === '' ? selfpayMemo : `${memo}；${selfpayMemo}`;
    }
  }
  return {
    line,
    item,
    fulamt_ownpay_fen: 0,
    overlmt_fen: overlmt,
    preselfpay_fen: preselfpay,
    inscp_fen: rest - preselfpay,
    memo,
  };
}

/** `单价超过限价100.00，超限价`: the part of an over-cap memo that depends on the item only, made once per item. */
function overCapMemoPrefix(item: CatalogueItem): string {
  let prefix = overCapMemoPrefixes.get(item);
  if (prefix === undefined) {
    prefix = `单价超过限价${formatYuan(item.pric_uplmt_fen!)}，超限价`;
    overCapMemoPrefixes.set(item, prefix);
  }
  return prefix;
}

function selfpayMemoOf(selfpay_bp: number): string {
  const cached = selfpayMemos[selfpay_bp];
  if (cached !== undefined) return cached;
  const memo = `乙类先行自付${formatPercent(selfpay_bp)}`;
  if (Number.isInteger(selfpay_bp) && selfpay_bp <= BP_PER_UNIT) selfpayMemos[selfpay_bp] = memo;
  return memo;
}

export function sumSplits(splits: readonly LineSplit[]): BillTotals {
  let medfee = 0;
  let fulamt = 0;
  let overlmt = 0;
  let preselfpay = 0;
  let inscp = 0;
  for (const s of splits) {
    medfee += s.line.amount_fen;
    fulamt += s.fulamt_ownpay_fen;
    overlmt += s.overlmt_fen;
    preselfpay += s.preselfpay_fen;
    inscp += s.inscp_fen;
  }
  return {
    medfee_fen: medfee,
    fulamt_ownpay_fen: fulamt,
    overlmt_fen: overlmt,
    preselfpay_fen: preselfpay,
    inscp_fen: inscp,
  };
}
