// A pooling region's filing settings (备案经办规则): local choices within the national rules, with the national defaults.

/** The national ceiling of the waiting time before a long-term filing may be changed or cancelled (policy.md §1.5). */
export const MAX_CHANGE_WAIT_MONTHS = 6;

export interface FilingSettings {
  /** Long-term filings (11/12/13) with a personal commitment are approved on submission (个人承诺制, 即时办结). */
  readonly auto_approve_commitment: boolean;
  /** Months after approval before a long-term filing may be changed or cancelled (0 … 6). */
  readonly change_wait_months: number;
  /** The validity of a temporary filing (21/22/23) when the person names no end: at least six months. */
  readonly temporary_months: number;
  /** Whether a person may ask for a shorter temporary filing than `temporary_months`. */
  readonly temporary_shorter_allowed: boolean;
  /** How many days before today a filing may begin (补办 for an admission already made). */
  readonly backdate_max_days: number;
  /** The version of the 备案告知书 an applicant must confirm having read. */
  readonly notice_version: string;
  /** The version of the 个人承诺书 text a commitment is signed against. */
  readonly commitment_version: string;
}

/**
 * The national defaults: the six-month figures of policy.md §1.5 ([U]: the ceiling and the minimum, taken as the
 * default); commitments approve at once as the national mini-program's 即时备案 does; 补办 back to 180 days covers
 * a long stay admitted before filing.
 */
export const NATIONAL_FILING_SETTINGS: FilingSettings = {
  auto_approve_commitment: true,
  change_wait_months: MAX_CHANGE_WAIT_MONTHS,
  temporary_months: 6,
  temporary_shorter_allowed: true,
  backdate_max_days: 180,
  notice_version: 'GJ-2024-01',
  commitment_version: 'GJ-CN-2024-01',
};

/** A region's settings over the national defaults; a waiting time beyond the national ceiling is cut to it. */
export function filingSettingsOf(local: Partial<FilingSettings> | null | undefined): FilingSettings {
  const merged = { ...NATIONAL_FILING_SETTINGS, ...(local ?? {}) };
  return { ...merged, change_wait_months: Math.min(merged.change_wait_months, MAX_CHANGE_WAIT_MONTHS) };
}
