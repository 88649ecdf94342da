// 1101 on the insured side: a person found by e-voucher token, ID number or card, with their off-site filings.
import type { Filing, Person } from '../core/dataset/model.ts';
import type { NodeStore } from '../store/node-store.ts';

/** How the HIS identified the patient (mdtrt_cert_type 01 / 02 / 03). */
export interface PersonQuery {
  readonly kind: 'ectoken' | 'certno' | 'card_no';
  readonly value: string;
  /** The card's 识别码, required with a social security card. */
  readonly card_sn?: string | null;
}

export interface PersonLookup {
  /** One row per insurance type the person holds. */
  readonly persons: readonly Person[];
  readonly filings: readonly Filing[];
}

export async function lookupPerson(store: NodeStore, query: PersonQuery): Promise<PersonLookup | null> {
  let persons = await store.findPersonsByCredential({ kind: query.kind, value: query.value });
  // A card number alone is not enough: the card's 识别码 must match too (a lost card is re-issued with a new one).
  if (query.kind === 'card_no') persons = persons.filter((p) => p.card_sn === query.card_sn);
  if (persons.length === 0) return null;
  return { persons, filings: await store.filingsOf(persons[0]!.psn_no) };
}
