// Rules on who the patient is: items for one gender or an age range, and 门诊慢特病 items of the qualified disease.
import { chronicDiseaseName } from '../chronic-diseases.ts';
import { GEND } from '../dictionaries.ts';
import { ageOn } from '../time.ts';
import { type AuditContext, dayOf, type Finding, isCharge, nameOf } from './context.ts';
import { fill } from './text.ts';

const genderLabel = (gend: string): string => (gend === '1' || gend === '2' ? GEND[gend] : `未知（${gend}）`);

/** gender-restricted: the catalogue's gend_lmt against the person's gend; a person of unknown gender passes. */
export function genderRestricted(ctx: AuditContext): Finding[] {
  const { gend } = ctx.input.person;
  // 0 未知 / 9 未说明 cannot contradict a restriction: refusing on a missing code would punish the record, not the use.
  if (gend !== '1' && gend !== '2') return [];
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    if (!isCharge(line) || item?.gend_lmt === undefined || item.gend_lmt === gend) return;
    found.push({
      rule: 'gender-restricted',
      line_index: i,
      field: 'med_list_codg',
      explanation: fill('gender-restricted', {
        name: item.hilist_name,
        allowed: GEND[item.gend_lmt],
        gend: genderLabel(gend),
      }),
      data: { gend_lmt: item.gend_lmt, gend, amount_fen: line.amount_fen },
    });
  });
  return found;
}

/** age-restricted: age in whole years on the day of the fee (not of admission) against age_min / age_max, inclusive. */
export function ageRestricted(ctx: AuditContext): Finding[] {
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    if (!isCharge(line) || item === undefined || (item.age_min === undefined && item.age_max === undefined))
      return;
    const day = dayOf(line.fee_ocur_time);
    const age = ageOn(ctx.input.person.brdy, day);
    if (
      (item.age_min === undefined || age >= item.age_min) &&
      (item.age_max === undefined || age <= item.age_max)
    )
      return;
    found.push({
      rule: 'age-restricted',
      line_index: i,
      field: 'med_list_codg',
      explanation: fill('age-restricted', {
        name: item.hilist_name,
        range: ageRange(item.age_min, item.age_max),
        day,
        age,
      }),
      data: {
        age,
        amount_fen: line.amount_fen,
        ...(item.age_min !== undefined && { age_min: item.age_min }),
        ...(item.age_max !== undefined && { age_max: item.age_max }),
      },
    });
  });
  return found;
}

function ageRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}至${max}岁`;
  return min !== undefined ? `${min}岁及以上` : `${max}岁及以下`;
}

/**
 * chronic-disease-item: on a 门诊慢特病 visit, an item outside what the settings list for the person's qualified
 * diseases. Only diseases the settings list are judged: a disease without a list has no known range to be outside.
 */
export function chronicDiseaseItem(ctx: AuditContext): Finding[] {
  const { med_types, disease_items, exempt_chrgitm_types } = ctx.settings['chronic-disease-item'].params;
  if (!med_types.includes(ctx.input.visit.med_type)) return [];
  const diseases = (ctx.input.person.opsp_dise_codes ?? []).filter((code) =>
    Object.hasOwn(disease_items, code),
  );
  if (diseases.length === 0) return [];
  const allowed = new Set(diseases.flatMap((code) => disease_items[code]!));
  const names = diseases.map((code) => chronicDiseaseName(code) ?? code).join('、');
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    if (!isCharge(line) || allowed.has(line.med_list_codg)) return;
    if (item !== undefined && exempt_chrgitm_types.includes(item.med_chrgitm_type)) return;
    found.push({
      rule: 'chronic-disease-item',
      line_index: i,
      field: 'med_list_codg',
      explanation: fill('chronic-disease-item', { name: nameOf(line, item), diseases: names }),
      data: {
        med_list_codg: line.med_list_codg,
        opsp_dise_codes: diseases.join(','),
        amount_fen: line.amount_fen,
      },
    });
  });
  return found;
}
