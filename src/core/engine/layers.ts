// One benefit layer (settlement.md Step 2): deductible, ladder, off-site adjustment, cap and the over-cap hand-over.
import type { Selector } from '../dataset/schema.ts';
import { BP_PER_UNIT, divRound, formatPercent, formatYuan, mulDivRound } from '../money.ts';
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

/** The names of a layer's counters (`pool.paid` …), made once per layer id rather than on every settlement. */
export interface CounterNames {
  readonly paid: string;
  readonly eligible: string;
  readonly dedc: string;
}
// Layer ids are few (a handful per policy, shared across policies), so this stays small.
const counterNamesById = new Map<string, CounterNames>();

export function counterNames(layerId: string): CounterNames {
  let names = counterNamesById.get(layerId);
  if (names === undefined) {
    names = { paid: `${layerId}.paid`, eligible: `${layerId}.eligible`, dedc: `${layerId}.dedc` };
    counterNamesById.set(layerId, names);
  }
  return names;
}

/** The first rule whose `when` matches (a loop: `find` would make a closure on every settlement). */
export function firstMatch<R extends { readonly when: Selector | undefined }>(
  rules: readonly R[],
  context: SelectorContext,
): R | undefined {
  for (let i = 0; i < rules.length; i++) if (matches(rules[i]!.when, context)) return rules[i];
  return undefined;
}

const NO_PARTS: readonly Part[] = [];

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
  const names = counterNames(layer.id);
  const dedcBefore = counters[names.dedc] ?? 0;
  const paidBefore = counters[names.paid] ?? 0;
  const eligibleBefore = counters[names.eligible] ?? 0;
  const next: Record<string, number> = {};

  const standard = (layer.deductible && firstMatch(layer.deductible.rules, context))?.amount_fen ?? 0;
  const perYear = layer.deductible?.per === 'year';
  const deductible = Math.min(perYear ? Math.max(standard - dedcBefore, 0) : standard, basis_fen);
  if (perYear) next[names.dedc] = dedcBefore + deductible;

  const eligible = Math.max(basis_fen - deductible, 0);
  const start = layer.bands.over === 'year' ? eligibleBefore : 0;
  const ladder = firstMatch(layer.bands.rules, context)?.ladder;
  const parts = ladder ? layOnLadder(ladder, start, eligible, adjust) : NO_PARTS;
  const byLadder = payOnParts(parts);

  const room = layer.cap_fen === undefined ? undefined : Math.max(layer.cap_fen - paidBefore, 0);
  const capped = room !== undefined && byLadder > room;
  const paid = capped ? room : byLadder;
  const over_cap = capped ? overCap(parts, eligible, room) : 0;
  next[names.paid] = paidBefore + paid;
  next[names.eligible] = eligibleBefore + eligible;

  const explanation = explain(layer, {
    standard,
    deductible,
    dedcBefore,
    start,
    parts,
    ladder,
    byLadder,
    room,
    capped,
    over_cap,
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

/** Σ length × prop over the parts, rounded once to the fen. */
function payOnParts(parts: readonly Part[]): number {
  let exact_e4 = 0;
  for (let i = 0; i < parts.length; i++) {
    const { length_fen, prop_bp } = parts[i]!;
    const partPay_e4 = length_fen * prop_bp;
    exact_e4 += partPay_e4;
    // Safe integers multiply and add exactly while each result stays below 2^53; past that, BigInt.
    if (
      !Number.isSafeInteger(length_fen) ||
      !Number.isSafeInteger(prop_bp) ||
      !Number.isSafeInteger(partPay_e4) ||
      !Number.isSafeInteger(exact_e4)
    )
      return payOnPartsExact(parts);
  }
  return mulDivRound(exact_e4, 1, BP_PER_UNIT);
}

function payOnPartsExact(parts: readonly Part[]): number {
  const exact_e4 = parts.reduce((sum, p) => sum + BigInt(p.length_fen) * BigInt(p.prop_bp), 0n);
  return Number(divRound(exact_e4, BigInt(BP_PER_UNIT)));
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
  // In plain numbers while every value is a safe integer (then each step is exact); otherwise the BigInt way.
  const target_e4 = room_fen * BP_PER_UNIT;
  if (!Number.isSafeInteger(target_e4)) return overCapExact(parts, eligible_fen, room_fen);
  let paid_e4 = 0;
  let laid = 0;
  for (const part of parts) {
    const prop = part.prop_bp;
    const partPay_e4 = part.length_fen * prop;
    const paidAfter_e4 = paid_e4 + partPay_e4;
    if (
      !Number.isSafeInteger(part.length_fen) ||
      !Number.isSafeInteger(prop) ||
      !Number.isSafeInteger(partPay_e4) ||
      !Number.isSafeInteger(paidAfter_e4)
    )
      return overCapExact(parts, eligible_fen, room_fen);
    if (paid_e4 >= target_e4) break;
    if (paidAfter_e4 >= target_e4) {
      // Inside this band the point lies (target − paid) / prop into it; what follows it is over the cap.
      const rest_e4 = (eligible_fen - laid) * prop;
      const beyond_e4 = rest_e4 - (target_e4 - paid_e4);
      if (!Number.isSafeInteger(rest_e4) || !Number.isSafeInteger(beyond_e4))
        return overCapExact(parts, eligible_fen, room_fen);
      return mulDivRound(beyond_e4, 1, prop);
    }
    paid_e4 = paidAfter_e4;
    laid += part.length_fen;
  }
  return eligible_fen - laid;
}

function overCapExact(parts: readonly Part[], eligible_fen: number, room_fen: number): number {
  const target_e4 = BigInt(room_fen) * BigInt(BP_PER_UNIT);
  let paid_e4 = 0n;
  let laid = 0;
  for (const part of parts) {
    const partPay_e4 = BigInt(part.length_fen) * BigInt(part.prop_bp);
    if (paid_e4 >= target_e4) break;
    if (paid_e4 + partPay_e4 >= target_e4) {
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
  /** The per-year deductible counter before this settlement. */
  readonly dedcBefore: number;
  readonly start: number;
  readonly parts: readonly Part[];
  readonly ladder: readonly Band[] | undefined;
  readonly byLadder: number;
  readonly room: number | undefined;
  readonly capped: boolean;
  readonly over_cap: number;
}

/** setl_proc_info: the layer's arithmetic in words a patient or a clerk can follow; steps are joined by `；`. */
function explain(layer: CompiledLayer, e: Explained): string {
  // Built by concatenation, each step before the last one followed by its separator: no arrays, no closures.
  let steps = '';
  if (layer.basis === 'over_cap') steps += '前一层超限额部分；';
  if (layer.basis === 'inscp_self') steps += '符合范围内前序基金支付后剩余部分；';
  if (layer.deductible) {
    steps += `起付线${formatYuan(e.deductible)}`;
    if (layer.deductible.per === 'year')
      steps += `（年度起付线${formatYuan(e.standard)}，此前已累计${formatYuan(e.dedcBefore)}）`;
    steps += '；';
  }
  if (e.start > 0) steps += `本年此前已累计${formatYuan(e.start)}；`;
  let arithmetic: string;
  if (!e.ladder) arithmetic = '无适用的支付比例，支付0.00';
  else if (e.parts.length === 0) arithmetic = '可支付部分0.00';
  else {
    arithmetic = '';
    for (let i = 0; i < e.parts.length; i++) {
      const part = e.parts[i]!;
      if (i > 0) arithmetic += '+';
      arithmetic += `${formatYuan(part.length_fen)}×${formatPercent(part.prop_bp)}`;
    }
    arithmetic += `=${formatYuan(e.byLadder)}`;
  }
  if (e.capped) {
    arithmetic += `，超过剩余限额，按${formatYuan(e.room!)}支付`;
    if (e.over_cap > 0) arithmetic += `，超限额${formatYuan(e.over_cap)}`;
  }
  return steps + arithmetic;
}
