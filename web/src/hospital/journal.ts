// The workstation's own books: every settlement and cancel record it received, kept per institution in localStorage,
// so that 对账 can state the hospital's totals of a day rather than ask the node for them.
import type { SetlInfo } from './national.ts';

export interface JournalEntry {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_time: string;
  /** 0 a settlement, 1 a cancel record (its amounts negative). */
  readonly refd_setl_flag: '0' | '1';
  readonly medfee_sumamt: number;
  readonly fund_pay_sumamt: number;
  readonly acct_pay: number;
  readonly psn_cash_pay: number;
  /** When the entry was last read back with 5203. */
  readonly checked_at?: string;
}

const keyOf = (fixmedinsCode: string) => `yidi.hospital.journal.${fixmedinsCode}`;

export function readJournal(fixmedinsCode: string): JournalEntry[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(keyOf(fixmedinsCode)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as JournalEntry[]) : [];
  } catch {
    return [];
  }
}

function write(fixmedinsCode: string, entries: readonly JournalEntry[]): void {
  localStorage.setItem(keyOf(fixmedinsCode), JSON.stringify(entries));
}

export function entryOf(info: SetlInfo, refdSetlFlag: '0' | '1'): JournalEntry {
  return {
    setl_id: info.setl_id ?? '',
    mdtrt_id: info.mdtrt_id,
    psn_no: info.psn_no,
    psn_name: info.psn_name,
    insutype: info.insutype,
    clr_type: info.clr_type,
    setl_time: info.setl_time,
    refd_setl_flag: refdSetlFlag,
    medfee_sumamt: info.medfee_sumamt,
    fund_pay_sumamt: info.fund_pay_sumamt,
    acct_pay: info.acct_pay,
    psn_cash_pay: info.psn_cash_pay,
  };
}

/** Adds or replaces (by setl_id) a record: a retried settlement answers the same setl_id and counts once. */
export function recordSettlement(fixmedinsCode: string, entry: JournalEntry): void {
  const others = readJournal(fixmedinsCode).filter((e) => e.setl_id !== entry.setl_id);
  write(fixmedinsCode, [...others, entry]);
}
