// 1101 on the insured side: a person found by e-voucher token, ID number or card, with their off-site filings.
import type { Filing, Person } from '../core/dataset/model.ts';
import type { NodeStore } from '../store/node-store.ts';
import type { EvoucherService } from './evoucher-service.ts';
import { replyRefusal } from './refusal.ts';

/** How the HIS identified the patient (mdtrt_cert_type 01 / 02 / 03). */
export interface PersonQuery {
  readonly kind: 'ectoken' | 'certno' | 'card_no';
  readonly value: string;
  /** The card's 识别码, required with a social security card. */
  readonly card_sn?: string | null;
  /**
   * When the HIS asked, by the edge's clock (ISO time or epoch ms): a portal e-voucher is live or expired at the
   * hospital's desk, not when the message reaches the node. Without it the node reads its own clock.
   */
  readonly at?: string | number;
}

export interface PersonLookup {
  /** One row per insurance type the person holds. */
  readonly persons: readonly Person[];
  readonly filings: readonly Filing[];
}

/** Where a node finds persons: its dataset (static credentials) and the e-vouchers its portal issued. */
export interface PersonSources {
  readonly store: NodeStore;
  readonly evouchers: EvoucherService;
}

/** What the HIS shows the clerk for an expired portal e-voucher: the person can fix it on the spot. */
export const EVOUCHER_EXPIRED_REASON = '医保电子凭证已过期，请参保人在医保App刷新二维码后重新出示';

function instantOf(at: PersonQuery['at']): Date {
  const instant = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(instant.getTime())) throw new TypeError(`person.lookup: at ${String(at)} is not a time`);
  return instant;
}

/**
 * The person a credential names, or null. A portal e-voucher this node issued names its person while live and is
 * refused (`evoucher-expired`) after; any other token is looked up among the dataset's static ones.
 */
export async function lookupPerson(
  { store, evouchers }: PersonSources,
  query: PersonQuery,
): Promise<PersonLookup | null> {
  const voucher =
    query.kind === 'ectoken' ? await evouchers.read(query.value, instantOf(query.at)) : undefined;
  if (voucher?.state === 'expired') throw replyRefusal('evoucher-expired', EVOUCHER_EXPIRED_REASON);
  let persons = voucher
    ? [...voucher.persons]
    : await store.findPersonsByCredential({ kind: query.kind, value: query.value });
  // A card number alone is not enough: the card's 识别码 must match too (a lost card is re-issued with a new one).
  if (query.kind === 'card_no') persons = persons.filter((p) => p.card_sn === query.card_sn);
  if (persons.length === 0) return null;
  return { persons, filings: await store.filingsOf(persons[0]!.psn_no) };
}
