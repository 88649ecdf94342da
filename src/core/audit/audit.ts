// 智能审核: every enabled rule on a bill, in a fixed order, and what the HIS edge makes of the hits.
import type { AuditContext, Finding } from './context.ts';
import { type AuditHit, type AuditInput, RULE_IDS, type RuleId } from './model.ts';
import { catalogueMembership, priceOverCap, restrictedNotApproved } from './rules-catalogue.ts';
import { ageRestricted, chronicDiseaseItem, genderRestricted } from './rules-person.ts';
import { bedDaysOverStay, dailyRepeat, quantityOverMax } from './rules-quantity.ts';
import type { AuditSettings } from './settings.ts';

type RuleGroup = (ctx: AuditContext) => Finding[];

/** Each group with the rule ids it reports: a group runs when one of them is enabled. */
const GROUPS: readonly (readonly [readonly RuleId[], RuleGroup])[] = [
  [['not-in-catalogue', 'outside-version'], catalogueMembership],
  [['price-over-cap'], priceOverCap],
  [['quantity-over-max'], quantityOverMax],
  [['bed-days-over-stay'], bedDaysOverStay],
  [['daily-repeat'], dailyRepeat],
  [['gender-restricted'], genderRestricted],
  [['age-restricted'], ageRestricted],
  [['restricted-not-approved'], restrictedNotApproved],
  [['chronic-disease-item'], chronicDiseaseItem],
];

const RULE_ORDER = new Map<RuleId, number>(RULE_IDS.map((id, i) => [id, i]));

/** The hits of the enabled rules, ordered by line, then by rule in RULE_IDS order; the same input gives the same list. */
export function auditBill(input: AuditInput, settings: AuditSettings): AuditHit[] {
  const ctx: AuditContext = {
    input,
    settings,
    items: input.lines.map((line) => input.catalogue.findAt(line.med_list_codg, line.fee_ocur_time)),
  };
  const hits: AuditHit[] = [];
  for (const [ids, group] of GROUPS) {
    if (!ids.some((id) => settings[id].enabled)) continue;
    for (const finding of group(ctx)) {
      const rule = settings[finding.rule];
      if (!rule.enabled) continue;
      hits.push({
        ...finding,
        severity: rule.severity,
        feedetl_sn: input.lines[finding.line_index]!.feedetl_sn,
      });
    }
  }
  return hits.sort(
    (a, b) => a.line_index - b.line_index || RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)!,
  );
}

/** The hits of one line. */
export const hitsOfLine = (hits: readonly AuditHit[], lineIndex: number): AuditHit[] =>
  hits.filter((h) => h.line_index === lineIndex);

/** result[].memo of a line: its warnings, joined as the engine joins its own memo parts; '' when there are none. */
export function memoOf(hits: readonly AuditHit[]): string {
  return hits
    .filter((h) => h.severity === 'warning')
    .map((h) => h.explanation)
    .join('；');
}

/** How an err_msg names the refused line: its index in the upload's feedetail, or (at settlement) its feedetl_sn. */
export type LineNaming = 'index' | 'serial';

/**
 * The err_msg of a refused upload or settlement: the first refusing hit (in auditBill's order), with the path of
 * its field (`feedetail[3].pric：…`, or `feedetail[feedetl_sn=F0003].pric：…` at settlement, where the HIS sent no
 * list to index); undefined when nothing refuses. The edge passes `input.feedetail` as path at upload.
 */
export function refusalOf(
  hits: readonly AuditHit[],
  path = 'feedetail',
  naming: LineNaming = 'index',
): string | undefined {
  const first = hits.find((h) => h.severity === 'refuse');
  if (!first) return undefined;
  const line = naming === 'index' ? String(first.line_index) : `feedetl_sn=${first.feedetl_sn}`;
  return `${path}[${line}].${first.field}：${first.explanation}（审核规则${first.rule}）`;
}

/** The hits referred for review (转人工复核): the edge records them for the agency's queue; the line is accepted. */
export const reviewOf = (hits: readonly AuditHit[]): AuditHit[] =>
  hits.filter((h) => h.severity === 'review');

const REVIEW_MARK = '（已转人工复核）';

/** How result[].memo tells a hit referred for review. */
export const reviewNoteOf = (hit: AuditHit): string => `${hit.explanation}${REVIEW_MARK}`;

/** The parts the audit adds to a line's result[].memo: its warnings, then its review notes (joined with `；`). */
export function auditMemoParts(hits: readonly AuditHit[]): string[] {
  return [
    ...hits.filter((h) => h.severity === 'warning').map((h) => h.explanation),
    ...reviewOf(hits).map(reviewNoteOf),
  ];
}

/**
 * The warnings and review hits a line's memo of its upload did not tell yet: what a settlement found that the
 * upload did not (a bed-day beyond the real discharge date, a repeat across messages, changed settings). A warning
 * already told, or a review already told (and so recorded at upload), is not recorded again; a finding with other
 * figures is another text and so is new. Refusals are never recorded (the settlement is refused).
 */
export function untoldHits(
  hits: readonly AuditHit[],
  memoOfLine: (lineIndex: number) => string | null | undefined,
): AuditHit[] {
  return hits.filter((h) => {
    if (h.severity === 'refuse') return false;
    const told = new Set((memoOfLine(h.line_index) ?? '').split('；'));
    return h.severity === 'warning'
      ? !told.has(h.explanation) && !told.has(reviewNoteOf(h))
      : !told.has(reviewNoteOf(h));
  });
}
