// 全国统计 of cross-province settlements: merging the nodes' monthly aggregates and the figures derived from them.
import { isInpatientMedType } from '../dictionaries.ts';
import { BP_PER_UNIT, mulDivRound } from '../money.ts';
import { provinceOf } from '../regions.ts';

/** 住院 (医疗类别 2x, 52 生育住院) or 门诊 (everything else: 普通门诊, 门诊慢特病, 药店购药 …). */
export type CareKind = 'inpatient' | 'outpatient';
export const CARE_KINDS: readonly CareKind[] = ['inpatient', 'outpatient'];

/** The longest month range one statistics request may cover: every month is one row of the answer. */
export const MAX_STATS_MONTHS = 36;

/** Sums of settlements, net of cancels (a cancel record counts −1 and its negated amounts, in its own month). */
export interface SettlementSums {
  /** 结算人次, net. */
  readonly settlements: number;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}

/** The sums of one month × treatment province × insured province × kind of care. */
export interface SettlementAggregate extends SettlementSums {
  /** yyyy-MM of setl_time (China time). */
  readonly month: string;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly kind: CareKind;
}

/** One group of a node's settlements table, as the store reads it (by 医疗类别 and insured region). */
export interface SettlementGroup extends SettlementSums {
  readonly month: string;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
}

/** Sums with what follows from them. */
export interface SettlementFigures extends SettlementSums {
  /** 人均减少垫付: fund paid ÷ settlements, in fen (what a patient no longer advances per settlement). */
  readonly advance_avoided_per_settlement_fen: number | null;
  /** 实际报销比例: fund paid ÷ total medical cost, in basis points. */
  readonly reimbursement_ratio_bp: number | null;
}

/** Figures in total and by kind of care. */
export interface FiguresByKind extends SettlementFigures {
  readonly inpatient: SettlementFigures;
  readonly outpatient: SettlementFigures;
}

export interface MonthFigures extends FiguresByKind {
  readonly month: string;
}

export interface ProvinceFigures {
  readonly province: string;
  /** Settlements made in the province's hospitals for other provinces' insured (就医地). */
  readonly as_treatment: SettlementFigures;
  /** Settlements of the province's insured in other provinces (参保地). */
  readonly as_insured: SettlementFigures;
}

/** 跨省流向: the insured of one province treated in another. */
export interface Flow {
  readonly insured_province: string;
  readonly treatment_province: string;
  readonly settlements: number;
  readonly fund_pay_fen: number;
}

export interface SettlementStatistics {
  readonly totals: FiguresByKind;
  /** Every month of the range, in order, also those without settlements. */
  readonly months: readonly MonthFigures[];
  /** The given provinces, in their order. */
  readonly provinces: readonly ProvinceFigures[];
  /** Flows with anything in them, most settlements first. */
  readonly flows: readonly Flow[];
}

export const ZERO_SUMS: SettlementSums = {
  settlements: 0,
  medfee_fen: 0,
  fund_pay_fen: 0,
  psn_part_fen: 0,
  acct_pay_fen: 0,
  psn_cash_fen: 0,
};

export const kindOfMedType = (medType: string): CareKind =>
  isInpatientMedType(medType) ? 'inpatient' : 'outpatient';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string): boolean => MONTH.test(text);

function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month (yyyy-MM): ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** How many months `from` … `to` covers, both included (0 or less when `to` is before `from`). */
export const monthSpan = (from: string, to: string): number => monthIndex(to) - monthIndex(from) + 1;

/** The month `delta` months after (before, when negative) a yyyy-MM month. */
export function addMonths(month: string, delta: number): string {
  const index = monthIndex(month) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

export function addSums(a: SettlementSums, b: SettlementSums): SettlementSums {
  return {
    settlements: a.settlements + b.settlements,
    medfee_fen: a.medfee_fen + b.medfee_fen,
    fund_pay_fen: a.fund_pay_fen + b.fund_pay_fen,
    psn_part_fen: a.psn_part_fen + b.psn_part_fen,
    acct_pay_fen: a.acct_pay_fen + b.acct_pay_fen,
    psn_cash_fen: a.psn_cash_fen + b.psn_cash_fen,
  };
}

const sumsOf = (s: SettlementSums): SettlementSums => addSums(ZERO_SUMS, s);

/**
 * The derived figures, each rounded once, half away from zero (the platform's one rule). A ratio over a net total
 * that is not positive (nothing settled, or more cancelled than settled in a month) has no meaning: null.
 */
export function figuresOf(sums: SettlementSums): SettlementFigures {
  return {
    ...sumsOf(sums),
    advance_avoided_per_settlement_fen:
      sums.settlements > 0 ? mulDivRound(sums.fund_pay_fen, 1, sums.settlements) : null,
    reimbursement_ratio_bp:
      sums.medfee_fen > 0 ? mulDivRound(sums.fund_pay_fen, BP_PER_UNIT, sums.medfee_fen) : null,
  };
}

const keyOf = (a: Omit<SettlementAggregate, keyof SettlementSums>): string =>
  `${a.month}|${a.treatment_province}|${a.insured_province}|${a.kind}`;

/** Sums aggregates that share month, provinces and kind; the result is in key order, without empty groups. */
export function mergeAggregates(parts: readonly (readonly SettlementAggregate[])[]): SettlementAggregate[] {
  const merged = new Map<string, SettlementAggregate>();
  for (const part of parts)
    for (const a of part) {
      const key = keyOf(a);
      const known = merged.get(key);
      merged.set(key, known ? { ...known, ...addSums(known, a) } : { ...a, ...sumsOf(a) });
    }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, a]) => a)
    .filter((a) => !isEmpty(a));
}

const isEmpty = (s: SettlementSums): boolean =>
  s.settlements === 0 &&
  s.medfee_fen === 0 &&
  s.fund_pay_fen === 0 &&
  s.psn_part_fen === 0 &&
  s.acct_pay_fen === 0 &&
  s.psn_cash_fen === 0;

/**
 * A treatment node's groups as aggregates: 医疗类别 folded into the kind of care, the insured region into its
 * province; only cross-province groups (insured elsewhere) count.
 */
export function aggregatesOfNode(
  treatmentProvince: string,
  groups: readonly SettlementGroup[],
): SettlementAggregate[] {
  return mergeAggregates([
    groups
      .filter((g) => provinceOf(g.insuplc_admdvs) !== treatmentProvince)
      .map((g) => ({
        ...sumsOf(g),
        month: g.month,
        treatment_province: treatmentProvince,
        insured_province: provinceOf(g.insuplc_admdvs),
        kind: kindOfMedType(g.med_type),
      })),
  ]);
}

function byKind(aggregates: readonly SettlementAggregate[]): FiguresByKind {
  const of = (kind: CareKind) => totalOf(aggregates.filter((a) => a.kind === kind));
  return { ...totalOf(aggregates), inpatient: of('inpatient'), outpatient: of('outpatient') };
}

const totalOf = (aggregates: readonly SettlementSums[]): SettlementFigures =>
  figuresOf(aggregates.reduce<SettlementSums>(addSums, ZERO_SUMS));

/** The national picture of a month range from the merged aggregates (those outside the range are ignored). */
export function summarizeSettlements(
  aggregates: readonly SettlementAggregate[],
  range: { readonly from: string; readonly to: string },
  provinces: readonly string[],
): SettlementStatistics {
  const inRange = aggregates.filter((a) => a.month >= range.from && a.month <= range.to);
  const flows = new Map<string, Flow>();
  for (const a of inRange) {
    const key = `${a.insured_province}|${a.treatment_province}`;
    const known = flows.get(key);
    flows.set(key, {
      insured_province: a.insured_province,
      treatment_province: a.treatment_province,
      settlements: (known?.settlements ?? 0) + a.settlements,
      fund_pay_fen: (known?.fund_pay_fen ?? 0) + a.fund_pay_fen,
    });
  }
  return {
    totals: byKind(inRange),
    months: monthsBetween(range.from, range.to).map((month) => ({
      month,
      ...byKind(inRange.filter((a) => a.month === month)),
    })),
    provinces: provinces.map((province) => ({
      province,
      as_treatment: totalOf(inRange.filter((a) => a.treatment_province === province)),
      as_insured: totalOf(inRange.filter((a) => a.insured_province === province)),
    })),
    flows: [...flows.values()]
      .filter((f) => f.settlements !== 0 || f.fund_pay_fen !== 0)
      .sort(
        (a, b) =>
          b.settlements - a.settlements ||
          b.fund_pay_fen - a.fund_pay_fen ||
          a.insured_province.localeCompare(b.insured_province) ||
          a.treatment_province.localeCompare(b.treatment_province),
      ),
  };
}
