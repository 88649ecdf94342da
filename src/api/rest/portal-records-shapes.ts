// 我的结算 and 费用明细 at the edge: fen to yuan text with two decimals, codes with their Chinese labels.
import { labelOf } from '../../core/dictionaries.ts';
import { formatYuan, parseYuan } from '../../core/money.ts';
import { placeName } from '../../core/place-name.ts';
import { provinceOf, regionOf } from '../../core/regions.ts';
import type { ConservationCheck, PersonSettlement, SettlementDetail } from '../../node/person-records.ts';
import type { NamedFeeLine } from '../../node/treatment-records.ts';

const label = (dictionary: string, code: string): string => labelOf(dictionary, code) ?? code;

const STATUS_NAMES = { settled: '已结算', cancelled: '已撤销' } as const;

export function settlementItem(s: PersonSettlement) {
  const province = provinceOf(s.treatment_admdvs);
  return {
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    kind: s.kind,
    status: s.status,
    status_name: s.kind === 'cancel' ? '撤销记录' : STATUS_NAMES[s.status],
    cancel: s.kind === 'settlement' ? s.counterpart : null,
    init_setl_id: s.kind === 'cancel' ? (s.counterpart?.setl_id ?? null) : null,
    cross_province: s.cross_province,
    insutype: s.insutype,
    insutype_name: label('insutype', s.insutype),
    treatment: {
      admdvs: s.treatment_admdvs,
      name: placeName(s.treatment_admdvs),
      province,
      province_name: regionOf(province)?.name ?? province,
    },
    fixmedins_code: s.fixmedins_code,
    fixmedins_name: s.fixmedins_name,
    med_type: s.med_type,
    med_type_name: label('med_type', s.med_type),
    inpatient: s.inpatient,
    begntime: s.begntime,
    endtime: s.endtime,
    setl_time: s.setl_time,
    medfee_sumamt: formatYuan(s.medfee_fen),
    fund_pay_sumamt: formatYuan(s.fund_pay_fen),
    psn_part_amt: formatYuan(s.psn_part_fen),
    acct_pay: formatYuan(s.acct_pay_fen),
    psn_cash_pay: formatYuan(s.psn_cash_fen),
    hosp_part_amt: formatYuan(s.hosp_part_fen),
    advance_avoided: formatYuan(s.advance_avoided_fen),
    detail: `/api/portal/settlements/${s.setl_id}`,
  };
}

/** The list with what the settlements that stand add up to. */
export function settlementList(settlements: readonly PersonSettlement[], year: number | undefined) {
  const standing = settlements.filter((s) => s.status === 'settled');
  const sum = (f: (s: PersonSettlement) => number) => formatYuan(standing.reduce((a, s) => a + f(s), 0));
  return {
    year: year ?? null,
    summary: {
      settled: standing.length,
      cancelled: settlements.length - standing.length,
      medfee_sumamt: sum((s) => s.medfee_fen),
      fund_pay_sumamt: sum((s) => s.fund_pay_fen),
      psn_part_amt: sum((s) => s.psn_part_fen),
      advance_avoided: sum((s) => s.advance_avoided_fen),
    },
    settlements: settlements.map(settlementItem),
  };
}

export function settlementDetail(d: SettlementDetail) {
  const s = d.settlement;
  return {
    ...settlementItem(s),
    catalogue: {
      medfee_sumamt: formatYuan(s.medfee_fen),
      fulamt_ownpay_amt: formatYuan(d.catalogue.fulamt_ownpay_fen),
      overlmt_selfpay: formatYuan(d.catalogue.overlmt_fen),
      preselfpay_amt: formatYuan(d.catalogue.preselfpay_fen),
      inscp_scp_amt: formatYuan(d.catalogue.inscp_fen),
    },
    act_pay_dedc: formatYuan(d.deductible_fen),
    pool_prop_selfpay: d.pool_prop,
    balc: d.balance_after_fen === null ? null : formatYuan(d.balance_after_fen),
    funds: d.funds.map((f) => ({
      fund_pay_type: f.fund_pay_type,
      fund_pay_type_name: f.fund_pay_type_name,
      inscp_scp_amt: formatYuan(f.basis_fen),
      crt_payb_lmt_amt: formatYuan(f.limit_fen),
      fund_payamt: formatYuan(f.paid_fen),
      setl_proc_info: f.explanation,
    })),
    lines: d.lines.map(feeLine),
    lines_note: d.lines.length > 0 ? null : linesNote(s),
    conservation: {
      holds: d.conservation.every((c) => c.holds),
      checks: d.conservation.map((c) => ({ rule: c.rule, holds: c.holds, text: checkText(c) })),
    },
  };
}

function linesNote(s: PersonSettlement): string {
  if (s.kind === 'cancel')
    return `撤销记录不含费用明细：明细见被撤销的结算${s.counterpart?.setl_id ?? ''}的医院记录`;
  if (s.status === 'cancelled')
    return '该结算已撤销，费用明细已退回医院，可重新结算；重新结算后请查看新的结算记录';
  return '该结算没有费用明细';
}

const PART_NAMES: Readonly<Record<ConservationCheck['rule'], readonly [string, readonly string[]]>> = {
  medfee: ['医疗费总额', ['基金支付', '个人负担', '医院负担']],
  psn_part: ['个人负担', ['个人账户', '个人现金']],
  catalogue: ['医疗费总额', ['全自费', '超限价', '先行自付', '符合范围']],
  lines: ['医疗费总额', ['各项费用明细之和']],
};

/** 医疗费总额25000.00 = 基金支付17500.00 + 个人负担7500.00 + 医院负担0.00 (≠ when it does not hold). */
function checkText(c: ConservationCheck): string {
  const [total, parts] = PART_NAMES[c.rule];
  const right =
    c.rule === 'lines'
      ? `${parts[0]}${formatYuan(c.parts_fen.reduce((a, b) => a + b, 0))}`
      : c.parts_fen.map((p, i) => `${parts[i]}${formatYuan(p)}`).join(' + ');
  return `${total}${formatYuan(c.total_fen)} ${c.holds ? '=' : '≠'} ${right}`;
}

function feeLine(l: NamedFeeLine) {
  const r = l.result;
  const level = typeof r.chrgitm_lv === 'string' ? r.chrgitm_lv : '03';
  const type = typeof r.med_chrgitm_type === 'string' ? r.med_chrgitm_type : null;
  const cap = r.pric_uplmt_amt;
  return {
    feedetl_sn: l.line.feedetl_sn,
    fee_ocur_time: l.line.fee_ocur_time,
    med_list_codg: l.line.med_list_codg,
    medins_list_codg: l.line.medins_list_codg ?? null,
    name: l.hilist_name,
    chrgitm_lv: level,
    chrgitm_lv_name: label('chrgitm_lv', level),
    med_chrgitm_type: type,
    med_chrgitm_type_name: type === null ? null : label('med_chrgitm_type', type),
    cnt: l.line.cnt_e4 / 10_000,
    pric: priceText(l.line.pric_e6),
    pric_uplmt_amt: cap === null || cap === undefined ? null : yuanText(cap),
    selfpay_prop: typeof r.selfpay_prop === 'number' ? r.selfpay_prop : 1,
    det_item_fee_sumamt: formatYuan(l.det_item_fee_sumamt_fen),
    fulamt_ownpay_amt: formatYuan(l.fulamt_ownpay_fen),
    overlmt_amt: formatYuan(l.overlmt_fen),
    preselfpay_amt: formatYuan(l.preselfpay_fen),
    inscp_scp_amt: formatYuan(l.inscp_fen),
    memo: typeof r.memo === 'string' ? r.memo : '',
  };
}

/** A stored yuan number (the 2301 result row) as text with two decimals. */
function yuanText(value: unknown): string {
  const parsed = parseYuan(value);
  return parsed.ok ? formatYuan(parsed.value) : String(value);
}

/** A unit price (millionths of a yuan) as yuan text: two decimals at least, the rest only where they are not 0. */
function priceText(pricE6: number): string {
  const whole = Math.trunc(pricE6 / 1_000_000);
  const fraction = String(Math.abs(pricE6 % 1_000_000))
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `${pricE6 < 0 && whole === 0 ? '-' : ''}${whole}.${fraction.padEnd(2, '0')}`;
}
