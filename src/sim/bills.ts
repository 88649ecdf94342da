// Bills as a hospital runs them up: items of the treatment province's catalogue, prices near their caps, fee times
// inside the visit. Amounts are whole fen (cnt × pric exactly), so the platform's own split gives the same total.
import type { CatalogueRow } from '../core/dataset/schema.ts';
import { formatChinaDateTime } from '../core/time.ts';
import { type Random, spread } from '../demo/random.ts';

export interface BillLine {
  readonly code: string;
  readonly pric_fen: number;
  readonly cnt: number;
  readonly amount_fen: number;
  readonly time: string;
  /** A restricted item (lmt_used_flag 1) the hospital approved, or not. */
  readonly approved: boolean;
}

export interface BillShape {
  readonly lines: readonly [number, number];
  /** The bill's total in yuan, roughly: min and max. */
  readonly total_yuan: readonly [number, number];
  /** Drugs only (a pharmacy). */
  readonly drugsOnly?: boolean;
}

export const INPATIENT_BILL: BillShape = { lines: [8, 40], total_yuan: [2_000, 60_000] };
export const OUTPATIENT_BILL: BillShape = { lines: [1, 6], total_yuan: [20, 800] };
export const CHRONIC_BILL: BillShape = { lines: [1, 5], total_yuan: [100, 1_500] };
export const PHARMACY_BILL: BillShape = { lines: [1, 4], total_yuan: [10, 500], drugsOnly: true };

/** Price ranges in yuan by list type when the catalogue sets no cap. */
const PRICE_YUAN: Readonly<Record<string, readonly [number, number]>> = {
  '101': [0.5, 400],
  '102': [1, 300],
  '103': [0.2, 60],
  '104': [5, 500],
  '201': [3, 3_000],
  '301': [10, 8_000],
};
const MAX_CNT = 999;
/** Share of capped items billed over their cap (the excess is the patient's: 超限价自付). */
const OVER_CAP_SHARE = 0.03;

const isDrug = (row: CatalogueRow): boolean => row.list_type.startsWith('1');
const toFen = (value: number | string): number => Math.round(Number(value) * 100);

/** A bill of the given shape with fee times spread over [fromMs, toMs]. */
export function makeBill(
  catalogue: readonly CatalogueRow[],
  shape: BillShape,
  random: Random,
  fromMs: number,
  toMs: number,
): BillLine[] {
  const count = random.int(shape.lines[0], shape.lines[1]);
  const perLineFen = (spread(random, shape.total_yuan[0], shape.total_yuan[1]) * 100) / count;
  const lines: BillLine[] = [];
  for (let i = 0; i < count; i++) {
    let row = random.pick(catalogue);
    for (let draw = 0; shape.drugsOnly && !isDrug(row) && draw < 20; draw++) row = random.pick(catalogue);
    const pricFen = priceOf(row, random);
    const cnt = Math.min(MAX_CNT, Math.max(1, Math.round(perLineFen / pricFen)));
    const at = fromMs + Math.floor(random.next() * Math.max(0, toMs - fromMs));
    lines.push({
      code: row.hilist_code,
      pric_fen: pricFen,
      cnt,
      amount_fen: pricFen * cnt,
      time: formatChinaDateTime(at),
      approved: row.lmt_used_flag === '1' && random.chance(0.7),
    });
  }
  return lines;
}

function priceOf(row: CatalogueRow, random: Random): number {
  const cap =
    row.pric_uplmt_amt === undefined || row.pric_uplmt_amt === null ? undefined : toFen(row.pric_uplmt_amt);
  if (cap !== undefined && cap > 0) {
    if (random.chance(OVER_CAP_SHARE)) return cap + Math.max(1, Math.round(cap * random.next() * 0.3));
    return Math.max(1, Math.round(cap * (0.6 + 0.4 * random.next())));
  }
  const [min, max] = PRICE_YUAN[row.list_type] ?? [1, 500];
  return Math.max(1, Math.round(spread(random, min, max) * 100));
}

export const billTotalFen = (lines: readonly BillLine[]): number =>
  lines.reduce((sum, line) => sum + line.amount_fen, 0);

/** feedetail[] rows of 2301/2204 as a HIS sends them. */
export function feeDetail(
  lines: readonly BillLine[],
  visit: { mdtrt_id: string; psn_no: string; med_type: string; chrg_bchno?: string },
  firstSerial = 1,
): Record<string, unknown>[] {
  return lines.map((line, i) => ({
    feedetl_sn: `${visit.mdtrt_id}-${firstSerial + i}`,
    mdtrt_id: visit.mdtrt_id,
    psn_no: visit.psn_no,
    ...(visit.chrg_bchno ? { chrg_bchno: visit.chrg_bchno } : {}),
    med_type: visit.med_type,
    fee_ocur_time: line.time,
    med_list_codg: line.code,
    medins_list_codg: `HIS${line.code.slice(-8)}`,
    det_item_fee_sumamt: line.amount_fen / 100,
    cnt: line.cnt,
    pric: line.pric_fen / 100,
    hosp_appr_flag: line.approved ? '1' : '0',
    bilg_dept_codg: 'A03',
    bilg_dept_name: '内科',
    bilg_dr_codg: 'D001',
    bilg_dr_name: '医师',
  }));
}
