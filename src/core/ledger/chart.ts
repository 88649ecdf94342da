// The chart of accounts: which accounts exist, their ids and which side of each may never run over (docs/clearing.md).
import { type AccountFlags, LEDGER_CNY, LedgerError } from './model.ts';

/**
 * Per province: its 财政专户 (the outside world), the 预付金 it deposited with the national level, what it owes as
 * insured place and what it is owed as treatment place; per treatment-place agency its advances to hospitals. The
 * personal-account payments (个人账户, acct_pay) have their own payable, receivable and advances, so the trial balance
 * shows them apart from the fund's.
 */
export const PROVINCE_ACCOUNT_KINDS = [
  'fiscal',
  'prepaid',
  'payable',
  'receivable',
  'advances',
  'acct-payable',
  'acct-receivable',
  'acct-advances',
] as const;
export type ProvinceAccountKind = (typeof PROVINCE_ACCOUNT_KINDS)[number];

export const HOSPITAL_PREFIX = 'H:';

const PROVINCE = /^\d{2}0000$/;
// As the dataset has it: a letter (H hospital, P pharmacy …) and 11 digits, the first two the province.
const FIXMEDINS_CODE = /^[A-Z]\d{11}$/;

export const provinceAccount = (province: string, kind: ProvinceAccountKind): string => {
  if (!PROVINCE.test(province)) throw new LedgerError('account-invalid', null, `${province}不是省级区划代码`);
  return `${province}:${kind}`;
};

export const hospitalAccount = (fixmedinsCode: string): string => {
  if (!FIXMEDINS_CODE.test(fixmedinsCode))
    throw new LedgerError('account-invalid', null, `${fixmedinsCode}不是定点医药机构编码`);
  return `${HOSPITAL_PREFIX}${fixmedinsCode}`;
};

const NONE: AccountFlags = { debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: false };
const CREDIT_NORMAL: AccountFlags = {
  debits_must_not_exceed_credits: true,
  credits_must_not_exceed_debits: false,
};
const DEBIT_NORMAL: AccountFlags = {
  debits_must_not_exceed_credits: false,
  credits_must_not_exceed_debits: true,
};

const FLAGS_OF_KIND: Readonly<Record<ProvinceAccountKind, AccountFlags>> = {
  // The outside world: money the province sent in (debit) or received (credit); either side may lead.
  fiscal: NONE,
  // What the national level holds for the province: never negative (预付金 cannot be overdrawn).
  prepaid: CREDIT_NORMAL,
  // A claim on the insured province: it cannot pay off more than it owes.
  payable: DEBIT_NORMAL,
  // What the national level owes the treatment province: it cannot be paid more than it is owed.
  receivable: CREDIT_NORMAL,
  // What the treatment-place agency advanced to its hospitals.
  advances: DEBIT_NORMAL,
  // The same three for personal-account payments, with the same flags.
  'acct-payable': DEBIT_NORMAL,
  'acct-receivable': CREDIT_NORMAL,
  'acct-advances': DEBIT_NORMAL,
};

export interface AccountSpec {
  readonly id: string;
  readonly ledger: number;
  readonly flags: AccountFlags;
}

/** The ledger and flags of an account id of the chart; refuses an id the chart does not know. */
export function accountSpec(id: string): AccountSpec {
  if (id.startsWith(HOSPITAL_PREFIX)) {
    hospitalAccount(id.slice(HOSPITAL_PREFIX.length));
    // What the hospital was paid: a hospital never gives back more than it received.
    return { id, ledger: LEDGER_CNY, flags: CREDIT_NORMAL };
  }
  const [province = '', kind, ...rest] = id.split(':');
  if (
    !PROVINCE.test(province) ||
    rest.length > 0 ||
    !PROVINCE_ACCOUNT_KINDS.includes(kind as ProvinceAccountKind)
  )
    throw new LedgerError('account-invalid', null, `账户${id}不在科目表中`);
  return { id, ledger: LEDGER_CNY, flags: FLAGS_OF_KIND[kind as ProvinceAccountKind] };
}

/** The province of a province account (`130000:prepaid` → 130000), or undefined for a hospital. */
export const provinceOfAccount = (id: string): string | undefined =>
  id.startsWith(HOSPITAL_PREFIX) ? undefined : id.split(':')[0];
