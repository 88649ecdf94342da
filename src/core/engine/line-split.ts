// Step 1 of settlement.md (就医地目录): each fee line split into 全自费 / 超限价 / 先行自付 / 符合范围.
import { divRound, formatPercent, formatYuan, mulDivRound } from '../money.ts';
import type { CatalogueIndex } from './catalogue-index.ts';
import type { BillTotals, FeeLine, LineSplit, Visit } from './model.ts';
import { type Problem, SettlementRefused } from './problems.ts';

/** A line's amount may differ from cnt × pric by at most 0.01 yuan = 10⁸ units of 10⁻¹⁰ yuan (cnt ×10⁴ · pric ×10⁶). */
const TOLERANCE_E10 = 100_000_000n;
const FEN_TO_E10 = 100_000_000n;
/** pric is held ×10⁶ yuan, a fen is 10⁴ of those. */
const PRIC_E6_PER_FEN = 10_000;

/** Checks the lines against the visit, splits each one, and sums the bill; throws SettlementRefused. */
export function splitBill(
  lines: readonly FeeLine[],
  catalogue: CatalogueIndex,
  visit: Visit,
  setlTime: string,
  path = 'feedetail',
): { splits: LineSplit[]; totals: BillTotals } {
  const problems = lines.flatMap((line, i) => checkLine(line, visit, setlTime, `${path}[${i}]`));
  if (problems.length > 0) throw new SettlementRefused('invalid-fee-lines', problems);
  const splits = lines.map((line) => splitLine(line, catalogue));
  const totals = sumSplits(splits);
  if (totals.medfee_fen < 0) {
    throw new SettlementRefused('negative-visit', [
      { path, message: `the visit's total ${formatYuan(totals.medfee_fen)} is negative` },
    ]);
  }
  return { splits, totals };
}

function checkLine(line: FeeLine, visit: Visit, setlTime: string, at: string): Problem[] {
  const problems: Problem[] = [];
  const sn = `(feedetl_sn ${line.feedetl_sn})`;
  const exact = BigInt(line.cnt_e4) * BigInt(line.pric_e6);
  const diff = BigInt(line.amount_fen) * FEN_TO_E10 - exact;
  if (diff > TOLERANCE_E10 || diff < -TOLERANCE_E10) {
    const product = formatYuan(Number(divRound(exact, FEN_TO_E10)));
    problems.push({
      path: `${at}.det_item_fee_sumamt`,
      message: `${formatYuan(line.amount_fen)} differs from cnt × pric ${product} by more than 0.01 ${sn}`,
    });
  }
  if ((line.amount_fen > 0 && line.cnt_e4 < 0) || (line.amount_fen < 0 && line.cnt_e4 > 0)) {
    problems.push({ path: `${at}.cnt`, message: `must have the sign of det_item_fee_sumamt ${sn}` });
  }
  const end = visit.endtime ?? setlTime;
  if (line.fee_ocur_time < visit.begntime || line.fee_ocur_time > end) {
    problems.push({
      path: `${at}.fee_ocur_time`,
      message: `${line.fee_ocur_time} is outside the visit (${visit.begntime} – ${end}) ${sn}`,
    });
  }
  return problems;
}

/** Splits one valid line with the catalogue version valid on the day of the fee. */
export function splitLine(line: FeeLine, catalogue: CatalogueIndex): LineSplit {
  const amount = line.amount_fen;
  const item = catalogue.find(line.med_list_codg, line.fee_ocur_time.slice(0, 10));
  const own = (memo: string): LineSplit => ({
    line,
    item,
    fulamt_ownpay_fen: amount,
    overlmt_fen: 0,
    preselfpay_fen: 0,
    inscp_fen: 0,
    memo,
  });
  if (!item) return own('目录外项目（就医地目录未收录或不在有效期内），全自费');
  if (item.chrgitm_lv === '03') return own('丙类项目，全自费');
  if (item.lmt_used_flag === '1' && line.hosp_appr_flag !== '1') return own('限制使用项目未经审批，全自费');

  const memos: string[] = [];
  let overlmt = 0;
  const capE6 = item.pric_uplmt_fen === null ? undefined : item.pric_uplmt_fen * PRIC_E6_PER_FEN;
  if (capE6 !== undefined && line.pric_e6 > capE6) {
    // (pric − cap) × cnt, held ×10¹⁰ yuan, to fen: one rounding, symmetric for refund lines.
    overlmt = Number(divRound(BigInt(line.pric_e6 - capE6) * BigInt(line.cnt_e4), FEN_TO_E10));
    // The amount may be up to 0.01 below cnt × pric: the excess never takes more than the line.
    overlmt = amount >= 0 ? Math.min(overlmt, amount) : Math.max(overlmt, amount);
    memos.push(`单价超过限价${formatYuan(item.pric_uplmt_fen!)}，超限价${formatYuan(overlmt)}`);
  }
  const rest = amount - overlmt;
  const preselfpay = item.chrgitm_lv === '02' ? mulDivRound(rest, item.selfpay_prop_bp, 10_000) : 0;
  if (item.chrgitm_lv === '02' && item.selfpay_prop_bp > 0)
    memos.push(`乙类先行自付${formatPercent(item.selfpay_prop_bp)}`);
  return {
    line,
    item,
    fulamt_ownpay_fen: 0,
    overlmt_fen: overlmt,
    preselfpay_fen: preselfpay,
    inscp_fen: rest - preselfpay,
    memo: memos.join('；'),
  };
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
