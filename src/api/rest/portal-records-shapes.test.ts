import { describe, expect, it } from 'vitest';
import { conservationOf, type PersonSettlement, type SettlementDetail } from '../../node/person-records.ts';
import type { NamedFeeLine } from '../../node/treatment-records.ts';
import { settlementDetail, settlementList } from './portal-records-shapes.ts';

const SETTLEMENT: PersonSettlement = {
  setl_id: '460000000002',
  mdtrt_id: '460000000001',
  kind: 'settlement',
  status: 'settled',
  counterpart: null,
  cross_province: true,
  insutype: '310',
  insuplc_admdvs: '130100',
  treatment_admdvs: '460108',
  fixmedins_code: 'H46010800012',
  fixmedins_name: '海口市第一人民医院',
  med_type: '14',
  inpatient: false,
  begntime: '2026-05-12 09:00:00',
  endtime: null,
  setl_time: '2026-05-12 10:30:00',
  medfee_fen: 12_345,
  fund_pay_fen: 10_000,
  psn_part_fen: 2_345,
  acct_pay_fen: 345,
  psn_cash_fen: 2_000,
  hosp_part_fen: 0,
  advance_avoided_fen: 10_000,
};

/** One line of 0.5 boxes at 246.90 a box (a price with six decimals allowed, two used). */
const LINE = {
  mdtrt_id: '460000000001',
  feedetl_sn: '1',
  chrg_bchno: 'B1',
  line: {
    feedetl_sn: '1',
    med_list_codg: 'X',
    amount_fen: 12_345,
    cnt_e4: 5_000,
    pric_e6: 246_900_000,
    fee_ocur_time: '2026-05-12 09:10:00',
    hosp_appr_flag: '1',
  },
  fee_ocur_time: '2026-05-12 09:10:00',
  det_item_fee_sumamt_fen: 12_345,
  fulamt_ownpay_fen: 0,
  overlmt_fen: 0,
  preselfpay_fen: 0,
  inscp_fen: 12_345,
  result: { chrgitm_lv: '01', med_chrgitm_type: '09', selfpay_prop: 0, memo: '' },
  setl_id: '460000000002',
  msgid: 'M1',
  hilist_name: null,
} as NamedFeeLine;

const detail = (settlement: PersonSettlement, catalogue: readonly number[]): SettlementDetail => ({
  settlement,
  catalogue: { fulamt_ownpay_fen: 0, overlmt_fen: 0, preselfpay_fen: 0, inscp_fen: 12_345 },
  deductible_fen: 0,
  pool_prop: null,
  balance_after_fen: null,
  funds: [],
  lines: [LINE],
  conservation: conservationOf(settlement, catalogue, [LINE]),
});

describe('settlements at the edge', () => {
  it('writes every amount as yuan with two decimals, and a price with the decimals it has', () => {
    const shaped = settlementDetail(detail(SETTLEMENT, [0, 0, 0, 12_345]));
    expect(shaped).toMatchObject({
      medfee_sumamt: '123.45',
      acct_pay: '3.45',
      hosp_part_amt: '0.00',
      med_type_name: '门诊慢特病',
      treatment: { name: '海南省海口市美兰区' },
      balc: null,
    });
    expect(shaped.lines[0]).toMatchObject({ cnt: 0.5, pric: '246.90', name: null, chrgitm_lv_name: '甲类' });
    expect(shaped.conservation.holds).toBe(true);
  });

  it('shows a sum that does not hold with ≠ and says the record does not conserve', () => {
    const broken = { ...SETTLEMENT, psn_cash_fen: 1_999 };
    const shaped = settlementDetail(detail(broken, [0, 0, 0, 12_345]));
    expect(shaped.conservation.holds).toBe(false);
    expect(shaped.conservation.checks[1]).toEqual({
      rule: 'psn_part',
      holds: false,
      text: '个人负担23.45 ≠ 个人账户3.45 + 个人现金19.99',
    });
  });

  it('adds up only the settlements that stand, and counts the cancelled ones apart', () => {
    const cancelled: PersonSettlement = {
      ...SETTLEMENT,
      setl_id: '460000000001',
      status: 'cancelled',
      advance_avoided_fen: 0,
    };
    const list = settlementList([SETTLEMENT, cancelled], 2026);
    expect(list.summary).toEqual({
      settled: 1,
      cancelled: 1,
      medfee_sumamt: '123.45',
      fund_pay_sumamt: '100.00',
      psn_part_amt: '23.45',
      advance_avoided: '100.00',
    });
    expect(list.settlements[1]).toMatchObject({ status_name: '已撤销', advance_avoided: '0.00' });
  });
});
