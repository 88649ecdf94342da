// The transfers and payment instructions of a confirmed clearing period (清算): pairs → net positions → 预付金 → money.
import { hospitalAccount, provinceAccount } from './chart.ts';
import { isPeriod, LEDGER_CNY, LedgerError, type Transfer } from './model.ts';

/** The national level's side of every payment instruction (国家级经办机构). */
export const NATIONAL = 'national';

export interface ClearingPair {
  /** 就医地 province (XX0000): it advanced the money and is owed it. */
  readonly treatment_province: string;
  /** 参保地 province: its fund owes it. */
  readonly insured_province: string;
  /** The fund's share for the period, net of cancels (negative when late cancels outweigh the period). */
  readonly fund_fen: number;
}

export type InstructionKind = 'prepaid-draw' | 'collect' | 'disburse';

/** Who pays whom how much through the national arrangement; `national` is the national level. */
export interface PaymentInstruction {
  readonly id: string;
  readonly period: string;
  /** prepaid-draw: from the payer's 预付金 (no money moves); collect: payer's 财政专户 pays; disburse: to payee's. */
  readonly kind: InstructionKind;
  readonly payer: string;
  readonly payee: string;
  readonly amount_fen: number;
}

export interface NetPosition {
  readonly province: string;
  /** What it is owed as treatment place. */
  readonly receivable_fen: number;
  /** What it owes as insured place. */
  readonly payable_fen: number;
  /** receivable − payable: positive receives, negative pays. */
  readonly net_fen: number;
  readonly prepaid_draw_fen: number;
  /** What its 财政专户 must still pay because its 预付金 did not cover the debt. */
  readonly collect_fen: number;
  readonly disburse_fen: number;
}

export interface ClearingPlan {
  readonly period: string;
  readonly pairs: readonly ClearingPair[];
  readonly transfers: readonly Transfer[];
  readonly positions: readonly NetPosition[];
  readonly instructions: readonly PaymentInstruction[];
}

const PROVINCE = /^\d{2}0000$/;

/** The pairs in one order, zero amounts dropped; refuses a malformed, local or repeated pair. */
export function normalizePairs(period: string, pairs: readonly ClearingPair[]): ClearingPair[] {
  if (!isPeriod(period)) throw new LedgerError('period-invalid', null, `清算期间${period}不是 yyyy-MM`);
  const seen = new Set<string>();
  const out: ClearingPair[] = [];
  for (const p of pairs) {
    const key = `${p.treatment_province}-${p.insured_province}`;
    if (!PROVINCE.test(p.treatment_province) || !PROVINCE.test(p.insured_province))
      throw new LedgerError('account-invalid', null, `清算对${key}的省份代码无效`);
    if (p.treatment_province === p.insured_province)
      throw new LedgerError('account-invalid', null, `清算对${key}不是跨省`);
    if (!Number.isSafeInteger(p.fund_fen))
      throw new LedgerError('amount-invalid', null, `清算对${key}金额不是整数分`);
    if (seen.has(key)) throw new LedgerError('duplicate-id', null, `清算对${key}重复`);
    seen.add(key);
    if (p.fund_fen !== 0)
      out.push({
        treatment_province: p.treatment_province,
        insured_province: p.insured_province,
        fund_fen: p.fund_fen,
      });
  }
  return out.sort((a, b) =>
    a.treatment_province === b.treatment_province
      ? a.insured_province.localeCompare(b.insured_province)
      : a.treatment_province.localeCompare(b.treatment_province),
  );
}

/** Every province account a clearing of these pairs touches (to lock them in id order). */
export function clearingAccounts(pairs: readonly ClearingPair[]): string[] {
  const provinces = new Set(pairs.flatMap((p) => [p.treatment_province, p.insured_province]));
  return [...provinces].flatMap((p) =>
    (['fiscal', 'prepaid', 'payable', 'receivable'] as const).map((k) => provinceAccount(p, k)),
  );
}

/**
 * The clearing of a confirmed period. Per pair the insured province's payable is debited and the treatment
 * province's receivable credited; a province on both sides nets the two; a net payer's debt is drawn from its 预付金
 * as far as it goes, the rest is collected from its 财政专户 (left on its payable until paid); a net receiver is
 * paid into its 财政专户. Transfer ids are derived from the period and the pair or province, so a re-run is a replay.
 */
export function planClearing(
  period: string,
  rawPairs: readonly ClearingPair[],
  prepaidBalanceFen: (province: string) => number,
): ClearingPlan {
  const pairs = normalizePairs(period, rawPairs);
  const transfers: Transfer[] = [];
  const add = (t: Omit<Transfer, 'ledger' | 'period'>) =>
    transfers.push({ ...t, ledger: LEDGER_CNY, period });
  const owed = new Map<string, number>();
  const owing = new Map<string, number>();
  const bump = (m: Map<string, number>, p: string, fen: number) => m.set(p, (m.get(p) ?? 0) + fen);
  for (const p of pairs) {
    // A negative pair (late cancels) runs the other way: the treatment province gives back to the insured one.
    const [debtor, creditor] =
      p.fund_fen > 0
        ? [p.insured_province, p.treatment_province]
        : [p.treatment_province, p.insured_province];
    const amount = Math.abs(p.fund_fen);
    add({
      id: `clearing:${period}:${p.treatment_province}-${p.insured_province}`,
      debit_account_id: provinceAccount(debtor, 'payable'),
      credit_account_id: provinceAccount(creditor, 'receivable'),
      amount_fen: amount,
      code: 'clearing',
      memo: `${period}清算：就医地${p.treatment_province}、参保地${p.insured_province}`,
    });
    bump(owing, debtor, amount);
    bump(owed, creditor, amount);
  }
  const provinces = [...new Set([...owed.keys(), ...owing.keys()])].sort();
  const positions: NetPosition[] = [];
  const instructions: PaymentInstruction[] = [];
  for (const province of provinces) {
    const receivable = owed.get(province) ?? 0;
    const payable = owing.get(province) ?? 0;
    const offset = Math.min(receivable, payable);
    if (offset > 0)
      add({
        id: `netting:${period}:${province}`,
        debit_account_id: provinceAccount(province, 'receivable'),
        credit_account_id: provinceAccount(province, 'payable'),
        amount_fen: offset,
        code: 'netting',
        memo: `${period}轧差：${province}应收与应付相抵`,
      });
    const net = receivable - payable;
    let draw = 0;
    let collect = 0;
    let disburse = 0;
    if (net < 0) {
      draw = Math.min(-net, Math.max(0, prepaidBalanceFen(province)));
      collect = -net - draw;
      if (draw > 0) {
        add({
          id: `prepaid-draw:${period}:${province}`,
          debit_account_id: provinceAccount(province, 'prepaid'),
          credit_account_id: provinceAccount(province, 'payable'),
          amount_fen: draw,
          code: 'prepaid-draw',
          memo: `${period}清算：以${province}预付金抵付`,
        });
        instructions.push(instruction(period, 'prepaid-draw', province, NATIONAL, draw));
      }
      if (collect > 0) instructions.push(instruction(period, 'collect', province, NATIONAL, collect));
    } else if (net > 0) {
      disburse = net;
      add({
        id: `disbursement:${period}:${province}`,
        debit_account_id: provinceAccount(province, 'receivable'),
        credit_account_id: provinceAccount(province, 'fiscal'),
        amount_fen: disburse,
        code: 'disbursement',
        memo: `${period}清算：拨付${province}财政专户`,
      });
      instructions.push(instruction(period, 'disburse', NATIONAL, province, disburse));
    }
    positions.push({
      province,
      receivable_fen: receivable,
      payable_fen: payable,
      net_fen: net,
      prepaid_draw_fen: draw,
      collect_fen: collect,
      disburse_fen: disburse,
    });
  }
  return { period, pairs, transfers, positions, instructions };
}

const instruction = (
  period: string,
  kind: InstructionKind,
  payer: string,
  payee: string,
  amount_fen: number,
): PaymentInstruction => ({
  id: `${kind}:${period}:${payer === NATIONAL ? payee : payer}`,
  period,
  kind,
  payer,
  payee,
  amount_fen,
});

export interface HospitalAdvanceRow {
  readonly province: string;
  readonly fixmedins_code: string;
  readonly fund_fen: number;
}

/** The treatment-place agency's advances of a month to its hospitals: one transfer per hospital and period. */
export function planHospitalAdvances(period: string, rows: readonly HospitalAdvanceRow[]): Transfer[] {
  if (!isPeriod(period)) throw new LedgerError('period-invalid', null, `期间${period}不是 yyyy-MM`);
  return rows
    .filter((r) => r.fund_fen !== 0)
    .map((r) => {
      const hospital = hospitalAccount(r.fixmedins_code);
      if (r.fixmedins_code.slice(1, 3) !== r.province.slice(0, 2))
        throw new LedgerError('account-invalid', null, `${r.fixmedins_code}不是${r.province}的定点医药机构`);
      // A month net negative (late cancels) runs back from the hospital to the agency.
      const agency = provinceAccount(r.province, 'advances');
      const [debit, credit] = r.fund_fen > 0 ? [agency, hospital] : [hospital, agency];
      return {
        id: `hospital-advance:${period}:${r.fixmedins_code}`,
        debit_account_id: debit,
        credit_account_id: credit,
        amount_fen: Math.abs(r.fund_fen),
        ledger: LEDGER_CNY,
        code: 'hospital-advance' as const,
        period,
        memo: `${period}就医地经办机构向${r.fixmedins_code}垫付异地就医基金`,
      };
    });
}
