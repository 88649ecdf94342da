// 清算汇总: per (treatment province, insured province) pair and per hospital, net of cancels, from the treatment side's
// records summed by group (a record is a group of one).
import { addByType, type FactAmounts, type FactKind, type TreatmentFact, withoutZeros } from './facts.ts';

/** Records of one kind at one hospital for one insured province, summed (the treatment node's GROUP BY). */
export interface TotalsRow extends FactAmounts {
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly kind: FactKind;
  readonly count: number;
}

export const totalsRowOf = (fact: TreatmentFact): TotalsRow => ({
  treatment_province: fact.treatment_province,
  insured_province: fact.insured_province,
  fixmedins_code: fact.fixmedins_code,
  kind: fact.kind,
  count: 1,
  medfee_fen: fact.medfee_fen,
  fund_fen: fact.fund_fen,
  fund_by_type: fact.fund_by_type,
  acct_pay_fen: fact.acct_pay_fen,
  psn_cash_fen: fact.psn_cash_fen,
});

export interface ClearingTotals {
  /** 人次: settlements count +1, cancel records −1. */
  readonly person_times: number;
  readonly settlements: number;
  readonly cancels: number;
  readonly medfee_fen: number;
  readonly fund_fen: number;
  readonly fund_by_type: Readonly<Record<string, number>>;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}

export interface PairTotals extends ClearingTotals {
  readonly treatment_province: string;
  readonly insured_province: string;
}

/**
 * 就医地经办机构对医院的月度结算单: what the agency advanced to the hospital for other provinces' insured (the
 * treatment records, with 3201's meaning: count net of cancels) and what clearing covers (the matched ones).
 */
export interface HospitalStatement extends ClearingTotals {
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  /** Fund and account payments whose facts the insured side confirmed one by one. */
  readonly cleared_fund_fen: number;
  readonly cleared_acct_pay_fen: number;
}

interface Sum {
  person_times: number;
  settlements: number;
  cancels: number;
  medfee_fen: number;
  fund_fen: number;
  fund_by_type: Record<string, number>;
  acct_pay_fen: number;
  psn_cash_fen: number;
}

const emptySum = (): Sum => ({
  person_times: 0,
  settlements: 0,
  cancels: 0,
  medfee_fen: 0,
  fund_fen: 0,
  fund_by_type: {},
  acct_pay_fen: 0,
  psn_cash_fen: 0,
});

function add(sum: Sum, row: TotalsRow): void {
  const cancel = row.kind === 'cancel';
  sum.person_times += cancel ? -row.count : row.count;
  if (cancel) sum.cancels += row.count;
  else sum.settlements += row.count;
  sum.medfee_fen += row.medfee_fen;
  sum.fund_fen += row.fund_fen;
  addByType(sum.fund_by_type, row.fund_by_type);
  sum.acct_pay_fen += row.acct_pay_fen;
  sum.psn_cash_fen += row.psn_cash_fen;
}

const frozen = (sum: Sum): ClearingTotals => ({ ...sum, fund_by_type: withoutZeros(sum.fund_by_type) });

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Totals per pair, in pair order; a pair whose records cancel out still shows (with zeros). */
export function pairTotalsOf(rows: readonly TotalsRow[]): PairTotals[] {
  const sums = new Map<string, Sum>();
  for (const row of rows) {
    const id = `${row.treatment_province}|${row.insured_province}`;
    const sum = sums.get(id) ?? emptySum();
    sums.set(id, sum);
    add(sum, row);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([id, sum]) => {
      const [treatment_province, insured_province] = id.split('|') as [string, string];
      return { treatment_province, insured_province, ...frozen(sum) };
    });
}

/**
 * The statement of every hospital that has records, in (province, hospital) order: what was advanced, and of it
 * what clearing covers — all but the records reconciliation could not match (`unmatched`).
 */
export function hospitalStatementsOf(
  rows: readonly TotalsRow[],
  unmatched: readonly TreatmentFact[],
): HospitalStatement[] {
  const sums = new Map<string, { sum: Sum; fund: number; acct: number }>();
  const entryOf = (row: { treatment_province: string; fixmedins_code: string }) => {
    const id = `${row.treatment_province}|${row.fixmedins_code}`;
    const entry = sums.get(id) ?? { sum: emptySum(), fund: 0, acct: 0 };
    sums.set(id, entry);
    return entry;
  };
  for (const row of rows) {
    const entry = entryOf(row);
    add(entry.sum, row);
    entry.fund += row.fund_fen;
    entry.acct += row.acct_pay_fen;
  }
  for (const fact of unmatched) {
    const entry = entryOf(fact);
    entry.fund -= fact.fund_fen;
    entry.acct -= fact.acct_pay_fen;
  }
  return [...sums.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([id, { sum, fund, acct }]) => {
      const [treatment_province, fixmedins_code] = id.split('|') as [string, string];
      return {
        treatment_province,
        fixmedins_code,
        ...frozen(sum),
        cleared_fund_fen: fund,
        cleared_acct_pay_fen: acct,
      };
    });
}
