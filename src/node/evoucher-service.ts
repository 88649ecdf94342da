// 医保电子凭证: the portal issues a person short-lived tokens (shown as a QR code); 1101 with mdtrt_cert_type 01 reads them.
import { randomBytes } from 'node:crypto';
import type { Person } from '../core/dataset/model.ts';
import type { Db } from '../store/db.ts';
import { EvoucherStore } from '../store/evoucher-store.ts';

/**
 * A token lives 10 minutes: the app on the phone refreshes the QR code by itself, and a hospital reads it at the desk
 * while the person stands there; a photographed or forwarded code is worthless soon after.
 */
export const EVOUCHER_TTL_MS = 10 * 60_000;

/**
 * Expired tokens are kept this long before they are pruned, so that a hospital reading a stale code hears
 * "expired, refresh it" rather than "unknown person".
 */
export const EVOUCHER_EXPIRED_KEPT_MS = 24 * 60 * 60_000;

/** Random hex digits after `EC` and the province: 28 of them (112 bits), so a token cannot be guessed. */
const RANDOM_HEX_DIGITS = 28;

/** `EC` + the insured province's two digits + 28 lower-case hex digits: 32 characters, like the static tokens. */
const EVOUCHER_TOKEN = /^EC(\d{2})[0-9a-f]{28}$/;

/** The province that issued a portal e-voucher (its node alone knows it); undefined for any other text. */
export function provinceOfEvoucher(token: string): string | undefined {
  const match = EVOUCHER_TOKEN.exec(token);
  return match ? `${match[1]}0000` : undefined;
}

export interface IssuedEvoucher {
  readonly token: string;
  readonly expires_at: Date;
}

/** What a token of this node says at a moment. */
export type EvoucherReading =
  | { readonly state: 'live'; readonly persons: readonly Person[] }
  | { readonly state: 'expired'; readonly expired_at: Date };

export class EvoucherService {
  readonly store: EvoucherStore;

  constructor(
    db: Db,
    private readonly province: string,
  ) {
    this.store = new EvoucherStore(db, province);
  }

  /**
   * A new token for the person. Older live ones stay valid until they expire: the person may have shown one a
   * moment ago (a second desk, a code already scanned) when the app refreshed.
   */
  async issue(psnNo: string, now: Date): Promise<IssuedEvoucher> {
    // Expired rows go as new ones come (as sessions do): the table holds a day of tokens at most.
    await this.store.pruneExpiredBefore(new Date(now.getTime() - EVOUCHER_EXPIRED_KEPT_MS));
    const token = `EC${this.province.slice(0, 2)}${randomBytes(RANDOM_HEX_DIGITS / 2).toString('hex')}`;
    const expiresAt = new Date(now.getTime() + EVOUCHER_TTL_MS);
    await this.store.insert(token, psnNo, now, expiresAt);
    return { token, expires_at: expiresAt };
  }

  /** The person a token of this node names while it is live; undefined for a token this node never issued. */
  async read(token: string, now: Date): Promise<EvoucherReading | undefined> {
    if (provinceOfEvoucher(token) !== this.province) return undefined;
    const holder = await this.store.holder(token);
    if (!holder) return undefined;
    return holder.expires_at > now
      ? { state: 'live', persons: holder.persons }
      : { state: 'expired', expired_at: holder.expires_at };
  }
}
