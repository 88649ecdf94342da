import { describe, expect, it } from 'vitest';
import {
  compareDetails,
  compareTotals,
  type LedgerEntry,
  parseDetails,
  resultText,
  totalsOf,
} from './reconciliation.ts';

const entry = (setl_id: string, flag: '0' | '1', medfee: number): LedgerEntry => ({
  setl_id,
  mdtrt_id: 'M1',
  psn_no: 'P1',
  msgid: `msg-${setl_id}`,
  refd_setl_flag: flag,
  medfee_sumamt_fen: medfee,
  fund_pay_sumamt_fen: Math.round(medfee / 2),
  acct_pay_fen: 0,
  psn_cash_pay_fen: medfee - Math.round(medfee / 2),
});

describe('reconciliation comparisons', () => {
  it('counts a cancel as −1 when both kinds are asked, and each record as one when a flag is asked', () => {
    const entries = [entry('S1', '0', 10000), entry('S2', '0', 500), entry('C2', '1', -500)];
    expect(totalsOf(entries)).toMatchObject({ medfee_sumamt_fen: 10000, fixmedins_setl_cnt: 1 });
    expect(totalsOf(entries.slice(2), '1')).toMatchObject({ medfee_sumamt_fen: -500, fixmedins_setl_cnt: 1 });
  });

  it('describes only the totals the hospital sent, with a signed difference', () => {
    const node = totalsOf([entry('S1', '0', 10000)]);
    expect(compareTotals({ medfee_sumamt_fen: 10000 }, node).stmt_rslt).toBe('0');
    expect(compareTotals({ fund_pay_sumamt_fen: 4999 }, node).stmt_rslt_dscr).toBe(
      '不平：基金支付总额不符：医药机构49.99，中心50.00，相差-0.01',
    );
  });

  it('parses CRLF lines, skips a header and blank lines, and refuses a repeated setl_id by line', () => {
    const header = 'setl_id\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag';
    const parsed = parseDetails(`${header}\r\nS1\tM1\tP1\t100\t50.5\t0\t0\r\n\r\n`);
    expect(parsed).toEqual({
      ok: true,
      lines: [
        {
          line: 2,
          setl_id: 'S1',
          mdtrt_id: 'M1',
          psn_no: 'P1',
          medfee_sumamt_fen: 10000,
          fund_pay_sumamt_fen: 5050,
          acct_pay_fen: 0,
          refd_setl_flag: '0',
        },
      ],
    });
    expect(parseDetails('S1\tM1\tP1\t1\t1\t0\t0\nS1\tM1\tP1\t1\t1\t0\t2\n')).toEqual({
      ok: false,
      problem: { line: 2, column: 7, reason: '应为0或1' },
    });
    expect(parseDetails('S1\tM1\tP1\t1\t1\t0\t0\nS1\tM1\tP1\t1\t1\t0\t0\n')).toEqual({
      ok: false,
      problem: { line: 2, column: 1, reason: '结算IDS1与第1行重复' },
    });
  });

  it('gives one row per settlement of either side and keeps memo tabs out of the file', () => {
    const parsed = parseDetails('S1\tM1\tP1\t100\t50\t0\t0\nX9\tM9\tP1\t1\t0\t0\t0\n');
    if (!parsed.ok) throw new Error('unparsed');
    const rows = compareDetails(parsed.lines, [entry('S1', '0', 10000), entry('S3', '0', 200)]);
    expect(rows.map((r) => [r.setl_id, r.stmt_rslt])).toEqual([
      ['S1', '0'],
      ['X9', '1'],
      ['S3', '1'],
    ]);
    expect(resultText(rows).split('\n')[0]).toBe('P1\tM1\tS1\tmsg-S1\t0\t0\t平\t100.00\t50.00\t0.00');
  });
});
