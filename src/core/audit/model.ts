// The audit's data (智能审核): what a rule reads about a bill, and the hit it reports for one line.
import type { CatalogueIndex } from '../engine/catalogue-index.ts';
import type { FeeLine, Visit } from '../engine/model.ts';

/** Stable rule ids: settings, records and the console name rules by these, so they never change. */
export const RULE_IDS = [
  'not-in-catalogue',
  'outside-version',
  'price-over-cap',
  'quantity-over-max',
  'bed-days-over-stay',
  'daily-repeat',
  'gender-restricted',
  'age-restricted',
  'restricted-not-approved',
  'chronic-disease-item',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** warning: accepted, said in result[].memo; refuse: the upload or settlement is refused; review: 转人工复核. */
export const SEVERITIES = ['warning', 'refuse', 'review'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The insured person as the rules need them (from the 1101 person record and the 慢特病 qualifications). */
export interface AuditPerson {
  /** 性别 `1` 男 / `2` 女; other codes (0, 9) pass every gender restriction. */
  readonly gend: string;
  /** 出生日期 `yyyy-MM-dd`. */
  readonly brdy: string;
  /** 门诊慢特病 codes the person is qualified for at this visit (opsp_dise_code, e.g. M03900). */
  readonly opsp_dise_codes?: readonly string[];
}

export interface AuditInput {
  /** The lines to judge: one upload's feedetail[] (2301/2204), or all lines of the visit at settlement. */
  readonly lines: readonly FeeLine[];
  /** Lines of the visit already recorded, read by the counting rules (bed days, daily repeats) but not judged. */
  readonly earlier?: readonly FeeLine[];
  readonly visit: Visit;
  /** `yyyy-MM-dd HH:mm:ss`: the end of a visit still open (the upload's or settlement's time; core has no clock). */
  readonly now: string;
  readonly person: AuditPerson;
  readonly catalogue: CatalogueIndex;
}

/** The feedetail field a hit is about, for `feedetail[i].<field>：…` in an err_msg. */
export type HitField = 'med_list_codg' | 'fee_ocur_time' | 'pric' | 'cnt' | 'hosp_appr_flag';

export interface AuditHit {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Index of the line in AuditInput.lines (feedetail[line_index]). */
  readonly line_index: number;
  readonly feedetl_sn: string;
  readonly field: HitField;
  /** For the HIS and the clerk, with the figures: `阿莫西林胶囊单价12.80元超过目录限价12.50元`. */
  readonly explanation: string;
  /** For the record: amounts in fen, quantities ×10⁴, prices ×10⁶, codes and dates as text. */
  readonly data: Readonly<Record<string, number | string>>;
}
