// How amounts and times look on every screen: yuan with two decimals and 元, dates and times in China time.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** 17,500.00 元 — from yuan as the API answers it (number or text with two decimals). */
export function yuan(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** 17,500.00 without the unit, for tables whose header says 元. */
export function amount(value: number | string | null | undefined): string {
  return yuan(value).replace(/ 元$/, '');
}

/** An ISO instant as China time: 2026-05-12 10:30:00. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso)
    .utcOffset(8 * 60)
    .format('YYYY-MM-DD HH:mm:ss');
}

/** Today in China, yyyy-MM-dd. */
export function chinaToday(): string {
  return dayjs()
    .utcOffset(8 * 60)
    .format('YYYY-MM-DD');
}

/** A ratio 0–1 as a percentage with one decimal. */
export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? '—'
    : `${(ratio * 100).toFixed(1)}%`;
}
