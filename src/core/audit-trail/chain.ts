// The audit trail's hash chain (docs/SECURITY.md): what an entry holds, its canonical form, and the walk that
// finds the first tampered or missing entry. Pure: the store reads and writes, this computes and judges.
import { createHash } from 'node:crypto';

/** The prev_hash of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** Names the serialisation, so that a later change of fields is a new version, not a silent break. */
export const CHAIN_FORMAT = 'yidi-audit-v1';

export type ActorKind = 'staff' | 'person' | 'institution' | 'anonymous';
/** A read of personal data, or a change of state. */
export type AuditKind = 'read' | 'change';

/** What the recorder knows of one request; the store adds seq, prev_hash and hash. */
export interface AuditEntryInput {
  /** ISO 8601 UTC, to the millisecond. */
  readonly at: string;
  /** The same instant in China time (UTC+8), yyyy-MM-dd HH:mm:ss.SSS. */
  readonly at_china: string;
  readonly actor_kind: ActorKind;
  /** Staff username, the person's psn_no, or `fixmedins_code/opter` for a HIS; null when nobody is known. */
  readonly actor: string | null;
  /** The staff member's roles joined by `,` (or 'staff' before roles exist), 'person', 'institution'. */
  readonly role: string | null;
  /** The province whose session (or HIS region) the actor came from. */
  readonly actor_province: string | null;
  /** `GET /api/portal/settlements/:setl_id` (method + route pattern) or `HIS 1101`. */
  readonly action: string;
  readonly kind: AuditKind;
  /** The person concerned (人员编号), when the request names one. */
  readonly psn_no: string | null;
  /** The person's ID number as masked (1301**********1238), when the request names it — never in clear. */
  readonly certno_masked: string | null;
  /** Other references the request names: `setl_id=…;mdtrt_id=…` (ids, never names). */
  readonly refs: string | null;
  readonly ip: string | null;
  /** HTTP status of the answer. */
  readonly status: number;
  /** HIS infcode (0 / -1), null for the JSON API. */
  readonly infcode: number | null;
}

export interface AuditEntry extends AuditEntryInput {
  readonly seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * The canonical serialisation: the JSON array [format, seq, at, at_china, actor_kind, actor, role,
 * actor_province, action, kind, psn_no, certno_masked, refs, ip, status, infcode, prev_hash] — a fixed order,
 * strings JSON-escaped, integers in decimal, null as null — as UTF-8. The hash is SM3 of it, lower-case hex.
 */
export function canonicalEntry(seq: number, entry: AuditEntryInput, prevHash: string): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    seq,
    entry.at,
    entry.at_china,
    entry.actor_kind,
    entry.actor,
    entry.role,
    entry.actor_province,
    entry.action,
    entry.kind,
    entry.psn_no,
    entry.certno_masked,
    entry.refs,
    entry.ip,
    entry.status,
    entry.infcode,
    prevHash,
  ]);
}

export function hashEntry(seq: number, entry: AuditEntryInput, prevHash: string): string {
  return createHash('sm3')
    .update(canonicalEntry(seq, entry, prevHash), 'utf8')
    .digest('hex');
}

/** Links entries after the chain's head (last seq and hash): seq, prev_hash and hash of each. */
export function linkEntries(
  head: { readonly seq: number; readonly hash: string },
  entries: readonly AuditEntryInput[],
): AuditEntry[] {
  let { seq, hash } = head;
  return entries.map((entry) => {
    const prev = hash;
    seq += 1;
    hash = hashEntry(seq, entry, prev);
    return { ...entry, seq, prev_hash: prev, hash };
  });
}

export type ChainProblem =
  | { readonly kind: 'tampered'; readonly seq: number; readonly detail: string }
  | { readonly kind: 'gap'; readonly seq: number; readonly detail: string }
  | { readonly kind: 'truncated'; readonly seq: number; readonly detail: string };

/** Walks a chain in pages; remembers where it is so that the next page continues it. */
export class ChainWalker {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private problem: ChainProblem | undefined;

  get entries(): number {
    return this.checked;
  }

  get firstProblem(): ChainProblem | undefined {
    return this.problem;
  }

  get last(): { readonly seq: number; readonly hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  /** Checks the next entries (ascending seq); stops at the first problem. Answers whether to go on. */
  check(entries: readonly AuditEntry[]): boolean {
    for (const entry of entries) {
      if (this.problem) return false;
      if (entry.seq !== this.expectedSeq) {
        this.problem = {
          kind: 'gap',
          seq: this.expectedSeq,
          detail: `seq ${this.expectedSeq}${entry.seq > this.expectedSeq + 1 ? `–${entry.seq - 1}` : ''} missing (next present is ${entry.seq}): deleted`,
        };
        return false;
      }
      if (entry.prev_hash !== this.prevHash) {
        this.problem = {
          kind: 'tampered',
          seq: entry.seq,
          detail: `seq ${entry.seq}: prev_hash does not match the hash of seq ${entry.seq - 1}`,
        };
        return false;
      }
      const computed = hashEntry(entry.seq, entry, entry.prev_hash);
      if (computed !== entry.hash) {
        this.problem = {
          kind: 'tampered',
          seq: entry.seq,
          detail: `seq ${entry.seq}: hash does not match its content (altered)`,
        };
        return false;
      }
      this.prevHash = entry.hash;
      this.expectedSeq += 1;
      this.checked += 1;
    }
    return true;
  }

  /** The chain head the store keeps must be the last entry walked: otherwise its tail was deleted. */
  checkHead(head: { readonly seq: number; readonly hash: string }): void {
    if (this.problem) return;
    const last = this.last;
    if (head.seq > last.seq) {
      this.problem = {
        kind: 'truncated',
        seq: last.seq + 1,
        detail: `seq ${last.seq + 1}–${head.seq} missing at the end (the chain head says ${head.seq}): deleted`,
      };
    } else if (head.seq < last.seq) {
      this.problem = {
        kind: 'tampered',
        seq: head.seq + 1,
        detail: `seq ${head.seq + 1}–${last.seq} lie beyond the chain head (${head.seq}): inserted past the recorder`,
      };
    } else if (head.hash !== last.hash) {
      this.problem = {
        kind: 'tampered',
        seq: last.seq,
        detail: `seq ${last.seq}: hash differs from the chain head's`,
      };
    }
  }
}
