// 清算对账: the treatment side's records against the insured side's decisions, one by one; every difference listed.
import { formatYuan } from '../money.ts';
import { type FactKind, factKey, type InsuredFact, type TreatmentFact } from './facts.ts';

export type DifferenceKind =
  /** 就医地有、参保地无. */
  | 'missing-insured'
  /** 参保地有、就医地无. */
  | 'missing-treatment'
  /** Both have it; amounts (or the parties) differ. */
  | 'amounts-differ'
  /** One side has the same key twice. */
  | 'duplicate';

export interface AmountDifference {
  readonly field: string;
  readonly treatment_fen: number;
  readonly insured_fen: number;
}

export interface ClearingDifference {
  readonly key: string;
  readonly decision_key: string;
  readonly fact_kind: FactKind;
  readonly kind: DifferenceKind;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly setl_id: string | null;
  readonly amounts: readonly AmountDifference[];
  /** For a clerk, in Chinese. */
  readonly description: string;
}

export interface Reconciliation {
  /** Keys present on both sides and equal. */
  readonly matched: number;
  readonly differences: readonly ClearingDifference[];
  /** Keys of treatment facts that matched, for what is cleared per hospital. */
  readonly matchedKeys: ReadonlySet<string>;
}

const KIND_LABEL: Readonly<Record<FactKind, string>> = { settle: '结算', cancel: '撤销' };

/**
 * Compares both sides by key (decision key and settle/cancel): same parties, same medfee, same fund amounts by fund
 * type, same account payment. Pure; the order of the answer is by key, so a re-run gives the same list.
 */
export function reconcile(
  treatment: readonly TreatmentFact[],
  insured: readonly InsuredFact[],
): Reconciliation {
  const differences: ClearingDifference[] = [];
  const byKey = new Map<string, TreatmentFact>();
  for (const fact of treatment) {
    const key = factKey(fact);
    if (byKey.has(key)) differences.push(differenceOf(key, 'duplicate', fact, [], '就医地同一结算重复出现'));
    else byKey.set(key, fact);
  }
  const insuredByKey = new Map<string, InsuredFact>();
  for (const fact of insured) {
    const key = factKey(fact);
    if (insuredByKey.has(key))
      differences.push(differenceOf(key, 'duplicate', fact, [], '参保地同一待遇决定重复出现'));
    else insuredByKey.set(key, fact);
  }
  const matchedKeys = new Set<string>();
  for (const [key, t] of byKey) {
    const i = insuredByKey.get(key);
    if (!i) {
      differences.push(
        differenceOf(key, 'missing-insured', t, [], `就医地有、参保地无：${KIND_LABEL[t.kind]}${t.setl_id}`),
      );
      continue;
    }
    insuredByKey.delete(key);
    const amounts = compareAmounts(t, i);
    const parties =
      t.treatment_province !== i.treatment_province || t.insured_province !== i.insured_province;
    if (amounts.length === 0 && !parties) {
      matchedKeys.add(key);
      continue;
    }
    const parts = amounts.map(
      (a) =>
        `${fieldLabel(a.field)}不符：就医地${formatYuan(a.treatment_fen)}，参保地${formatYuan(a.insured_fen)}`,
    );
    if (parties)
      parts.unshift(
        `清算双方不符：就医地记${t.treatment_province}→${t.insured_province}，参保地记${i.treatment_province}→${i.insured_province}`,
      );
    differences.push(differenceOf(key, 'amounts-differ', t, amounts, parts.join('；')));
  }
  // A decision reverted in the same period that the treatment side never recorded (a saga that failed and was
  // reversed) annuls itself: nothing was advanced, nothing is owed.
  for (const [key, i] of insuredByKey) {
    if (i.kind !== 'settle') continue;
    const cancelKey = factKey({ decision_key: i.decision_key, kind: 'cancel' });
    const cancel = insuredByKey.get(cancelKey);
    if (cancel && cancel.medfee_fen === -i.medfee_fen && cancel.fund_fen === -i.fund_fen) {
      insuredByKey.delete(key);
      insuredByKey.delete(cancelKey);
    }
  }
  for (const [key, i] of insuredByKey)
    differences.push(
      differenceOf(
        key,
        'missing-treatment',
        i,
        [],
        `参保地有、就医地无：${KIND_LABEL[i.kind]}（${i.decision_key}）`,
      ),
    );
  differences.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.kind < b.kind ? -1 : 1));
  return { matched: matchedKeys.size, differences, matchedKeys };
}

function compareAmounts(t: TreatmentFact, i: InsuredFact): AmountDifference[] {
  const out: AmountDifference[] = [];
  const scalar = (field: string, a: number, b: number) => {
    if (a !== b) out.push({ field, treatment_fen: a, insured_fen: b });
  };
  scalar('medfee', t.medfee_fen, i.medfee_fen);
  scalar('fund', t.fund_fen, i.fund_fen);
  const types = [...new Set([...Object.keys(t.fund_by_type), ...Object.keys(i.fund_by_type)])].sort();
  for (const type of types) scalar(`fund:${type}`, t.fund_by_type[type] ?? 0, i.fund_by_type[type] ?? 0);
  scalar('acct_pay', t.acct_pay_fen, i.acct_pay_fen);
  return out;
}

function fieldLabel(field: string): string {
  if (field === 'medfee') return '医疗费总额';
  if (field === 'fund') return '基金支付总额';
  if (field === 'acct_pay') return '个人账户支付';
  return `基金支付（${field.slice('fund:'.length)}）`;
}

function differenceOf(
  key: string,
  kind: DifferenceKind,
  fact: TreatmentFact | InsuredFact,
  amounts: readonly AmountDifference[],
  description: string,
): ClearingDifference {
  return {
    key,
    decision_key: fact.decision_key,
    fact_kind: fact.kind,
    kind,
    treatment_province: fact.treatment_province,
    insured_province: fact.insured_province,
    fixmedins_code: fact.fixmedins_code,
    setl_id: 'setl_id' in fact ? fact.setl_id : null,
    amounts,
    description,
  };
}
