// A filing's status as a coloured tag with its Chinese name.
import { Tag } from 'antd';
import type { FilingStatus } from '../api-types.ts';
import { FILING_STATUS_COLORS, FILING_STATUS_NAMES } from '../dictionaries.ts';

export function FilingStatusTag({ status }: { readonly status: FilingStatus }) {
  return <Tag color={FILING_STATUS_COLORS[status] ?? 'default'}>{FILING_STATUS_NAMES[status] ?? status}</Tag>;
}

/** 2026-05-12 至 长期 */
export const periodOf = (filing: { readonly begndate: string; readonly enddate: string | null }): string =>
  `${filing.begndate} 至 ${filing.enddate ?? '长期'}`;

/** Who did it, in the person's words: themselves, the system, a hospital, or an agency clerk. */
export function actorName(actor: string, psnNo: string): string {
  if (actor === psnNo) return '本人';
  if (actor === 'system') return '系统';
  if (actor === 'hospital') return '医院';
  if (actor === 'app' || actor === 'counter') return actor === 'app' ? '网上办理' : '经办窗口';
  return `经办人 ${actor}`;
}

export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  app: '网上办理',
  counter: '经办机构窗口',
  hospital: '定点医疗机构代办',
};
