// `yidi clear --period 2026-05 --collected 130000`: records that a province's 财政专户 paid what the posted clearing's
// collect instructions asked of it (the part 预付金 did not cover), on the database or over the console API.
import { InvalidArgumentError } from 'commander';
import { partOfId } from '../core/ledger/index.ts';
import { formatYuan, parseYuan } from '../core/money.ts';
import { regionOf } from '../core/regions.ts';
import type { LedgerService } from '../hub/ledger-service.ts';

export interface CollectionDone {
  readonly period: string;
  readonly province: string;
  readonly amount_fen: number;
  /** Each transfer id and whether it is the fund part or the personal-account part. */
  readonly transfers: readonly { readonly id: string; readonly part: 'fund' | 'acct' }[];
  readonly replayed: boolean;
}

export function provinceOption(text: string): string {
  if (!/^\d{2}0000$/.test(text))
    throw new InvalidArgumentError('must be a province code, XX0000 (e.g. 130000)');
  return text;
}

/** On the database: the ledger records the payment (idempotent by period and province). */
export async function collectedOnLedger(
  ledger: Pick<LedgerService, 'recordCollection'>,
  period: string,
  province: string,
): Promise<CollectionDone> {
  const done = await ledger.recordCollection(period, province);
  return {
    period,
    province,
    amount_fen: done.amount_fen,
    transfers: done.transfers.map((t) => ({ id: t.id, part: partOfId(t.id) })),
    replayed: done.replayed,
  };
}

/** Over the console API (`POST /api/console/prepaid/collections`): the staff member's own province only. */
export async function collectedOverHttp(
  call: (method: 'POST', path: string, token: string, body: unknown) => Promise<unknown>,
  token: string,
  period: string,
  province: string,
): Promise<CollectionDone> {
  const answer = (await call('POST', '/api/console/prepaid/collections', token, { period, province })) as {
    amount: number;
    replayed: boolean;
    transfers: { id: string; part: 'fund' | 'acct' }[];
  };
  const amount = parseYuan(answer.amount);
  if (!amount.ok) throw new Error(`the platform answered an amount that is not yuan: ${answer.amount}`);
  return {
    period,
    province,
    amount_fen: amount.value,
    transfers: answer.transfers.map((t) => ({ id: t.id, part: t.part })),
    replayed: answer.replayed,
  };
}

export function collectedText(done: CollectionDone): string {
  const name = regionOf(done.province)?.name ?? done.province;
  const parts = done.transfers.map((t) => `${t.part === 'fund' ? '基金' : '个人账户'} ${t.id}`).join('，');
  return `\n财政专户缴款：${done.province} ${name} ${formatYuan(done.amount_fen)} 元已入账（${parts}）${done.replayed ? '（已登记过，结果不变）' : ''}\n`;
}
