// The engine's results in the shapes of the national interface: 2301 result[], setlinfo and setldetail[], in yuan.
import { FUND_PAY_TYPE } from '../dictionaries.ts';
import { bpToRatio, fenToYuan, formatYuan } from '../money.ts';
import type { BenefitDecision, BillTotals, LineSplit } from './model.ts';

const ACCOUNT_FUND = '310200';
const yuan = fenToYuan;
const fundName = (code: string): string => (FUND_PAY_TYPE as Record<string, string>)[code] ?? '其他基金';

export function resultRows(splits: readonly LineSplit[]) {
  return splits.map((s) => ({
    feedetl_sn: s.line.feedetl_sn,
    det_item_fee_sumamt: yuan(s.line.amount_fen),
    cnt: s.line.cnt_e4 / 10_000,
    pric: s.line.pric_e6 / 1_000_000,
    pric_uplmt_amt: s.item?.pric_uplmt_fen == null ? null : yuan(s.item.pric_uplmt_fen),
    selfpay_prop: s.item ? bpToRatio(s.item.chrgitm_lv === '03' ? 10_000 : s.item.selfpay_prop_bp) : 1,
    fulamt_ownpay_amt: yuan(s.fulamt_ownpay_fen),
    overlmt_amt: yuan(s.overlmt_fen),
    preselfpay_amt: yuan(s.preselfpay_fen),
    inscp_scp_amt: yuan(s.inscp_fen),
    chrgitm_lv: s.item?.chrgitm_lv ?? '03',
    med_chrgitm_type: s.item?.med_chrgitm_type ?? null,
    lmt_used_flag: s.item?.lmt_used_flag ?? '0',
    memo: s.memo,
  }));
}

/** Sums layer payments by the setlinfo field their fund type reports under. */
function byFund(d: BenefitDecision) {
  const sums = { hifp: 0, hifob: 0, hifmi: 0, cvlserv: 0, maf: 0, hifes: 0, oth: 0 };
  for (const layer of d.layers) {
    switch (layer.fund_pay_type) {
      case '310100':
      case '390100':
        sums.hifp += layer.paid_fen;
        break;
      case '330100':
        sums.hifob += layer.paid_fen;
        break;
      case '390200':
        sums.hifmi += layer.paid_fen;
        break;
      case '320100':
        sums.cvlserv += layer.paid_fen;
        break;
      case '610100':
        sums.maf += layer.paid_fen;
        break;
      case '370100':
        sums.hifes += layer.paid_fen;
        break;
      default:
        sums.oth += layer.paid_fen;
    }
  }
  return sums;
}

export function setlinfo(totals: BillTotals, d: BenefitDecision) {
  const fund = byFund(d);
  return {
    medfee_sumamt: yuan(totals.medfee_fen),
    fulamt_ownpay_amt: yuan(totals.fulamt_ownpay_fen),
    overlmt_selfpay: yuan(totals.overlmt_fen),
    preselfpay_amt: yuan(totals.preselfpay_fen),
    inscp_scp_amt: yuan(totals.inscp_fen),
    act_pay_dedc: yuan(d.act_pay_dedc_fen),
    hifp_pay: yuan(fund.hifp),
    pool_prop_selfpay: bpToRatio(d.pool_prop_bp),
    cvlserv_pay: yuan(fund.cvlserv),
    hifes_pay: yuan(fund.hifes),
    hifmi_pay: yuan(fund.hifmi),
    hifob_pay: yuan(fund.hifob),
    maf_pay: yuan(fund.maf),
    hosp_part_amt: yuan(d.hosp_part_fen),
    oth_pay: yuan(fund.oth),
    fund_pay_sumamt: yuan(d.fund_pay_fen),
    psn_part_amt: yuan(d.psn_part_fen),
    acct_pay: yuan(d.account?.paid_fen ?? 0),
    psn_cash_pay: yuan(d.psn_cash_fen),
    balc: yuan(d.balance_after_fen),
  };
}

export function setldetail(d: BenefitDecision) {
  const rows = d.layers.map((l) => ({
    fund_pay_type: l.fund_pay_type,
    inscp_scp_amt: yuan(l.basis_fen),
    crt_payb_lmt_amt: yuan(l.limit_fen),
    fund_payamt: yuan(l.paid_fen),
    fund_pay_type_name: fundName(l.fund_pay_type),
    setl_proc_info: l.explanation,
  }));
  if (d.account && d.account.paid_fen > 0) {
    rows.push({
      fund_pay_type: ACCOUNT_FUND,
      inscp_scp_amt: yuan(d.account.covered_fen),
      crt_payb_lmt_amt: yuan(d.account.balance_before_fen),
      fund_payamt: yuan(d.account.paid_fen),
      fund_pay_type_name: fundName(ACCOUNT_FUND),
      setl_proc_info: `个人账户支付${formatYuan(d.account.paid_fen)}（余额${formatYuan(d.account.balance_before_fen)}，可由账户支付${formatYuan(d.account.covered_fen)}）`,
    });
  }
  return rows;
}

/** Accumulators in yuan, as calc prints them. */
export function accumulatorsInYuan(a: {
  year: number;
  admissions: number;
  counters: Readonly<Record<string, number>>;
}) {
  return {
    year: a.year,
    admissions: a.admissions,
    counters: Object.fromEntries(
      Object.entries(a.counters)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, v]) => [k, yuan(v)]),
    ),
  };
}
