// settlement.md Step 1 (就医地目录): every fee line checked against the visit and split by the treatment catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueOf,
  catalogueRow,
  type FeeRow,
  feeLines,
  feeRow,
  SETL_TIME,
  VISIT,
} from '../../../test/support/settlement.ts';
import { splitBill } from './line-split.ts';
import type { Visit } from './model.ts';
import { SettlementRefused } from './problems.ts';

const CATALOGUE = catalogueOf([
  catalogueRow({ hilist_code: 'JIA', chrgitm_lv: '01', selfpay_prop: 0.2 }),
  catalogueRow({ hilist_code: 'YI', chrgitm_lv: '02', selfpay_prop: 0.15, pric_uplmt_amt: 10 }),
  catalogueRow({ hilist_code: 'YI_TENTH', chrgitm_lv: '02', selfpay_prop: 0.1 }),
  catalogueRow({ hilist_code: 'YI_NO_PROP', chrgitm_lv: '02' }),
  catalogueRow({ hilist_code: 'YI_NULL_PROP', chrgitm_lv: '02', selfpay_prop: null }),
  catalogueRow({ hilist_code: 'BING', chrgitm_lv: '03', selfpay_prop: 1 }),
  catalogueRow({ hilist_code: 'BING_SHORT', chrgitm_lv: '3' }),
  catalogueRow({ hilist_code: 'RESTRICTED', chrgitm_lv: '02', selfpay_prop: 0.1, lmt_used_flag: '1' }),
  catalogueRow({ hilist_code: 'OLD', chrgitm_lv: '01', begndate: '2025-01-01', enddate: '2026-04-30' }),
  // One code in two versions: 乙类 10% through 7 May, 甲类 from 8 May.
  catalogueRow({ hilist_code: 'CHANGED', chrgitm_lv: '02', selfpay_prop: 0.1, enddate: '2026-05-07' }),
  catalogueRow({ hilist_code: 'CHANGED', chrgitm_lv: '01', begndate: '2026-05-08' }),
  // A gap: valid through 5 May and again from 7 May.
  catalogueRow({ hilist_code: 'GAP', chrgitm_lv: '01', enddate: '2026-05-05' }),
  catalogueRow({ hilist_code: 'GAP', chrgitm_lv: '01', begndate: '2026-05-07' }),
]);

const split = (rows: readonly FeeRow[], visit: Visit = VISIT, setlTime = SETL_TIME) =>
  splitBill(feeLines(rows), CATALOGUE, visit, setlTime);

/** The four parts of the only line, in fen. */
const partsOf = (row: FeeRow) => {
  const s = split([row]).splits[0]!;
  return {
    fulamt: s.fulamt_ownpay_fen,
    overlmt: s.overlmt_fen,
    preselfpay: s.preselfpay_fen,
    inscp: s.inscp_fen,
  };
};

const refusal = (rows: readonly FeeRow[], visit: Visit = VISIT, setlTime = SETL_TIME): SettlementRefused => {
  try {
    split(rows, visit, setlTime);
  } catch (error) {
    if (error instanceof SettlementRefused) return error;
    throw error;
  }
  throw new Error('the bill was not refused');
};

describe('a fee line is checked before anything is split', () => {
  it('accepts an amount exactly 0.01 above or below cnt × pric', () => {
    // cnt 1 × pric 10.00 = 10.00; 10.01 and 9.99 are both 0.01 away.
    expect(() => split([feeRow(1, 'JIA', 10.01, 1, 10), feeRow(2, 'JIA', 9.99, 1, 10)])).not.toThrow();
  });

  it('compares with cnt × pric exactly, to the millionth of a yuan', () => {
    // cnt 3 × pric 3.333333 = 9.999999: 9.99 is 0.009999 away (accepted), 10.01 is 0.010001 away (refused).
    expect(() => split([feeRow(1, 'JIA', 9.99, 3, 3.333333)])).not.toThrow();
    const refused = refusal([feeRow(1, 'JIA', 10.01, 3, 3.333333)]);
    expect(refused.problems.map((p) => p.path)).toEqual(['feedetail[0].det_item_fee_sumamt']);
  });

  it('refuses an amount 0.02 away from cnt × pric, naming feedetail[i].det_item_fee_sumamt and the feedetl_sn', () => {
    const refused = refusal([feeRow('A1', 'JIA', 10, 1, 10), feeRow('A2', 'JIA', 10.02, 1, 10)]);
    expect(refused.code).toBe('invalid-fee-lines');
    expect(refused.problems).toHaveLength(1);
    expect(refused.problems[0]!.path).toBe('feedetail[1].det_item_fee_sumamt');
    expect(refused.problems[0]!.message).toContain('feedetl_sn A2');
  });

  it('refuses a line whose amount and cnt have opposite signs, naming feedetail[i].cnt', () => {
    // −10.00 = 1 × −10.00 agrees with cnt × pric, but a refund needs a negative cnt.
    const refused = refusal([feeRow('S1', 'JIA', -10, 1, -10)]);
    expect(refused.problems).toHaveLength(1);
    expect(refused.problems[0]!.path).toBe('feedetail[0].cnt');
    expect(refused.problems[0]!.message).toContain('feedetl_sn S1');
  });

  it('accepts fees at the visit start and end times themselves (both inclusive)', () => {
    expect(() =>
      split([
        feeRow(1, 'JIA', 1, 1, 1, { fee_ocur_time: VISIT.begntime }),
        feeRow(2, 'JIA', 1, 1, 1, { fee_ocur_time: VISIT.endtime }),
      ]),
    ).not.toThrow();
  });

  it('refuses a fee one second before begntime or after endtime, naming feedetail[i].fee_ocur_time', () => {
    const refused = refusal([
      feeRow('T1', 'JIA', 1, 1, 1, { fee_ocur_time: '2026-05-03 08:59:59' }),
      feeRow('T2', 'JIA', 1, 1, 1, { fee_ocur_time: '2026-05-12 10:00:01' }),
    ]);
    expect(refused.problems.map((p) => p.path)).toEqual([
      'feedetail[0].fee_ocur_time',
      'feedetail[1].fee_ocur_time',
    ]);
    expect(refused.problems[0]!.message).toContain('feedetl_sn T1');
    expect(refused.problems[1]!.message).toContain('feedetl_sn T2');
  });

  it('lets fees of an open visit run up to the settlement time, not beyond', () => {
    const open: Visit = { ...VISIT, endtime: null };
    // SETL_TIME is 2026-05-12 10:30:00: a fee at 10:20 is later than the closed visit's end but fine while open.
    expect(() =>
      split([feeRow(1, 'JIA', 1, 1, 1, { fee_ocur_time: '2026-05-12 10:20:00' })], open),
    ).not.toThrow();
    expect(() => split([feeRow(1, 'JIA', 1, 1, 1, { fee_ocur_time: SETL_TIME })], open)).not.toThrow();
    const refused = refusal([feeRow('O1', 'JIA', 1, 1, 1, { fee_ocur_time: '2026-05-12 10:30:01' })], open);
    expect(refused.problems.map((p) => p.path)).toEqual(['feedetail[0].fee_ocur_time']);
  });

  it('refuses the whole upload for one bad line, listing every problem', () => {
    const refused = refusal([
      feeRow(1, 'JIA', 10, 1, 10),
      feeRow(2, 'JIA', 10.5, 1, 10),
      feeRow(3, 'JIA', 10, 1, 10, { fee_ocur_time: '2026-06-01 00:00:00' }),
    ]);
    expect(refused.problems.map((p) => p.path)).toEqual([
      'feedetail[1].det_item_fee_sumamt',
      'feedetail[2].fee_ocur_time',
    ]);
  });
});

describe('a line the catalogue does not cover is paid by the person in full (全自费)', () => {
  it('puts an item missing from the catalogue wholly into fulamt_ownpay_amt, with a memo', () => {
    const s = split([feeRow(1, 'NOT_LISTED', 123.45, 1, 123.45)]).splits[0]!;
    expect(s.item).toBeUndefined();
    expect([s.fulamt_ownpay_fen, s.overlmt_fen, s.preselfpay_fen, s.inscp_fen]).toEqual([12345, 0, 0, 0]);
    expect(s.memo).toContain('全自费');
  });

  it('treats an item whose catalogue version has ended before the fee day as not found', () => {
    // OLD is valid through 2026-04-30; the fee is on 2026-05-05.
    expect(partsOf(feeRow(1, 'OLD', 50, 1, 50))).toEqual({
      fulamt: 5000,
      overlmt: 0,
      preselfpay: 0,
      inscp: 0,
    });
  });

  it('puts a 丙类 item (chrgitm_lv 03) wholly into fulamt_ownpay_amt', () => {
    const s = split([feeRow(1, 'BING', 200, 2, 100)]).splits[0]!;
    expect([s.fulamt_ownpay_fen, s.overlmt_fen, s.preselfpay_fen, s.inscp_fen]).toEqual([20000, 0, 0, 0]);
    expect(s.memo).toContain('丙类');
  });

  it('reads chrgitm_lv 3 as 丙类 too', () => {
    expect(partsOf(feeRow(1, 'BING_SHORT', 200, 2, 100))).toEqual({
      fulamt: 20000,
      overlmt: 0,
      preselfpay: 0,
      inscp: 0,
    });
  });

  it('puts a restricted item (lmt_used_flag 1) without hospital approval wholly into fulamt_ownpay_amt', () => {
    for (const flag of ['0', '2', undefined]) {
      const s = split([feeRow(1, 'RESTRICTED', 100, 1, 100, { hosp_appr_flag: flag })]).splits[0]!;
      expect([s.fulamt_ownpay_fen, s.overlmt_fen, s.preselfpay_fen, s.inscp_fen], `flag ${flag}`).toEqual([
        10000, 0, 0, 0,
      ]);
      expect(s.memo).toContain('限制使用');
    }
  });

  it('splits a restricted item with hosp_appr_flag 1 like any other', () => {
    // 乙类 10%: preselfpay 100.00 × 10% = 10.00, inscp 90.00.
    expect(partsOf(feeRow(1, 'RESTRICTED', 100, 1, 100, { hosp_appr_flag: '1' }))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 1000,
      inscp: 9000,
    });
  });
});

describe('a catalogue item is split into 超限价, 先行自付 and 符合范围', () => {
  it('splits a 乙类 line above its price cap into overlmt_amt, preselfpay_amt and inscp_scp_amt', () => {
    // cnt 7 × pric 12.345 = 86.415, amount 86.42 (within 0.01). Cap 10.00:
    // overlmt = round((12.345 − 10) × 7) = round(16.415) = 16.42 (half away from zero);
    // R = 86.42 − 16.42 = 70.00; preselfpay = 70.00 × 15% = 10.50; inscp = 70.00 − 10.50 = 59.50.
    const s = split([feeRow(1, 'YI', 86.42, 7, 12.345)]).splits[0]!;
    expect([s.fulamt_ownpay_fen, s.overlmt_fen, s.preselfpay_fen, s.inscp_fen]).toEqual([
      0, 1642, 1050, 5950,
    ]);
    expect(s.memo).toContain('超限价16.42');
  });

  it('charges no overlmt_amt when pric equals the cap', () => {
    // 3 × 10.00 = 30.00; preselfpay 30.00 × 15% = 4.50; inscp 25.50.
    expect(partsOf(feeRow(1, 'YI', 30, 3, 10))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 450,
      inscp: 2550,
    });
  });

  it('rounds preselfpay_amt half away from zero', () => {
    // 乙类 10%: 0.05 × 10% = 0.005 → 0.01; inscp 0.04.
    expect(partsOf(feeRow(1, 'YI_TENTH', 0.05, 1, 0.05))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 1,
      inscp: 4,
    });
  });

  it('ignores selfpay_prop on a 甲类 item', () => {
    // JIA carries selfpay_prop 0.2, yet 甲类 has no preselfpay: 100.00 all in scope.
    expect(partsOf(feeRow(1, 'JIA', 100, 1, 100))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 0,
      inscp: 10000,
    });
  });

  it('takes a missing or null selfpay_prop of a 乙类 item as 0', () => {
    expect(partsOf(feeRow(1, 'YI_NO_PROP', 100, 1, 100))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 0,
      inscp: 10000,
    });
    expect(partsOf(feeRow(1, 'YI_NULL_PROP', 100, 1, 100))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 0,
      inscp: 10000,
    });
  });
});

describe('the catalogue version is the one valid on the day of the fee', () => {
  it('uses the version ending on the fee day (enddate inclusive)', () => {
    // 2026-05-07 23:59:59 is still the 乙类 10% version: 100.00 → preselfpay 10.00, inscp 90.00.
    expect(partsOf(feeRow(1, 'CHANGED', 100, 1, 100, { fee_ocur_time: '2026-05-07 23:59:59' }))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 1000,
      inscp: 9000,
    });
  });

  it('uses the version starting on the fee day (begndate inclusive)', () => {
    // 2026-05-08 00:00:00 is the 甲类 version: all 100.00 in scope.
    expect(partsOf(feeRow(1, 'CHANGED', 100, 1, 100, { fee_ocur_time: '2026-05-08 00:00:00' }))).toEqual({
      fulamt: 0,
      overlmt: 0,
      preselfpay: 0,
      inscp: 10000,
    });
  });

  it('finds no version on a day between two versions (全自费)', () => {
    expect(partsOf(feeRow(1, 'GAP', 100, 1, 100, { fee_ocur_time: '2026-05-06 12:00:00' }))).toEqual({
      fulamt: 10000,
      overlmt: 0,
      preselfpay: 0,
      inscp: 0,
    });
    expect(partsOf(feeRow(1, 'GAP', 100, 1, 100, { fee_ocur_time: '2026-05-07 00:00:00' })).inscp).toBe(
      10000,
    );
  });

  it('splits each line of one bill with the version of its own day', () => {
    const { splits } = split([
      feeRow(1, 'CHANGED', 100, 1, 100, { fee_ocur_time: '2026-05-07 09:00:00' }),
      feeRow(2, 'CHANGED', 100, 1, 100, { fee_ocur_time: '2026-05-08 09:00:00' }),
    ]);
    expect(splits.map((s) => s.item?.chrgitm_lv)).toEqual(['02', '01']);
  });
});

describe('refund lines and the visit total', () => {
  it('splits a refund line with negative amounts, rounding symmetrically around zero', () => {
    // The mirror of the capped 乙类 line: overlmt round(2.345 × −7 = −16.415) = −16.42; R = −70.00;
    // preselfpay −10.50; inscp −59.50.
    const { splits, totals } = split([
      feeRow(1, 'YI', 86.42, 7, 12.345),
      feeRow(2, 'YI', -86.42, -7, 12.345),
    ]);
    const refund = splits[1]!;
    expect([refund.fulamt_ownpay_fen, refund.overlmt_fen, refund.preselfpay_fen, refund.inscp_fen]).toEqual([
      0, -1642, -1050, -5950,
    ]);
    expect(totals).toEqual({
      medfee_fen: 0,
      fulamt_ownpay_fen: 0,
      overlmt_fen: 0,
      preselfpay_fen: 0,
      inscp_fen: 0,
    });
  });

  it('rounds a refund’s half fen away from zero, as its charge', () => {
    // −0.05 × 10% = −0.005 → −0.01; inscp −0.04.
    const { splits } = split([feeRow(1, 'YI_TENTH', 0.05, 1, 0.05), feeRow(2, 'YI_TENTH', -0.05, -1, 0.05)]);
    expect([splits[1]!.preselfpay_fen, splits[1]!.inscp_fen]).toEqual([-1, -4]);
  });

  it('puts a refund of an item outside the catalogue wholly into a negative fulamt_ownpay_amt', () => {
    const { splits } = split([feeRow(1, 'BING', 30, 3, 10), feeRow(2, 'BING', -10, -1, 10)]);
    expect(splits[1]!.fulamt_ownpay_fen).toBe(-1000);
  });

  it('sums the visit’s totals over its lines, each line adding up to its amount', () => {
    // JIA 100.00 in scope; YI 86.42 → 16.42 / 10.50 / 59.50; BING 30.00 own pay; refund of 1 BING −10.00.
    const { splits, totals } = split([
      feeRow(1, 'JIA', 100, 1, 100),
      feeRow(2, 'YI', 86.42, 7, 12.345),
      feeRow(3, 'BING', 30, 3, 10),
      feeRow(4, 'BING', -10, -1, 10),
    ]);
    for (const s of splits)
      expect(s.fulamt_ownpay_fen + s.overlmt_fen + s.preselfpay_fen + s.inscp_fen).toBe(s.line.amount_fen);
    expect(totals).toEqual({
      medfee_fen: 10000 + 8642 + 3000 - 1000, // 20642
      fulamt_ownpay_fen: 3000 - 1000,
      overlmt_fen: 1642,
      preselfpay_fen: 1050,
      inscp_fen: 10000 + 5950,
    });
  });

  it('refuses a visit whose total is negative', () => {
    const refused = refusal([feeRow(1, 'JIA', 10, 1, 10), feeRow(2, 'JIA', -20, -2, 10)]);
    expect(refused.code).toBe('negative-visit');
    expect(refused.problems[0]!.message).toContain('-10.00');
  });

  it('accepts a visit whose refunds bring the total to exactly zero', () => {
    expect(split([feeRow(1, 'JIA', 10, 1, 10), feeRow(2, 'JIA', -10, -1, 10)]).totals.medfee_fen).toBe(0);
  });
});
