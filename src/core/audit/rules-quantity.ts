// Rules on quantities: one line above its maximum, bed-days beyond the stay, a once-a-day item charged again that day.
import { isInpatientMedType } from '../dictionaries.ts';
import type { CatalogueItem, FeeLine } from '../engine/model.ts';
import { daysBetween } from '../time.ts';
import { type AuditContext, dayOf, type Finding, isCharge, nameOf } from './context.ts';
import { fill, formatCntE4 } from './text.ts';

const CNT_ONE_E4 = 10_000;

/** quantity-over-max: cnt of one line above the item's, else its type's, else the default maximum. */
export function quantityOverMax(ctx: AuditContext): Finding[] {
  const { default_max_cnt_e4, by_chrgitm_type_e4, by_item_e4 } = ctx.settings['quantity-over-max'].params;
  const found: Finding[] = [];
  ctx.input.lines.forEach((line, i) => {
    const item = ctx.items[i];
    const max =
      by_item_e4[line.med_list_codg] ??
      (item && by_chrgitm_type_e4[item.med_chrgitm_type]) ??
      default_max_cnt_e4;
    if (max == null || line.cnt_e4 <= max) return;
    found.push({
      rule: 'quantity-over-max',
      line_index: i,
      field: 'cnt',
      explanation: fill('quantity-over-max', {
        name: nameOf(line, item),
        cnt: formatCntE4(line.cnt_e4),
        max: formatCntE4(max),
      }),
      data: { cnt_e4: line.cnt_e4, max_cnt_e4: max, amount_fen: line.amount_fen },
    });
  });
  return found;
}

/**
 * Days of the stay as bed-days are billed: 算入不算出 (the admission day counts, the discharge day does not, at
 * least one), or both days when the province counts the discharge day. An open visit runs to `now`.
 */
export function stayDays(begntime: string, end: string, countDischargeDay: boolean): number {
  const days = daysBetween(dayOf(begntime), dayOf(end));
  return countDischargeDay ? days + 1 : Math.max(days, 1);
}

/** bed-days-over-stay: net count of bed items (refunds subtracted) over the visit against the days of the stay. */
export function bedDaysOverStay(ctx: AuditContext): Finding[] {
  const { visit, now } = ctx.input;
  if (!isInpatientMedType(visit.med_type)) return [];
  const params = ctx.settings['bed-days-over-stay'].params;
  const end = visit.endtime ?? now;
  const days = stayDays(visit.begntime, end, params.count_discharge_day);
  const limit_e4 = (days + params.tolerance_days) * CNT_ONE_E4;
  const isBed = (item: CatalogueItem | undefined) =>
    item !== undefined && params.bed_chrgitm_types.includes(item.med_chrgitm_type);
  return overCounts(ctx, isBed, (line) => (params.per === 'all' ? '*' : line.med_list_codg), limit_e4).map(
    ({ index, total_e4, item }) => ({
      rule: 'bed-days-over-stay',
      line_index: index,
      field: 'cnt',
      explanation: fill('bed-days-over-stay', {
        name: params.per === 'all' ? '床位费' : nameOf(ctx.input.lines[index]!, item),
        charged: formatCntE4(total_e4),
        days,
        begin: dayOf(visit.begntime),
        end: dayOf(end),
      }),
      data: {
        charged_cnt_e4: total_e4,
        stay_days: days,
        limit_cnt_e4: limit_e4,
        amount_fen: ctx.input.lines[index]!.amount_fen,
      },
    }),
  );
}

/** daily-repeat: net count a day of an item flagged daily_once in the catalogue or listed in the settings. */
export function dailyRepeat(ctx: AuditContext): Finding[] {
  const { items, max_per_day_e4 } = ctx.settings['daily-repeat'].params;
  const listed = new Set(items);
  const isOnce = (item: CatalogueItem | undefined, line: FeeLine) =>
    item?.daily_once === true || listed.has(line.med_list_codg);
  return overCounts(
    ctx,
    isOnce,
    (line) => `${line.med_list_codg} ${dayOf(line.fee_ocur_time)}`,
    max_per_day_e4,
  ).map(({ index, total_e4, item }) => {
    const line = ctx.input.lines[index]!;
    const day = dayOf(line.fee_ocur_time);
    return {
      rule: 'daily-repeat',
      line_index: index,
      field: 'cnt',
      explanation: fill('daily-repeat', {
        name: nameOf(line, item),
        day,
        charged: formatCntE4(total_e4),
        max: formatCntE4(max_per_day_e4),
      }),
      data: { day, charged_cnt_e4: total_e4, max_cnt_e4: max_per_day_e4, amount_fen: line.amount_fen },
    };
  });
}

interface Counted {
  readonly line: FeeLine;
  readonly item: CatalogueItem | undefined;
  /** Index in lines, or −1 for an earlier line (counted, not judged). */
  readonly index: number;
}

/**
 * The judged charge lines that take a group's net count past its limit. A group whose net count (refunds
 * included, so a charge reversed and charged again is not a repeat) stays within the limit has no hit; one beyond
 * it blames, in time order, every judged charge after which the running count exceeds the limit.
 */
function overCounts(
  ctx: AuditContext,
  counts: (item: CatalogueItem | undefined, line: FeeLine) => boolean,
  keyOf: (line: FeeLine) => string,
  limit: number,
): { index: number; total_e4: number; item: CatalogueItem | undefined }[] {
  const groups = new Map<string, Counted[]>();
  const add = (entry: Counted) => {
    if (!counts(entry.item, entry.line)) return;
    const key = keyOf(entry.line);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  };
  for (const line of ctx.input.earlier ?? [])
    add({ line, item: ctx.input.catalogue.findAt(line.med_list_codg, line.fee_ocur_time), index: -1 });
  ctx.input.lines.forEach((line, index) => {
    add({ line, item: ctx.items[index], index });
  });

  const hits: { index: number; total_e4: number; item: CatalogueItem | undefined }[] = [];
  for (const group of groups.values()) {
    const total = group.reduce((sum, e) => sum + e.line.cnt_e4, 0);
    if (total <= limit) continue;
    // Earlier lines first on the same second (they were recorded first), then the upload's order.
    const ordered = [...group].sort((a, b) =>
      a.line.fee_ocur_time < b.line.fee_ocur_time
        ? -1
        : a.line.fee_ocur_time > b.line.fee_ocur_time
          ? 1
          : a.index - b.index,
    );
    let running = 0;
    for (const e of ordered) {
      running += e.line.cnt_e4;
      if (e.index >= 0 && isCharge(e.line) && running > limit)
        hits.push({ index: e.index, total_e4: total, item: e.item });
    }
  }
  return hits;
}
