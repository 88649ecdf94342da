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
  /**
   * The personal-account payments (个人账户, acct_pay) for the period, net of cancels: the treatment place advanced
   * them too and the insured place repays them. Absent is 0 (a period posted before they were posted).
   */
  readonly acct_pay_fen?: number;
}

/** What a movement is for: the funds' share (基金支付) or the personal account's (个人账户支付). */
export const PAYMENT_PARTS = ['fund', 'acct'] as const;
export type PaymentPart = (typeof PAYMENT_PARTS)[number];

/** The part's amount of a pair or hospital row. */
export const amountOfPart = (row: { fund_fen: number; acct_pay_fen?: number }, part: PaymentPart): number =>
  part === 'fund' ? row.fund_fen : (row.acct_pay_fen ?? 0);

/** Each part on its own accounts, so fund and account stay apart in the trial balance. */
const PAYABLE = { fund: 'payable', acct: 'acct-payable' } as const;
const RECEIVABLE = { fund: 'receivable', acct: 'acct-receivable' } as const;
const ADVANCES = { fund: 'advances', acct: 'acct-advances' } as const;
/** Ids of the fund part are those posted before account payments were (so old periods replay); the account's end so. */
const ACCT_SUFFIX = ':acct';
const idSuffix = (part: PaymentPart): string => (part === 'fund' ? '' : ACCT_SUFFIX);
const memoPart = (part: PaymentPart): string => (part === 'fund' ? '' : '（个人账户）');

/** The part of an instruction or transfer id: the account part's ids end in `:acct`. */
export const partOfId = (id: string): PaymentPart => (id.endsWith(ACCT_SUFFIX) ? 'acct' : 'fund');

export const payableAccount = (province: string, part: PaymentPart): string =>
  provinceAccount(province, PAYABLE[part]);

export type InstructionKind = 'prepaid-draw' | 'collect' | 'disburse';

/** Who pays whom how much through the national arrangement; `national` is the national level. */
export interface PaymentInstruction {
  readonly id: string;
  readonly period: string;
  /** prepaid-draw: from the payer's 预付金 (no money moves); collect: payer's 财政专户 pays; disburse: to payee's. */
  readonly kind: InstructionKind;
  /** Fund or personal-account payments: each part is netted and paid on its own. */
  readonly part: PaymentPart;
  readonly payer: string;
  readonly payee: string;
  readonly amount_fen: number;
}

/** A province's position in one part (fund or personal account) of a period. */
export interface NetPosition {
  readonly province: string;
  readonly part: PaymentPart;
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
    const acct = p.acct_pay_fen ?? 0;
    if (!Number.isSafeInteger(p.fund_fen) || !Number.isSafeInteger(acct))
      throw new LedgerError('amount-invalid', null, `清算对${key}金额不是整数分`);
    if (seen.has(key)) throw new LedgerError('duplicate-id', null, `清算对${key}重复`);
    seen.add(key);
    if (p.fund_fen !== 0 || acct !== 0)
      out.push({
        treatment_province: p.treatment_province,
        insured_province: p.insured_province,
        fund_fen: p.fund_fen,
        acct_pay_fen: acct,
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
    (['fiscal', 'prepaid', 'payable', 'receivable', 'acct-payable', 'acct-receivable'] as const).map((k) =>
      provinceAccount(p, k),
    ),
  );
}

/**
 * The clearing of a confirmed period. Per pair and part the insured province's payable is debited and the treatment
 * province's receivable credited; a province on both sides nets the two; a net payer's debt is drawn from its 预付金
 * as far as it goes (the fund part first, then the account part from what is left), the rest is collected from its
 * 财政专户 (left on its payable until paid); a net receiver is paid into its 财政专户. Fund and personal-account
 * payments are netted and paid each on its own accounts, so both stay visible apart. Transfer ids are derived from
 * the period, the pair or province and the part, so a re-run is a replay.
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
  const bump = (m: Map<string, number>, key: string, fen: number) => m.set(key, (m.get(key) ?? 0) + fen);
  const keyOf = (province: string, part: PaymentPart) => `${province}|${part}`;
  for (const part of PAYMENT_PARTS)
    for (const p of pairs) {
      const fen = amountOfPart(p, part);
      if (fen === 0) continue;
      // A negative pair (late cancels) runs the other way: the treatment province gives back to the insured one.
      const [debtor, creditor] =
        fen > 0 ? [p.insured_province, p.treatment_province] : [p.treatment_province, p.insured_province];
      const amount = Math.abs(fen);
      add({
        id: `clearing:${period}:${p.treatment_province}-${p.insured_province}${idSuffix(part)}`,
        debit_account_id: provinceAccount(debtor, PAYABLE[part]),
        credit_account_id: provinceAccount(creditor, RECEIVABLE[part]),
        amount_fen: amount,
        code: 'clearing',
        memo: `${period}清算${memoPart(part)}：就医地${p.treatment_province}、参保地${p.insured_province}`,
      });
      bump(owing, keyOf(debtor, part), amount);
      bump(owed, keyOf(creditor, part), amount);
    }
  const provinces = [...new Set(pairs.flatMap((p) => [p.treatment_province, p.insured_province]))].sort();
  const positions: NetPosition[] = [];
  const instructions: PaymentInstruction[] = [];
  for (const province of provinces) {
    // One 预付金 for both parts: what the fund part draws is no longer there for the account part.
    let prepaidLeft = Math.max(0, prepaidBalanceFen(province));
    for (const part of PAYMENT_PARTS) {
      const receivable = owed.get(keyOf(province, part)) ?? 0;
      const payable = owing.get(keyOf(province, part)) ?? 0;
      if (receivable === 0 && payable === 0) continue;
      const suffix = idSuffix(part);
      const offset = Math.min(receivable, payable);
      if (offset > 0)
        add({
          id: `netting:${period}:${province}${suffix}`,
          debit_account_id: provinceAccount(province, RECEIVABLE[part]),
          credit_account_id: provinceAccount(province, PAYABLE[part]),
          amount_fen: offset,
          code: 'netting',
          memo: `${period}轧差${memoPart(part)}：${province}应收与应付相抵`,
        });
      const net = receivable - payable;
      let draw = 0;
      let collect = 0;
      let disburse = 0;
      if (net < 0) {
        draw = Math.min(-net, prepaidLeft);
        prepaidLeft -= draw;
        collect = -net - draw;
        if (draw > 0) {
          add({
            id: `prepaid-draw:${period}:${province}${suffix}`,
            debit_account_id: provinceAccount(province, 'prepaid'),
            credit_account_id: provinceAccount(province, PAYABLE[part]),
            amount_fen: draw,
            code: 'prepaid-draw',
            memo: `${period}清算${memoPart(part)}：以${province}预付金抵付`,
          });
          instructions.push(instruction(period, 'prepaid-draw', part, province, NATIONAL, draw));
        }
        if (collect > 0) instructions.push(instruction(period, 'collect', part, province, NATIONAL, collect));
      } else if (net > 0) {
        disburse = net;
        add({
          id: `disbursement:${period}:${province}${suffix}`,
          debit_account_id: provinceAccount(province, RECEIVABLE[part]),
          credit_account_id: provinceAccount(province, 'fiscal'),
          amount_fen: disburse,
          code: 'disbursement',
          memo: `${period}清算${memoPart(part)}：拨付${province}财政专户`,
        });
        instructions.push(instruction(period, 'disburse', part, NATIONAL, province, disburse));
      }
      positions.push({
        province,
        part,
        receivable_fen: receivable,
        payable_fen: payable,
        net_fen: net,
        prepaid_draw_fen: draw,
        collect_fen: collect,
        disburse_fen: disburse,
      });
    }
  }
  return { period, pairs, transfers, positions, instructions };
}

const instruction = (
  period: string,
  kind: InstructionKind,
  part: PaymentPart,
  payer: string,
  payee: string,
  amount_fen: number,
): PaymentInstruction => ({
  id: `${kind}:${period}:${payer === NATIONAL ? payee : payer}${idSuffix(part)}`,
  period,
  kind,
  part,
  payer,
  payee,
  amount_fen,
});

export interface HospitalAdvanceRow {
  readonly province: string;
  readonly fixmedins_code: string;
  readonly fund_fen: number;
  /** The personal-account payments the agency advanced to the hospital as well; absent is 0. */
  readonly acct_pay_fen?: number;
}

/** Every id a hospital's advances of a month may have, one per part. */
export const hospitalAdvanceIds = (period: string, fixmedinsCode: string): string[] =>
  PAYMENT_PARTS.map((part) => `hospital-advance:${period}:${fixmedinsCode}${idSuffix(part)}`);

/** The hospital (fixmedins_code) of a hospital-advance transfer id. */
export const hospitalOfAdvance = (id: string): string => id.split(':')[2] ?? '';

/**
 * The treatment-place agency's advances of a month to its hospitals: one transfer per hospital, part and period (the
 * account part from the agency's own advances account, so it stays apart).
 */
export function planHospitalAdvances(period: string, rows: readonly HospitalAdvanceRow[]): Transfer[] {
  if (!isPeriod(period)) throw new LedgerError('period-invalid', null, `期间${period}不是 yyyy-MM`);
  return rows.flatMap((r) => {
    const hospital = hospitalAccount(r.fixmedins_code);
    if (r.fixmedins_code.slice(1, 3) !== r.province.slice(0, 2))
      throw new LedgerError('account-invalid', null, `${r.fixmedins_code}不是${r.province}的定点医药机构`);
    return PAYMENT_PARTS.flatMap((part): Transfer[] => {
      const fen = amountOfPart(r, part);
      if (!Number.isSafeInteger(fen))
        throw new LedgerError('amount-invalid', null, `${r.fixmedins_code}垫付金额不是整数分`);
      if (fen === 0) return [];
      // A month net negative (late cancels) runs back from the hospital to the agency.
      const agency = provinceAccount(r.province, ADVANCES[part]);
      const [debit, credit] = fen > 0 ? [agency, hospital] : [hospital, agency];
      return [
        {
          id: `hospital-advance:${period}:${r.fixmedins_code}${idSuffix(part)}`,
          debit_account_id: debit,
          credit_account_id: credit,
          amount_fen: Math.abs(fen),
          ledger: LEDGER_CNY,
          code: 'hospital-advance',
          period,
          memo:
            part === 'fund'
              ? `${period}就医地经办机构向${r.fixmedins_code}垫付异地就医基金`
              : `${period}就医地经办机构向${r.fixmedins_code}垫付异地就医个人账户支付`,
        },
      ];
    });
  });
}

/**
 * What a province's 财政专户 paying its collect instructions of a period posts: per part, 财政专户 → its payable.
 * Refuses a period without such an instruction for the province.
 */
export function planCollection(
  period: string,
  province: string,
  instructions: readonly PaymentInstruction[],
): Transfer[] {
  const collects = instructions.filter(
    (i) => i.period === period && i.kind === 'collect' && i.payer === province,
  );
  if (collects.length === 0)
    throw new LedgerError('instruction-unknown', null, `${period}没有${province}财政专户缴款的清算指令`);
  return collects.map((i) => ({
    id: `collection:${period}:${province}${idSuffix(i.part)}`,
    debit_account_id: provinceAccount(province, 'fiscal'),
    credit_account_id: provinceAccount(province, PAYABLE[i.part]),
    amount_fen: i.amount_fen,
    ledger: LEDGER_CNY,
    code: 'collection',
    period,
    memo: `${period}清算${memoPart(i.part)}：${province}财政专户缴入`,
  }));
}
