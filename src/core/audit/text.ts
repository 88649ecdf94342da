// The audit's Chinese explanations: one template per rule, filled with figures written as the HIS writes them.
import { formatYuan } from '../money.ts';
import type { RuleId } from './model.ts';

/** The explanation of each rule; `{name}` is the item's catalogue name (or its code when the catalogue has none). */
export const TEMPLATES: Readonly<Record<RuleId, string>> = {
  'not-in-catalogue': '{name}不在就医地目录中，按目录外全自费',
  'outside-version': '{name}在{day}没有有效的目录版本（目录有效期{periods}），按目录外全自费',
  'price-over-cap': '{name}单价{pric}元超过目录限价{cap}元',
  'quantity-over-max': '{name}单条数量{cnt}超过上限{max}',
  'bed-days-over-stay': '{name}累计{charged}天超过住院天数{days}天（{begin}至{end}）',
  'daily-repeat': '{name}在{day}收费{charged}次，每日限{max}次',
  'gender-restricted': '{name}限{allowed}性使用，患者性别为{gend}',
  'age-restricted': '{name}限{range}使用，患者{day}时{age}岁',
  'restricted-not-approved': '{name}为限制使用项目，未经医院审批（hosp_appr_flag {flag}），全自费',
  'chronic-disease-item': '{name}不属于患者门诊慢特病（{diseases}）的治疗范围',
};

/** Replaces each `{key}`; a key without a value stays visible rather than vanishing from the sentence. */
export function fill(rule: RuleId, values: Readonly<Record<string, string | number>>): string {
  return TEMPLATES[rule].replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );
}

/** A unit price ×10⁶ yuan as yuan text, at least two decimals and no float: 12_800_000 → "12.80", 12_345_600 → "12.3456". */
export function formatPriceE6(pric_e6: number): string {
  const sign = pric_e6 < 0 ? '-' : '';
  const abs = Math.abs(pric_e6);
  const fraction = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${Math.trunc(abs / 1_000_000)}.${fraction}`;
}

/** A quantity ×10⁴ as plain text without trailing zeros: 30_000 → "3", 25_000 → "2.5". */
export function formatCntE4(cnt_e4: number): string {
  const sign = cnt_e4 < 0 ? '-' : '';
  const abs = Math.abs(cnt_e4);
  const fraction = String(abs % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.trunc(abs / 10_000)}${fraction === '' ? '' : `.${fraction}`}`;
}

export { formatYuan };
