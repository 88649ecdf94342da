// One benefit layer (settlement.md Step 2): deductible, ladder, off-site adjustment, cap and the over-cap hand-over.
import { BP_PER_UNIT, divRound, formatPercent, formatYuan } from '../money.ts';
import type { LayerPayment } from './model.ts';
import type { Band, CompiledLayer } from './policy.ts';
import { matches, type SelectorContext } from './selectors.ts';

/** A stretch of the eligible amount inside one band of the ladder. */
interface Part {
  readonly length_fen: number;
  readonly prop_bp: number;
}

export interface LayerRun {
  readonly payment: LayerPayment;
  /** The layer's counters after this settlement (`<id>.paid`, `<id>.eligible`, and `<id>.dedc` per year). */
  readonly counters: Readonly<Record<string, number>>;
}

/**
 * Runs a layer that is eligible to run. `adjust` applies the off-site adjustment to a ratio (identity when
 * the layer is not adjusted); `counters` are the person's year-to-date counters before this settlement.
 */
export function runLayer(
  layer: CompiledLayer,
  basis_fen: number,
  counters: Readonly<Record<string, number>>,
  context: SelectorContext,
  adjust: (prop_bp: number) => number,
): LayerRun {
  const counter = (name: string) => counters[`${layer.id}.${name}`] ?? 0;
  const next: Record<string, number> = {};

  const standard = layer.deductible?.rules.find((r) => matches(r.when, context))?.amount_fen ?? 0;
  const perYear = layer.deductible?.per === 'year';
  const deductible = Math.min(perYear ? Math.max(standard - counter('dedc'), 0) : standard, basis_fen);
  if (perYear) next[`${layer.id}.dedc`] = counter('dedc') + deductible;

  const eligible = Math.max(basis_fen - deductible, 0);
  const start = layer.bands.over === 'year' ? counter('eligible') : 0;
  const ladder = layer.bands.rules.find((r) => matches(r.when, context))?.ladder;
  const parts = ladder ? layOnLadder(ladder, start, eligible, adjust) : [];
  const exact_e4 = parts.reduce((sum, p) => sum + BigInt(p.length_fen) * BigInt(p.prop_bp), 0n);
  const byLadder = Number(divRound(exact_e4, BigInt(BP_PER_UNIT)));

  const room = layer.cap_fen === undefined ? undefined : Math.max(layer.cap_fen - counter('paid'), 0);
  const capped = room !== undefined && byLadder > room;
  const paid = capped ? room : byLadder;
  const over_cap = capped ? overCap(parts, eligible, room) : 0;
  next[`${layer.id}.paid`] = counter('paid') + paid;
  next[`${layer.id}.eligible`] = counter('eligible') + eligible;

  const explanation = explain(layer, {
    standard,
    deductible,
    start,
    parts,
    ladder,
    byLadder,
    room,
    capped,
    over_cap,
    counter,
  });
  return {
    payment: {
      id: layer.id,
      fund_pay_type: layer.fund_pay_type,
      basis_fen,
      limit_fen: room ?? paid,
      paid_fen: paid,
      deductible_fen: deductible,
      over_cap_fen: over_cap,
      explanation,
    },
    counters: next,
  };
}

/** Lays [start, start + eligible) onto the ladder; beyond the last `upto` nothing is laid (it pays 0). */
export function layOnLadder(
  ladder: readonly Band[],
  start_fen: number,
  eligible_fen: number,
  adjust: (bp: number) => number,
): Part[] {
  const parts: Part[] = [];
  const end = start_fen + eligible_fen;
  let lower = 0;
  for (const band of ladder) {
    const upper = band.upto_fen ?? Number.POSITIVE_INFINITY;
    const length = Math.min(upper, end) - Math.max(lower, start_fen);
    if (length > 0) parts.push({ length_fen: length, prop_bp: adjust(band.prop_bp) });
    if (upper >= end) break;
    lower = upper;
  }
  return parts;
}

/** The adjusted ratio of the band in which `start` lies (0 beyond the ladder's end). */
export function propAt(ladder: readonly Band[], start_fen: number, adjust: (bp: number) => number): number {
  for (const band of ladder)
    if (band.upto_fen === null || start_fen < band.upto_fen) return adjust(band.prop_bp);
  return 0;
}

/**
 * The part of the eligible amount beyond the exact point where the ladder's payments reach the cap room,
 * rounded once to the fen. The crossing exists: the rounded payment exceeds the room.
 */
function overCap(parts: readonly Part[], eligible_fen: number, room_fen: number): number {
  const target_e4 = BigInt(room_fen) * BigInt(BP_PER_UNIT);
  let paid_e4 = 0n;
  let laid = 0;
  for (const part of parts) {
    const partPay_e4 = BigInt(part.length_fen) * BigInt(part.prop_bp);
    if (paid_e4 >= target_e4) break;
    if (paid_e4 + partPay_e4 >= target_e4) {
      // Inside this band the point lies (target − paid) / prop into it; what follows it is over the cap.
      const prop = BigInt(part.prop_bp);
      return Number(divRound(BigInt(eligible_fen - laid) * prop - (target_e4 - paid_e4), prop));
    }
    paid_e4 += partPay_e4;
    laid += part.length_fen;
  }
  return eligible_fen - laid;
}

interface Explained {
  readonly standard: number;
  readonly deductible: number;
  readonly start: number;
  readonly parts: readonly Part[];
  readonly ladder: readonly Band[] | undefined;
  readonly byLadder: number;
  readonly room: number | undefined;
  readonly capped: boolean;
  readonly over_cap: number;
  readonly counter: (name: string) => number;
}

/** setl_proc_info: the layer's arithmetic in words a patient or a clerk can follow. */
function explain(layer: CompiledLayer, e: Explained): string {
  const steps: string[] = [];
  if (layer.basis === 'over_cap') steps.push('前一层超限额部分');
  if (layer.basis === 'inscp_self') steps.push('符合范围内前序基金支付后剩余部分');
  if (layer.deductible) {
    const year =
      layer.deductible.per === 'year'
        ? `（年度起付线${formatYuan(e.standard)}，此前已累计${formatYuan(e.counter('dedc'))}）`
        : '';
    steps.push(`起付线${formatYuan(e.deductible)}${year}`);
  }
  if (e.start > 0) steps.push(`本年此前已累计${formatYuan(e.start)}`);
  let arithmetic: string;
  if (!e.ladder) arithmetic = `无适用的支付比例，支付0.00`;
  else if (e.parts.length === 0) arithmetic = `可支付部分0.00`;
  else
    arithmetic = `${e.parts.map((p) => `${formatYuan(p.length_fen)}×${formatPercent(p.prop_bp)}`).join('+')}=${formatYuan(e.byLadder)}`;
  if (e.capped) {
    arithmetic += `，超过剩余限额，按${formatYuan(e.room!)}支付`;
    if (e.over_cap > 0) arithmetic += `，超限额${formatYuan(e.over_cap)}`;
  }
  steps.push(arithmetic);
  return steps.join('；');
}
