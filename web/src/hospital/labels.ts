// Chinese labels of national codes, from the platform's own dictionaries (core/dictionaries is plain data).
import { labelOf } from '../../../src/core/dictionaries.ts';

/** `21 普通住院`: the code stays visible, since the HIS and the err_msg speak in codes. */
export function coded(dictionary: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const label = labelOf(dictionary, code);
  return label ? `${code} ${label}` : code;
}

/** Just the label, or the code when there is none. */
export const label = (dictionary: string, code: string): string => labelOf(dictionary, code) ?? code;
