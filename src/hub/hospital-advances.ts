// 就医地垫付 in the ledger: a month's advances of treatment-place agencies to their hospitals, once per period.
import {
  type HospitalAdvanceRow,
  hospitalAdvanceIds,
  hospitalOfAdvance,
  LedgerError,
  MAX_BATCH_TRANSFERS,
  planHospitalAdvances,
  type Transfer,
} from '../core/ledger/index.ts';
import type { LedgerStore } from '../store/ledger-store.ts';

/**
 * One transfer per hospital, part (fund, personal account) and period. A replay with the same amounts changes
 * nothing; a hospital's month posted before with other amounts, or with a part added or dropped, is refused
 * (exists-different): corrections belong to a later period.
 */
export async function postHospitalAdvances(
  store: LedgerStore,
  period: string,
  rows: readonly HospitalAdvanceRow[],
): Promise<{ transfers: number; replayed: boolean }> {
  const transfers = planHospitalAdvances(period, rows);
  const byHospital = new Map<string, Transfer[]>();
  for (const t of transfers) {
    const code = hospitalOfAdvance(t.id);
    byHospital.set(code, [...(byHospital.get(code) ?? []), t]);
  }
  // A province's month can pass one batch's limit; each chunk is idempotent, so a retry completes a broken run. A
  // hospital's parts stay in one chunk, so its month is compared as a whole.
  const chunks: { codes: string[]; transfers: Transfer[] }[] = [];
  for (const code of new Set(rows.map((r) => r.fixmedins_code))) {
    const own = byHospital.get(code) ?? [];
    const open = chunks.at(-1);
    const last =
      open && open.transfers.length + own.length <= MAX_BATCH_TRANSFERS ? open : { codes: [], transfers: [] };
    if (last !== open) chunks.push(last);
    last.codes.push(code);
    last.transfers.push(...own);
  }
  let replayed = true;
  for (const chunk of chunks) {
    const result = await store.transaction(async (tx) => {
      await tx.lockAccounts(chunk.transfers.flatMap((t) => [t.debit_account_id, t.credit_account_id]));
      const before = await tx.transfersById(chunk.codes.flatMap((c) => hospitalAdvanceIds(period, c)));
      const planned = new Set(chunk.transfers.map((t) => t.id));
      // Posted before for this hospital and month: the same parts or nothing (a part added or dropped is a change).
      for (const code of chunk.codes) {
        const ids = hospitalAdvanceIds(period, code);
        if (ids.some((id) => before.has(id)) && ids.some((id) => before.has(id) !== planned.has(id)))
          throw new LedgerError(
            'exists-different',
            null,
            `${period}已向${code}入账垫付，本次金额与已入账的不同；更正计入以后的期间`,
          );
      }
      return tx.post(chunk.transfers);
    });
    replayed &&= result.replayed;
  }
  return { transfers: transfers.length, replayed };
}
