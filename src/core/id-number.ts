// 居民身份证号码 (GB 11643-1999): 17 digits and a check character computed with ISO 7064 MOD 11-2.
import { isValidDate } from './time.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'shape' | 'birth-date' | 'check-digit';

/** Checks shape, birth date and check character; returns the first problem or undefined. */
export function checkIdNumber(certno: string): IdNumberProblem | undefined {
  if (!SHAPE.test(certno)) return 'shape';
  if (!isValidDate(birthDateOf(certno))) return 'birth-date';
  if (idCheckChar(certno.slice(0, 17)) !== certno[17]) return 'check-digit';
  return undefined;
}

export const isValidIdNumber = (certno: string): boolean => checkIdNumber(certno) === undefined;

/** The birth date written in digits 7–14, as `yyyy-MM-dd`. */
export function birthDateOf(certno: string): string {
  return `${certno.slice(6, 10)}-${certno.slice(10, 12)}-${certno.slice(12, 14)}`;
}

/** GB/T 2261.1 gender from the 17th digit: odd 男 "1", even 女 "2". */
export function genderOf(certno: string): '1' | '2' {
  return Number(certno[16]) % 2 === 1 ? '1' : '2';
}
