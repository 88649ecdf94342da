import { describe, expect, it } from 'vitest';
import type { ClearingView } from '../hub/clearing-service.ts';
import { summaryText } from './clear.ts';

const PAIR = {
  treatment_province: '460000',
  insured_province: '130000',
  person_times: 1,
  settlements: 1,
  cancels: 0,
  medfee_fen: 2_500_000,
  fund_fen: 1_750_000,
  fund_by_type: { '310100': 1_750_000 },
  acct_pay_fen: 0,
  psn_cash_fen: 750_000,
};

const VIEW: ClearingView = {
  period: '2026-05',
  status: 'reconciled',
  facts: { treatment: 1, insured: 1, matched: 1 },
  pairs: [PAIR],
  hospitals: [],
  differences: [],
  adjustments: [],
  confirmations: [],
  awaiting: ['460000（就医地）', '130000（参保地）'],
  posting: null,
};

describe('yidi clear summary', () => {
  it('prints one row per pair with Chinese headers, yuan with two decimals and a totals row', () => {
    const text = summaryText(VIEW);
    expect(text).toContain('清算期 2026-05：已对平，待双方确认');
    expect(text).toMatch(/就医地\s+参保地\s+人次\s+医疗费总额\(元\)\s+基金支付\(元\)/);
    expect(text).toMatch(/海南省\s+河北省\s+1\s+25000\.00\s+17500\.00\s+0\.00\s+7500\.00\s+310100:17500\.00/);
    expect(text).toMatch(/合计\s+1\s+25000\.00\s+17500\.00/);
    expect(text).toContain('待确认：460000（就医地）、130000（参保地）');
  });

  it('lists every difference of a blocked period', () => {
    const text = summaryText({
      ...VIEW,
      status: 'blocked',
      differences: [
        {
          key: 'H46010800012:M1#settle',
          decision_key: 'H46010800012:M1',
          fact_kind: 'settle',
          kind: 'amounts-differ',
          treatment_province: '460000',
          insured_province: '130000',
          fixmedins_code: 'H46010800012',
          setl_id: '460000000001',
          amounts: [{ field: 'fund:310100', treatment_fen: 1_850_000, insured_fen: 1_750_000 }],
          description: '基金支付（310100）不符：就医地18500.00，参保地17500.00',
        },
      ],
    });
    expect(text).toContain('对账不平，暂停确认');
    expect(text).toContain('差异 1 处');
    expect(text).toContain('海南省→河北省 H46010800012 460000000001：基金支付（310100）不符');
  });
});
