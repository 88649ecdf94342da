import { describe, expect, it } from 'vitest';
import { maskCertno, maskName } from './masking.ts';

describe('masking', () => {
  it('keeps the first and last character of a name and hides the rest', () => {
    expect(maskName('张建国')).toBe('张*国');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳振华')).toBe('欧**华');
    expect(maskName('李')).toBe('李');
  });

  it('keeps the first and last four characters of an ID number', () => {
    expect(maskCertno('130102197003121238')).toBe('1301**********1238');
    expect(maskCertno('A1234567')).toBe('A1234567');
  });
});
