// 清算汇总: per (treatment province, insured province) pair and per hospital, net of cancels, from the facts.
import { addByType, factKey, type TreatmentFact, withoutZeros } from './facts.ts';

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

function add(sum: Sum, fact: TreatmentFact): void {
  const cancel = fact.kind === 'cancel';
  sum.person_times += cancel ? -1 : 1;
  if (cancel) sum.cancels += 1;
  else sum.settlements += 1;
  sum.medfee_fen += fact.medfee_fen;
  sum.fund_fen += fact.fund_fen;
  addByType(sum.fund_by_type, fact.fund_by_type);
  sum.acct_pay_fen += fact.acct_pay_fen;
  sum.psn_cash_fen += fact.psn_cash_fen;
}

const frozen = (sum: Sum): ClearingTotals => ({ ...sum, fund_by_type: withoutZeros(sum.fund_by_type) });

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Totals per pair, in pair order; a pair whose facts cancel out still shows (with zeros). */
export function pairTotalsOf(facts: readonly TreatmentFact[]): PairTotals[] {
  const sums = new Map<string, Sum>();
  for (const fact of facts) {
    const id = `${fact.treatment_province}|${fact.insured_province}`;
    const sum = sums.get(id) ?? emptySum();
    sums.set(id, sum);
    add(sum, fact);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([id, sum]) => {
      const [treatment_province, insured_province] = id.split('|') as [string, string];
      return { treatment_province, insured_province, ...frozen(sum) };
    });
}

/** The statement of every hospital that has facts, in (province, hospital) order. */
export function hospitalStatementsOf(
  facts: readonly TreatmentFact[],
  matchedKeys: ReadonlySet<string>,
): HospitalStatement[] {
  const sums = new Map<string, { sum: Sum; fund: number; acct: number }>();
  for (const fact of facts) {
    const id = `${fact.treatment_province}|${fact.fixmedins_code}`;
    const entry = sums.get(id) ?? { sum: emptySum(), fund: 0, acct: 0 };
    sums.set(id, entry);
    add(entry.sum, fact);
    if (matchedKeys.has(factKey(fact))) {
      entry.fund += fact.fund_fen;
      entry.acct += fact.acct_pay_fen;
    }
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
