// `when` selectors of a policy: every given key must match; an empty list matches nothing.
import type { Selector } from '../dataset/schema.ts';
import { isInpatientMedType } from '../dictionaries.ts';

/** What a selector can look at, fixed for one settlement. */
export interface SelectorContext {
  readonly hosp_lv: string;
  readonly psn_type: string;
  /** Whole years on the settlement date. */
  readonly age: number;
  /** For an inpatient visit, the n-th inpatient settlement of the year counting this one; else undefined. */
  readonly admission: number | undefined;
  /** The filing category that applies, or null without a filing. */
  readonly dcla_type: string | null;
  readonly med_type: string;
  readonly cvlserv: boolean;
  /** The 人员身份 types the person holds on the settlement date. */
  readonly idet: ReadonlySet<string>;
  readonly dise_codg: string | null;
}

export function matches(when: Selector | undefined, c: SelectorContext): boolean {
  if (!when) return true;
  if (when.hosp_lv !== undefined && when.hosp_lv !== c.hosp_lv) return false;
  if (when.psn_type !== undefined && !c.psn_type.startsWith(when.psn_type)) return false;
  if (when.age_min !== undefined && c.age < when.age_min) return false;
  if (when.age_max !== undefined && c.age > when.age_max) return false;
  if (when.admission_min !== undefined && (c.admission === undefined || c.admission < when.admission_min))
    return false;
  if (when.admission_max !== undefined && (c.admission === undefined || c.admission > when.admission_max))
    return false;
  if (
    when.filing !== undefined &&
    (c.dcla_type === null || !(when.filing as readonly string[]).includes(c.dcla_type))
  )
    return false;
  if (when.med_type !== undefined && !when.med_type.includes(c.med_type)) return false;
  if (when.cvlserv !== undefined && when.cvlserv !== c.cvlserv) return false;
  if (when.idet !== undefined && !when.idet.some((t) => c.idet.has(t))) return false;
  if (when.dise_codg !== undefined && (c.dise_codg === null || !when.dise_codg.includes(c.dise_codg)))
    return false;
  return true;
}

export { isInpatientMedType };
