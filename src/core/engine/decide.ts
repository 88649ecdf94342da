// Step 2 of settlement.md (参保地待遇): the insured place's policy applied to a bill's totals and the accumulators.
import { isInpatientMedType, isLongTermFiling } from '../dictionaries.ts';
import { formatYuan, mulDivRound } from '../money.ts';
import { ageOn } from '../time.ts';
import { counterNames, firstMatch, propAt, runLayer } from './layers.ts';
import type { Accumulators, BenefitDecision, BillTotals, Insured, LayerPayment, Visit } from './model.ts';
import type { CompiledBenefit, CompiledPolicy, OffsiteAdjustment } from './policy.ts';
import { SettlementRefused } from './problems.ts';
import { matches, type SelectorContext } from './selectors.ts';

export interface DecisionInput {
  readonly policy: CompiledPolicy;
  readonly totals: BillTotals;
  readonly visit: Visit;
  readonly insured: Insured;
  /** The filing category that applies (after the emergency rule), or null without a filing. */
  readonly dcla_type: string | null;
  readonly accumulators: Accumulators;
  readonly acct_used: boolean;
  /** `yyyy-MM-dd HH:mm:ss`, UTC+8: decides the policy year, ages and identities. */
  readonly setl_time: string;
}

const TEMPORARY = (dclaType: string | null): dclaType is string =>
  dclaType !== null && !isLongTermFiling(dclaType);

/** The filing category that counts: an emergency visit without a filing counts as 22 急诊抢救. */
export function effectiveFiling(dclaType: string | null, medType: string): string | null {
  return dclaType ?? (medType === '13' || medType === '24' ? '22' : null);
}

const unadjusted = (bp: number): number => bp;
// One adjusting function per entry of a compiled policy's offsite table, made on its first use and kept with
// the policy's lifetime: making it on every settlement showed up in the engine benchmark.
const adjusters = new WeakMap<OffsiteAdjustment, (bp: number) => number>();

function adjuster(adjustment: OffsiteAdjustment | undefined): (bp: number) => number {
  if (!adjustment) return unadjusted;
  let adjust = adjusters.get(adjustment);
  if (adjust === undefined) {
    adjust =
      'minus_bp' in adjustment
        ? (bp) => Math.max(bp - adjustment.minus_bp, 0)
        : (bp) => Math.max(mulDivRound(bp, adjustment.times_bp, 10_000), 0);
    adjusters.set(adjustment, adjust);
  }
  return adjust;
}

/** The 人员身份 types the person holds on `day` (ends inclusive). */
function identitiesOn(insured: Insured, day: string): Set<string> {
  const held = new Set<string>();
  for (const i of insured.idet)
    if (i.begntime.slice(0, 10) <= day && (i.endtime === null || i.endtime.slice(0, 10) >= day))
      held.add(i.psn_idet_type);
  return held;
}

export function decideBenefits(input: DecisionInput): BenefitDecision {
  const { policy, totals, visit, insured } = input;
  const day = input.setl_time.slice(0, 10);
  const year = Number(day.slice(0, 4));
  const before =
    input.accumulators.year === year ? input.accumulators : { year, admissions: 0, counters: {} };
  let benefit: CompiledBenefit | undefined;
  for (const b of policy.benefits)
    if (b.med_types.includes(visit.med_type)) {
      benefit = b;
      break;
    }
  if (!benefit) {
    throw new SettlementRefused('no-benefit', [
      { path: 'visit.med_type', message: `${policy.name} has no benefit for med_type ${visit.med_type}` },
    ]);
  }
  const inpatient = isInpatientMedType(visit.med_type);
  const context: SelectorContext = {
    hosp_lv: visit.hosp_lv,
    psn_type: insured.psn_type,
    age: ageOn(insured.brdy, day),
    admission: inpatient ? before.admissions + 1 : undefined,
    dcla_type: input.dcla_type,
    med_type: visit.med_type,
    cvlserv: insured.cvlserv_flag === '1',
    idet: identitiesOn(insured, day),
    dise_codg: visit.dise_codg,
  };
  const offsite = adjuster(TEMPORARY(input.dcla_type) ? policy.offsite[input.dcla_type] : undefined);

  const counters: Record<string, number> = { ...before.counters };
  const payments: LayerPayment[] = [];
  const ran = new Map<string, LayerPayment>();
  const inscp = Math.max(totals.inscp_fen, 0);
  let paidSoFar = 0;
  let poolProp = 0;
  for (let index = 0; index < benefit.layers.length; index++) {
    const layer = benefit.layers[index]!;
    if (!matches(layer.when, context)) continue;
    const basis =
      layer.basis === 'inscp'
        ? inscp
        : layer.basis === 'over_cap'
          ? (ran.get(layer.of)?.over_cap_fen ?? 0)
          : Math.max(inscp - paidSoFar, 0);
    const adjust = index === 0 || layer.offsite ? offsite : unadjusted;
    const run = runLayer(layer, basis, counters, context, adjust);
    Object.assign(counters, run.counters);
    payments.push(run.payment);
    ran.set(layer.id, run.payment);
    paidSoFar += run.payment.paid_fen;
    if (index === 0) {
      const ladder = firstMatch(layer.bands.rules, context)?.ladder;
      const start = layer.bands.over === 'year' ? (before.counters[counterNames(layer.id).eligible] ?? 0) : 0;
      poolProp = ladder ? propAt(ladder, start, adjust) : 0;
    }
  }

  const basic = ran.get(benefit.layers[0]!.id);
  const fund = paidSoFar;
  const hospPart = 0;
  const psnPart = totals.medfee_fen - fund - hospPart;
  if (psnPart < 0) {
    // Possible only with layers that overlap (two on the same basis whose selectors both match): refuse
    // rather than pay out more than the bill.
    throw new SettlementRefused('policy-overpays', [
      {
        path: 'policy.benefits',
        message: `the layers of ${benefit.name} would pay ${formatYuan(fund)} on a bill of ${formatYuan(totals.medfee_fen)}; check for layers on the same basis`,
      },
    ]);
  }
  const balance = insured.acct_balc_fen;
  let account: BenefitDecision['account'];
  if (input.acct_used && benefit.covers) {
    const covered =
      benefit.covers === 'psn_part'
        ? psnPart
        : Math.max(psnPart - totals.fulamt_ownpay_fen - totals.overlmt_fen, 0);
    account = {
      covered_fen: Math.max(covered, 0),
      balance_before_fen: balance,
      paid_fen: Math.max(Math.min(balance, covered), 0),
    };
  }
  const acctPay = account?.paid_fen ?? 0;

  const deltaCounters: Record<string, number> = {};
  // for…in walks the same own keys in the same order as Object.entries, without a [name, value] array per key.
  for (const name in counters) {
    const change = counters[name]! - (before.counters[name] ?? 0);
    if (change !== 0 || !(name in before.counters)) deltaCounters[name] = change;
  }
  const delta = { year, admissions: inpatient ? 1 : 0, counters: deltaCounters };
  const decision: BenefitDecision = {
    benefit: benefit.name,
    layers: payments,
    act_pay_dedc_fen: basic?.deductible_fen ?? 0,
    pool_prop_bp: poolProp,
    fund_pay_fen: fund,
    psn_part_fen: psnPart,
    hosp_part_fen: hospPart,
    account,
    psn_cash_fen: psnPart - acctPay,
    balance_after_fen: balance - acctPay,
    delta,
    accumulators: { year, admissions: before.admissions + delta.admissions, counters },
    warnings: [],
  };
  assertDecision(decision, totals);
  return decision;
}

/** The invariants of settlement.md, checked on every decision: a breach is a bug, never a result. */
function assertDecision(d: BenefitDecision, totals: BillTotals): void {
  if (totals.medfee_fen !== d.fund_pay_fen + d.psn_part_fen + d.hosp_part_fen)
    fail('medfee = fund + psn_part + hosp_part');
  if (d.psn_part_fen !== (d.account?.paid_fen ?? 0) + d.psn_cash_fen)
    fail('psn_part = acct_pay + psn_cash_pay');
  for (const layer of d.layers) {
    if (layer.paid_fen < 0 || layer.paid_fen > layer.basis_fen)
      fail(`layer ${layer.id} pays within its basis`);
  }
  if (d.fund_pay_fen < 0 || d.psn_part_fen < 0 || d.psn_cash_fen < 0 || d.balance_after_fen < 0)
    fail('no amount is negative');
}

function fail(what: string): never {
  throw new Error(`settlement invariant broken: ${what}`);
}

/** The accumulators before a settlement, from those after it and its delta: the exact inverse (cancels). */
export function revertAccumulators(after: Accumulators, delta: Accumulators): Accumulators {
  if (after.year !== delta.year)
    throw new RangeError(`a ${delta.year} settlement cannot be reverted on ${after.year} accumulators`);
  const counters: Record<string, number> = { ...after.counters };
  for (const [name, change] of Object.entries(delta.counters))
    counters[name] = (counters[name] ?? 0) - change;
  return { year: after.year, admissions: after.admissions - delta.admissions, counters };
}
