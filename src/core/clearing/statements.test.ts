// 清算报表: the statements' rows, Chinese headers, and a 合计 row that equals the column sums; the CSV text.
import { describe, expect, it } from 'vitest';
import { type StatementInput, statementCsv, statementOf, totalsOf } from './statements.ts';
import type { HospitalStatement, PairTotals } from './totals.ts';

const pair = (t: string, i: string, fund: number, extra: Partial<PairTotals> = {}): PairTotals => ({
  treatment_province: t,
  insured_province: i,
  person_times: 1,
  settlements: 1,
  cancels: 0,
  medfee_fen: fund * 2,
  fund_fen: fund,
  fund_by_type: { '310100': fund },
  acct_pay_fen: 0,
  psn_cash_fen: fund,
  ...extra,
});

const hospital = (code: string, fund: number): HospitalStatement => ({
  ...pair('460000', '130000', fund),
  fixmedins_code: code,
  cleared_fund_fen: fund,
  cleared_acct_pay_fen: 0,
});

const INPUT: StatementInput = {
  period: '2026-05',
  status: 'posted',
  generated_at: '2026-06-02 09:00:00',
  pairs: [
    pair('460000', '130000', 1_750_001),
    pair('130000', '460000', 99, {
      person_times: 0,
      settlements: 1,
      cancels: 1,
      fund_by_type: { '310100': 50, '330100': 49 },
    }),
    pair('110000', '130000', -1_000, { person_times: -1, settlements: 0, cancels: 1 }),
  ],
  hospitals: [hospital('H46010800012', 1_750_001), hospital('H46010800013', 3)],
  instructions: [
    {
      id: 'prepaid-draw:2026-05:130000',
      kind: 'prepaid-draw',
      payer: '130000',
      payee: 'national',
      amount_fen: 500,
    },
    {
      id: 'collect:2026-05:130000',
      kind: 'collect',
      payer: '130000',
      payee: 'national',
      amount_fen: 1_749_402,
    },
    {
      id: 'disburse:2026-05:460000',
      kind: 'disburse',
      payer: 'national',
      payee: '460000',
      amount_fen: 1_749_902,
    },
  ],
  provinceName: (p) => ({ '130000': '河北省', '460000': '海南省' })[p],
};

const columnSum = (rows: readonly (readonly (string | number)[])[], i: number) =>
  rows.reduce((n, r) => n + Number(r[i]), 0);

describe('clearing statements', () => {
  for (const kind of ['pairs', 'hospitals', 'instructions'] as const)
    it(`${kind}: the 合计 row is the sum of every numeric column`, () => {
      const s = statementOf(kind, INPUT);
      expect(s.totals[0]).toBe('合计');
      expect(s.totals).toHaveLength(s.columns.length);
      s.columns.forEach((c, i) => {
        if (c.kind === 'text') expect(typeof s.totals[i]).toBe('string');
        else expect(s.totals[i]).toBe(columnSum(s.rows, i));
      });
    });

  it('pairs: Chinese headers, one column per fund type in use, province names, totals of the pairs', () => {
    const s = statementOf('pairs', INPUT);
    expect(s.title).toBe('2026-05 跨省异地就医清算表（省对）');
    expect(s.columns.map((c) => c.header)).toEqual([
      '就医地',
      '参保地',
      '人次',
      '结算笔数',
      '撤销笔数',
      '医疗费总额(元)',
      '基金支付(元)',
      '职工基本医疗保险统筹基金310100(元)',
      '大额医疗费用补助基金330100(元)',
      '个人账户支付(元)',
      '个人现金支付(元)',
    ]);
    expect(s.rows[0]?.slice(0, 2)).toEqual(['460000 海南省', '130000 河北省']);
    expect(s.rows[2]?.[0]).toBe('110000');
    const fund = s.columns.findIndex((c) => c.header === '基金支付(元)');
    expect(s.totals[fund]).toBe(INPUT.pairs.reduce((n, p) => n + p.fund_fen, 0));
    expect(s.totals[2]).toBe(0);
    expect(s.meta).toEqual([
      ['清算期', '2026-05'],
      ['状态', '已过账'],
      ['生成时间', '2026-06-02 09:00:00'],
    ]);
  });

  it('instructions: a period not posted yet says so and totals zero', () => {
    const s = statementOf('instructions', { ...INPUT, status: 'reconciled', instructions: [] });
    expect(s.rows).toEqual([]);
    expect(s.totals).toEqual(['合计', '', '', '', '', 0]);
    expect(s.meta.at(-1)).toEqual(['说明', '本期尚未过账，过账后生成拨付指令']);
  });

  it('totalsOf sums counts and fen and leaves text empty', () => {
    const columns = [
      { header: 'a', kind: 'text' as const },
      { header: 'b', kind: 'text' as const },
      { header: 'c', kind: 'count' as const },
      { header: 'd', kind: 'fen' as const },
    ];
    expect(
      totalsOf(columns, [
        ['x', 'y', 1, 10],
        ['z', 'w', -3, 5],
      ]),
    ).toEqual(['合计', '', -2, 15]);
  });

  it('CSV: BOM, CRLF, yuan with two decimals, quoted cells, the 合计 row last', () => {
    const csv = statementCsv(statementOf('instructions', INPUT));
    expect(csv.startsWith('\uFEFF2026-05 清算拨付指令\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toContain('清算期,2026-05');
    expect(lines).toContain('生成时间,2026-06-02 09:00:00');
    expect(lines).toContain('指令编号,类型,资金类别,付款方,收款方,金额(元)');
    expect(lines).toContain('prepaid-draw:2026-05:130000,预付金抵付,基金,130000 河北省,国家级经办机构,5.00');
    expect(lines).toContain(
      'disburse:2026-05:460000,拨付财政专户,基金,国家级经办机构,460000 海南省,17499.02',
    );
    expect(lines.at(-1)).toBe('合计,,,,,34998.04');
    const pairs = statementCsv(statementOf('pairs', INPUT));
    expect(pairs).toContain('\r\n110000,130000 河北省,-1,0,1,-20.00,-10.00,-10.00,0.00,0.00,-10.00\r\n');
    const quoted = statementCsv(
      statementOf('pairs', { ...INPUT, provinceName: (p) => (p === '130000' ? '河,"北"' : undefined) }),
    );
    expect(quoted).toContain('"130000 河,""北"""');
  });
});

describe('statements with 协查核减', () => {
  const adjustments = [
    {
      case_id: 'XC1',
      setl_id: 'S1',
      treatment_province: '460000',
      insured_province: '130000',
      fixmedins_code: 'H1',
      fund_fen: 100_000,
    },
  ];
  const base = {
    period: '2026-06',
    status: 'reconciled',
    generated_at: '2026-07-02 09:00:00',
    pairs: [],
    hospitals: [],
    instructions: [],
    adjustments,
  };

  it('adds 协查核减 and 应清算基金 to the pairs, a row for a pair with only adjustments, 合计 over them', () => {
    const sheet = statementOf('pairs', base);
    expect(sheet.columns.slice(-2).map((c) => c.header)).toEqual(['协查核减(元)', '应清算基金(元)']);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0]!.slice(0, 2)).toEqual(['460000', '130000']);
    expect(sheet.rows[0]!.slice(-2)).toEqual([100_000, -100_000]);
    expect(sheet.totals.slice(-2)).toEqual([100_000, -100_000]);
  });

  it('adds 协查扣减 to the hospitals', () => {
    const sheet = statementOf('hospitals', base);
    expect(sheet.columns.at(-1)!.header).toBe('协查扣减(元)');
    expect(sheet.rows).toEqual([['460000', 'H1', ...Array(sheet.columns.length - 3).fill(0), 100_000]]);
  });

  it('leaves the columns out when the period has no adjustment', () => {
    expect(statementOf('pairs', { ...base, adjustments: [] }).columns.map((c) => c.header)).not.toContain(
      '协查核减(元)',
    );
  });
});
