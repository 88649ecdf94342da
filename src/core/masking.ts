// Personal data as views that do not need all of it show it: the middle of an ID number, the middle of a name.

/** 证件号码 with the middle hidden: 1301**********1238. */
export const maskCertno = (certno: string): string =>
  certno.length > 8 ? `${certno.slice(0, 4)}${'*'.repeat(certno.length - 8)}${certno.slice(-4)}` : certno;

/** A name with all but its first and last character hidden: 张*国, 王*, 欧**华. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
