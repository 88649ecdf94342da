// Rules on the line's own catalogue entry: not listed, outside its version, over the price cap, restricted use.
import { splitLine } from '../engine/line-split.ts';
import { type AuditContext, dayOf, type Finding, isCharge, nameOf } from './context.ts';
import { fill, formatPriceE6, formatYuan } from './text.ts';

/** Price per fen in the unit of pric_e6 (×10⁶ yuan): 1 fen = 10⁴. */
const PRIC_E6_PER_FEN = 10_000;
const BP = 10_000;

/** not-in-catalogue and outside-version: a code the catalogue never had, told apart from one known on other days. */
export function catalogueMembership(ctx: AuditContext): Finding[] {
  const found: Finding[] = [];
  const { lines, catalogue } = ctx.input;
  lines.forEach((line, i) => {
    if (!isCharge(line) || ctx.items[i] !== undefined) return;
    const versions = catalogue.versionsOf(line.med_list_codg);
    if (versions.length === 0) {
      found.push({
        rule: 'not-in-catalogue',
        line_index: i,
        field: 'med_list_codg',
        explanation: fill('not-in-catalogue', { name: line.med_list_codg }),
        data: { med_list_codg: line.med_list_codg, amount_fen: line.amount_fen },
      });
      return;
    }
    const day = dayOf(line.fee_ocur_time);
    const periods = versions.map((v) => `${v.begndate}至${v.enddate ?? '今'}`).join('、');
    found.push({
      rule: 'outside-version',
      line_index: i,
      field: 'fee_ocur_time',
      explanation: fill('outside-version', { name: versions.at(-1)!.hilist_name, day, periods }),
      data: { med_list_codg: line.med_list_codg, day, periods, amount_fen: line.amount_fen },
    });
  });
  return found;
}

/** price-over-cap: pric above pric_uplmt by more than the tolerance, compared in integers (×10⁶ yuan × bp). */
export function priceOverCap(ctx: AuditContext): Finding[] {
  const { tolerance_bp } = ctx.settings['price-over-cap'].params;
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    if (!isCharge(line) || item?.pric_uplmt_fen == null) return;
    const cap_e6 = item.pric_uplmt_fen * PRIC_E6_PER_FEN;
    // pric × 10⁴ > cap × (10⁴ + tolerance) says pric > cap × (1 + tolerance) exactly; BigInt as prices × bp pass 2^53.
    if (BigInt(line.pric_e6) * BigInt(BP) <= BigInt(cap_e6) * BigInt(BP + tolerance_bp)) return;
    // The engine's split says how much of the line is 超限价; the audit does not compute it a second way.
    const { overlmt_fen } = splitLine(line, ctx.input.catalogue);
    found.push({
      rule: 'price-over-cap',
      line_index: i,
      field: 'pric',
      explanation: fill('price-over-cap', {
        name: nameOf(line, item),
        pric: formatPriceE6(line.pric_e6),
        cap: formatYuan(item.pric_uplmt_fen),
      }),
      data: {
        pric_e6: line.pric_e6,
        pric_uplmt_fen: item.pric_uplmt_fen,
        overlmt_fen,
        amount_fen: line.amount_fen,
      },
    });
  });
  return found;
}

/** restricted-not-approved: 限制使用 (lmt_used_flag 1) without the hospital's approval (hosp_appr_flag 1). */
export function restrictedNotApproved(ctx: AuditContext): Finding[] {
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    if (!isCharge(line) || item?.lmt_used_flag !== '1' || line.hosp_appr_flag === '1') return;
    found.push({
      rule: 'restricted-not-approved',
      line_index: i,
      field: 'hosp_appr_flag',
      explanation: fill('restricted-not-approved', { name: item.hilist_name, flag: line.hosp_appr_flag }),
      data: { hosp_appr_flag: line.hosp_appr_flag, amount_fen: line.amount_fen },
    });
  });
  return found;
}
