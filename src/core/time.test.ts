import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  chinaDateOf,
  chinaYearOf,
  formatChinaDateTime,
  isValidDate,
  isWithin,
  parseChinaDateTime,
} from './time.ts';

describe('China Standard Time', () => {
  it('reads interface times as UTC+8', () => {
    expect(parseChinaDateTime('2026-01-01 00:00:00')).toBe(Date.UTC(2025, 11, 31, 16, 0, 0));
    expect(formatChinaDateTime(Date.UTC(2025, 11, 31, 16, 0, 0))).toBe('2026-01-01 00:00:00');
  });

  it('puts a late-evening UTC instant on the next China day and year', () => {
    const instant = Date.UTC(2025, 11, 31, 17, 30);
    expect(chinaDateOf(instant)).toBe('2026-01-01');
    expect(chinaYearOf(instant)).toBe(2026);
  });

  it('refuses dates and times that do not exist', () => {
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(parseChinaDateTime('2026-05-12 24:00:00')).toBeUndefined();
    expect(parseChinaDateTime('2026-05-12T10:00:00')).toBeUndefined();
  });

  it('counts ages in whole years on the day', () => {
    expect(ageOn('1970-03-12', '2026-03-11')).toBe(55);
    expect(ageOn('1970-03-12', '2026-03-12')).toBe(56);
  });

  it('treats validity periods as inclusive at both ends, null open', () => {
    expect(isWithin('2026-06-30', '2026-01-01', '2026-06-30')).toBe(true);
    expect(isWithin('2026-07-01', '2026-01-01', '2026-06-30')).toBe(false);
    expect(isWithin('2030-01-01', '2026-01-01', null)).toBe(true);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
