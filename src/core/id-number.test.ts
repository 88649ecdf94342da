import { describe, expect, it } from 'vitest';
import { birthDateOf, checkIdNumber, genderOf, idCheckChar, isValidIdNumber } from './id-number.ts';

describe('GB 11643 ID numbers', () => {
  it('computes the check character with ISO 7064 MOD 11-2', () => {
    expect(idCheckChar('13010219700312123')).toBe('8'); // 老张 of the worked example
    expect(idCheckChar('11010519491231002')).toBe('X'); // the standard's own example
  });

  it('accepts a valid number and reads its birth date and gender', () => {
    expect(isValidIdNumber('130102197003121238')).toBe(true);
    expect(birthDateOf('130102197003121238')).toBe('1970-03-12');
    expect(genderOf('130102197003121238')).toBe('1');
    expect(genderOf('11010519491231002X')).toBe('2');
  });

  it('names the problem of a bad number', () => {
    expect(checkIdNumber('130102197003121230')).toBe('check-digit');
    expect(checkIdNumber('13010219700231123X')).toBe('birth-date');
    expect(checkIdNumber('1301021970031212')).toBe('shape');
    expect(checkIdNumber('13010219700312123x')).toBe('shape');
  });
});
