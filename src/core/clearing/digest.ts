// 对账摘要: the two sides compared by digest, so that a month of records does not have to move to the hub. Each side
// sums a 64-bit hash of every record (computed by its database from the record itself) per group — (treatment
// province, insured province, hospital, settle/cancel, fund types) — and, for the groups that differ only, per bucket
// of the decision key; only the records of the buckets that differ are read one by one and reconciled as before.
// Equal count and hash sum means the same records with the same amounts (a collision needs a 2⁻⁶⁴ accident).
import type { FactAmounts, FactKind } from './facts.ts';

/** What both sides can say of a record without reading it out: where it belongs. */
export interface GroupKey {
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly kind: FactKind;
  /** The record's fund types in order, comma-separated ('' for none). */
  readonly fund_types: string;
}

export interface Digest {
  readonly count: number;
  /** The sum of the records' hashes, decimal text (it exceeds 2⁶⁴). */
  readonly hash: string;
}

export type GroupDigest = GroupKey & Digest;

/** One bucket of a group (0 … BUCKETS − 1, from the decision key). */
export interface Cell extends GroupKey {
  readonly bucket: number;
}

export type CellDigest = Cell & Digest;

/** A treatment-side group with its totals: the pair and hospital statements are sums of these. */
export type TreatmentGroup = GroupDigest & FactAmounts;

/** Buckets per group: the database takes 12 bits of the decision key's MD5. */
export const BUCKETS = 4096;

export const groupIdOf = (g: GroupKey): string =>
  `${g.treatment_province}|${g.insured_province}|${g.fixmedins_code}|${g.kind}|${g.fund_types}`;

export const cellIdOf = (c: Cell): string => `${groupIdOf(c)}|${c.bucket}`;

export interface DigestComparison<K> {
  /** Keys whose count or hash differ between the sides (or that one side lacks), in id order. */
  readonly differing: readonly K[];
  /** Records in the keys that agree (the same number on both sides). */
  readonly agreed: number;
}

/** Compares both sides' digests key by key; `keyOf` strips a digest down to its key. */
export function compareDigests<K extends GroupKey>(
  treatment: readonly (K & Digest)[],
  insured: readonly (K & Digest)[],
  idOf: (key: K) => string,
  keyOf: (digest: K & Digest) => K,
): DigestComparison<K> {
  const sides = new Map<string, { key: K; t?: Digest; i?: Digest }>();
  for (const d of treatment) sides.set(idOf(d), { key: keyOf(d), t: d });
  for (const d of insured) {
    const id = idOf(d);
    const entry = sides.get(id);
    if (entry) entry.i = d;
    else sides.set(id, { key: keyOf(d), i: d });
  }
  const differing: [string, K][] = [];
  let agreed = 0;
  for (const [id, { key, t, i }] of sides) {
    if (t && i && t.count === i.count && t.hash === i.hash) agreed += t.count;
    else differing.push([id, key]);
  }
  differing.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { differing: differing.map(([, key]) => key), agreed };
}

export const groupKeyOf = (g: GroupKey): GroupKey => ({
  treatment_province: g.treatment_province,
  insured_province: g.insured_province,
  fixmedins_code: g.fixmedins_code,
  kind: g.kind,
  fund_types: g.fund_types,
});

export const cellOf = (c: Cell): Cell => ({ ...groupKeyOf(c), bucket: c.bucket });

/** Keys by the province that answers for them on a side (treatment: the treatment province; insured: the insured). */
export function byProvince<K extends GroupKey>(
  keys: readonly K[],
  side: 'treatment' | 'insured',
): Map<string, K[]> {
  const out = new Map<string, K[]>();
  for (const key of keys) {
    const province = side === 'treatment' ? key.treatment_province : key.insured_province;
    const list = out.get(province) ?? [];
    list.push(key);
    out.set(province, list);
  }
  return out;
}
