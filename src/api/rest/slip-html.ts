// The 结算单 as printable HTML: who, where, the catalogue split, each fund's payment with its explanation.

import { isCode, labelOf, MED_CHRGITM_TYPE } from '../../core/dictionaries.ts';
import { maskCertno } from '../../core/masking.ts';
import { formatYuan, parseYuan } from '../../core/money.ts';
import type { FeeLineRecord, SettlementRecord, VisitRecord } from '../../store/treatment-store.ts';

export interface SlipFacts {
  readonly settlement: SettlementRecord;
  readonly visit: VisitRecord;
  readonly institutionName: string;
  readonly lines: readonly FeeLineRecord[];
  /** The cancel record of this settlement, or the settlement this cancel record undoes. */
  readonly counterpart: SettlementRecord | undefined;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value from the database or the HIS is escaped: a name or a memo must never become markup. */
const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Yuan with two decimals and thousands separators: 17,500.00. */
function yuan(fen: number): string {
  const [whole, fraction] = formatYuan(fen).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** A yuan number as the national shapes hold it (at most 2 decimals) to fen, exactly. */
function fenOf(value: unknown): number {
  const parsed = parseYuan(value ?? 0);
  return parsed.ok ? parsed.value : 0;
}

function row(cells: readonly (readonly [string, string])[]): string {
  return `<tr>${cells.map(([k, v]) => `<th>${escapeHtml(k)}</th><td>${v}</td>`).join('')}</tr>`;
}

function feeTypeSummary(lines: readonly FeeLineRecord[]): string {
  const sums = new Map<string, { amount: number; inscp: number; own: number }>();
  for (const l of lines) {
    const type = String(l.result.med_chrgitm_type ?? '14');
    const sum = sums.get(type) ?? { amount: 0, inscp: 0, own: 0 };
    sum.amount += l.det_item_fee_sumamt_fen;
    sum.inscp += l.inscp_fen;
    sum.own += l.fulamt_ownpay_fen + l.overlmt_fen + l.preselfpay_fen;
    sums.set(type, sum);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([type, s]) =>
        `<tr><td>${escapeHtml(isCode(MED_CHRGITM_TYPE, type) ? MED_CHRGITM_TYPE[type] : type)}</td><td class="n">${yuan(s.amount)}</td><td class="n">${yuan(s.inscp)}</td><td class="n">${yuan(s.own)}</td></tr>`,
    )
    .join('');
}

export function renderSlip(facts: SlipFacts): string {
  const { settlement: s, visit, counterpart } = facts;
  const info = s.setlinfo as Record<string, unknown>;
  const person = visit.person;
  const isCancel = s.refd_setl_flag === '1';
  const kind = visit.inpatient ? '住院' : '门诊';
  const place = info.pay_loc === '4' ? '跨省异地就医' : '';
  const title = `${place}${kind}费用${isCancel ? '退费' : ''}结算单`;
  const stamp = isCancel
    ? `<p class="stamp">退费结算：撤销结算ID ${escapeHtml(s.init_setl_id)}</p>`
    : counterpart
      ? `<p class="stamp">本结算已撤销（撤销结算ID ${escapeHtml(counterpart.setl_id)}，${escapeHtml(counterpart.setl_time)}）</p>`
      : '';
  const funds = s.setldetail
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.fund_pay_type_name)}（${escapeHtml(d.fund_pay_type)}）</td><td class="n">${yuan(fenOf(d.fund_payamt))}</td><td>${escapeHtml(d.setl_proc_info)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)} ${escapeHtml(s.setl_id)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;color:#222}
h1{text-align:center;font-size:1.4em;margin-bottom:.2em}.sub{text-align:center;color:#555;margin-top:0}
table{width:100%;border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:normal;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}
h2{font-size:1.05em;margin:1.4em 0 .2em}.stamp{color:#b00;font-weight:bold;text-align:center}
.total td{font-weight:bold}footer{color:#666;font-size:.85em;margin-top:2em}
@media print{body{margin:0}.noprint{display:none}}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(facts.institutionName)}（${escapeHtml(visit.fixmedins_code)}）</p>
${stamp}
<table>
${row([
  ['结算ID', escapeHtml(s.setl_id)],
  ['就诊ID', escapeHtml(s.mdtrt_id)],
  ['结算时间', escapeHtml(s.setl_time)],
])}
${row([
  ['姓名', escapeHtml(person.psn_name)],
  ['性别', escapeHtml(labelOf('gend', String(person.gend)) ?? person.gend)],
  ['证件号码', escapeHtml(maskCertno(String(person.certno ?? '')))],
])}
${row([
  ['参保地', escapeHtml(s.insuplc_admdvs)],
  ['险种', escapeHtml(labelOf('insutype', s.insutype) ?? s.insutype)],
  ['人员类别', escapeHtml(labelOf('psn_type', String(person.psn_type)) ?? person.psn_type)],
])}
${row([
  ['医疗类别', escapeHtml(labelOf('med_type', s.med_type) ?? s.med_type)],
  [visit.inpatient ? '入院时间' : '就诊时间', escapeHtml(visit.begntime)],
  [
    visit.inpatient ? '出院时间' : '备案类别',
    escapeHtml(
      visit.inpatient ? (visit.endtime ?? '—') : (labelOf('dcla_type', String(info.dcla_type ?? '')) ?? '—'),
    ),
  ],
])}
</table>
<h2>费用（按就医地目录）</h2>
<table>
<tr><th>医疗费总额</th><th>全自费</th><th>超限价自费</th><th>先行自付</th><th>符合政策范围</th></tr>
<tr class="total"><td class="n">${yuan(s.medfee_sumamt_fen)}</td><td class="n">${yuan(fenOf(info.fulamt_ownpay_amt))}</td><td class="n">${yuan(fenOf(info.overlmt_selfpay))}</td><td class="n">${yuan(fenOf(info.preselfpay_amt))}</td><td class="n">${yuan(fenOf(info.inscp_scp_amt))}</td></tr>
</table>
${
  facts.lines.length > 0
    ? `<table><tr><th>收费项目类别</th><th>金额</th><th>符合范围</th><th>自付自费</th></tr>${feeTypeSummary(facts.lines)}</table>`
    : ''
}
<h2>基金支付（按参保地待遇）</h2>
<table>
<tr><th>基金</th><th>支付金额</th><th>结算过程</th></tr>
${funds}
<tr class="total"><td>基金支付合计</td><td class="n">${yuan(s.fund_pay_sumamt_fen)}</td><td>起付线 ${yuan(fenOf(info.act_pay_dedc))}，统筹基金支付比例 ${escapeHtml(info.pool_prop_selfpay)}</td></tr>
</table>
<h2>个人负担</h2>
<table>
${row([
  ['个人负担合计', yuan(s.psn_part_amt_fen)],
  ['个人账户支付', yuan(s.acct_pay_fen)],
  ['个人现金支付', yuan(s.psn_cash_pay_fen)],
])}
${row([
  ['医院负担', yuan(s.hosp_part_amt_fen)],
  ['账户余额', yuan(fenOf(info.balc))],
  ['清算类别', escapeHtml(labelOf('clr_type', s.clr_type) ?? s.clr_type)],
])}
</table>
<footer>医疗费总额 = 基金支付 + 个人负担 + 医院负担：${yuan(s.medfee_sumamt_fen)} = ${yuan(s.fund_pay_sumamt_fen)} + ${yuan(s.psn_part_amt_fen)} + ${yuan(s.hosp_part_amt_fen)}。就医地目录、参保地政策、就医地管理。</footer>
<p class="noprint"><button onclick="window.print()">打印</button></p>
</body></html>
`;
}
