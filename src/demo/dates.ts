// Calendar arithmetic on whole days for the generators: day numbers (days since 1970-01-01) to `yyyy-MM-dd`, without the clock.

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The day number of a calendar date (month 1–12). */
export const dayNumber = (year: number, month: number, day: number): number =>
  Date.UTC(year, month - 1, day) / DAY_MS;

/**
 * `yyyy-MM-dd` of a day number. Integer arithmetic (H. Hinnant's civil_from_days), because formatting
 * tens of thousands of dates through Date#toISOString is a visible part of generating the world.
 */
export function isoDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** The same day `months` later (clamped to the month's end), so a temporary filing lasts whole months. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return isoDate(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)) / DAY_MS);
}
