// The outpatient chronic and special diseases (门诊慢特病) of the demo world, in the national `M` + 5 digits shape.
import { OPSP_DISE } from '../core/chronic-diseases.ts';

/** The demo world qualifies people for the diseases the platform can name (core/chronic-diseases.ts). */
export const CHRONIC_DISEASES: readonly { readonly code: string; readonly name: string }[] = Object.entries(
  OPSP_DISE,
).map(([code, name]) => ({ code, name }));

export const CHRONIC_CODES: readonly string[] = CHRONIC_DISEASES.map((d) => d.code);
