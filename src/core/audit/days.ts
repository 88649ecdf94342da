// Calendar arithmetic on `yyyy-MM-dd` days that time.ts does not have: the number of days between two dates.

const MS_PER_DAY = 86_400_000;

/** Whole days from `from` to `to` (`yyyy-MM-dd`, UTC+8 calendar days); negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return (utcDay(to) - utcDay(from)) / MS_PER_DAY;
}

function utcDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}
