// A line of the bill as the workstation edits it, and its 2301/2204 feedetail row.
import { clampTime, lineAmountFen, yuanText } from './money.ts';
import type { FeeResult } from './national.ts';

export interface BillLine {
  readonly feedetl_sn: string;
  readonly code: string;
  readonly name: string;
  /** As typed: the interface takes up to 4 decimals of quantity and 6 of price, exactly. */
  readonly cnt: string;
  readonly pric: string;
  readonly time: string;
  /** 限制使用 items need the hospital's approval (hosp_appr_flag 1) to be covered. */
  readonly restricted: boolean;
  readonly approved: boolean;
  readonly status: 'draft' | 'uploaded' | 'settled';
  readonly result?: FeeResult;
  /** The settlement that covers the line while it stands. */
  readonly setl_id?: string;
}

/** The 4 lines of the worked example (laozhang.case.json): 25,000.00, of it 2,000.00 全自费, 2,000.00 先行自付. */
export const STANDARD_BILL = [
  { code: '001102000010000', cnt: '10', pric: '100', time: '2026-05-12 08:00:00' },
  { code: '003312000030000', cnt: '1', pric: '2000', time: '2026-05-04 10:00:00' },
  { code: 'XC01EBN123A001010100001', cnt: '200', pric: '100', time: '2026-05-05 09:00:00' },
  { code: 'C03010100100000000000000010', cnt: '20', pric: '100', time: '2026-05-04 10:00:00' },
] as const;

/** The example's times, moved into this stay when it is another one (fees outside the stay are refused). */
export const timeInStay = (time: string, begntime: string, latest: string): string =>
  clampTime(time, begntime, latest);

export interface VisitOfLine {
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly med_type: string;
  readonly chrg_bchno?: string;
  readonly dept_code: string;
  readonly dept_name: string;
}

export function feedetailOf(line: BillLine, visit: VisitOfLine): Record<string, unknown> {
  const amount = lineAmountFen(line.cnt, line.pric);
  return {
    feedetl_sn: line.feedetl_sn,
    mdtrt_id: visit.mdtrt_id,
    psn_no: visit.psn_no,
    ...(visit.chrg_bchno ? { chrg_bchno: visit.chrg_bchno } : {}),
    med_type: visit.med_type,
    fee_ocur_time: line.time,
    med_list_codg: line.code,
    medins_list_codg: `HIS-${line.code.slice(-8)}`,
    det_item_fee_sumamt: amount === undefined ? '' : yuanText(amount),
    cnt: line.cnt,
    pric: line.pric,
    hosp_appr_flag: line.restricted && line.approved ? '1' : '0',
    bilg_dept_codg: visit.dept_code,
    bilg_dept_name: visit.dept_name,
    bilg_dr_codg: 'D001',
    bilg_dr_name: '医师',
  };
}
