// China Standard Time (UTC+8) dates and times as the national interface writes them; no clock here.

const CST_OFFSET_MS = 8 * 3600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** A calendar date `yyyy-MM-dd`, validated. */
export type IsoDate = string;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Parses `yyyy-MM-dd HH:mm:ss` in UTC+8 to epoch milliseconds; undefined when not a real time. */
export function parseChinaDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s) - CST_OFFSET_MS;
}

/** Epoch milliseconds to `yyyy-MM-dd HH:mm:ss` in UTC+8. */
export function formatChinaDateTime(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch milliseconds to the UTC+8 calendar date `yyyy-MM-dd`. */
export function chinaDateOf(epochMs: number): IsoDate {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC+8 calendar year of an instant (accumulators run per calendar year). */
export function chinaYearOf(epochMs: number): number {
  return new Date(epochMs + CST_OFFSET_MS).getUTCFullYear();
}

/** Whole years between a birth date and a day (both `yyyy-MM-dd`), as ages are counted. */
export function ageOn(birthDate: IsoDate, day: IsoDate): number {
  // As numbers yyyyMMdd the age is the difference's ten-thousands: month and day only borrow a year when
  // they come before the birthday. Reading the digits in place spares splitting two strings per settlement.
  const birth = dateDigits(birthDate);
  const on = dateDigits(day);
  if (birth >= 0 && on >= 0) return Math.floor((on - birth) / 10_000);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const DASH = 0x2d;
const ZERO = 0x30;

/** `yyyy-MM-dd` as the number yyyyMMdd, or −1 when the text is not four, two and two digits with dashes. */
function dateDigits(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return -1;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether `day` lies within [begin, end], both inclusive; `end` null is open. Dates compare as text. */
export function isWithin(day: IsoDate, begin: IsoDate, end: IsoDate | null): boolean {
  return day >= begin && (end === null || day <= end);
}

/** Adds whole days to a `yyyy-MM-dd` date. */
export function addDays(day: IsoDate, days: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from the date of `from` to the date of `to` (`yyyy-MM-dd…`); negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  const day = (text: string) => {
    const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((day(to) - day(from)) / 86_400_000);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds calendar months to a `yyyy-MM-dd` date; a day past the target month's end becomes its last day (01-31 + 1 = 02-28). */
export function addMonths(day: IsoDate, months: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}
