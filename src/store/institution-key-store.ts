// A node's signing keys of its institutions (018-institution-keys): read on every HIS message, so kept in memory briefly.
import type { KeyObject } from 'node:crypto';
import { parseSm2PublicKey } from '../core/signing/keys.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';
import { TtlCache } from './ttl-cache.ts';

/**
 * A key changed through this process (the agency API) takes effect at once; through another process or a dataset
 * reload after at most this long.
 */
const KEY_CACHE_MS = 5_000;
const MAX_CACHED_KEYS = 10_000;

/** An institution's keys ready to verify with; both absent for an institution without keys. */
export interface VerifyingKeys {
  readonly publicKey?: KeyObject;
  readonly secret?: string;
}
const NO_KEYS: VerifyingKeys = {};

/** What the agency may see of a registered key: never the secret itself. */
export interface KeySummary {
  readonly fixmedins_code: string;
  readonly sm2: boolean;
  readonly sm3: boolean;
  readonly updated_by: string;
  readonly updated_at: string;
}

export class InstitutionKeyStore {
  private readonly schema: string;
  private readonly cache = new TtlCache<string, VerifyingKeys>(KEY_CACHE_MS, MAX_CACHED_KEYS);

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private sql(text: string): string {
    return inSchema(this.schema, text);
  }

  /** The institution's keys (parsed once per cache period). */
  async keysOf(fixmedinsCode: string): Promise<VerifyingKeys> {
    const keys = await this.cache.through(fixmedinsCode, async () => {
      const [row] = await this.db.query<Row & { sign_pubkey: string | null; sign_secret: string | null }>(
        this.sql('SELECT sign_pubkey, sign_secret FROM {s}.institution_keys WHERE fixmedins_code = $1'),
        [fixmedinsCode],
      );
      if (!row) return NO_KEYS;
      const publicKey = row.sign_pubkey === null ? undefined : parseSm2PublicKey(row.sign_pubkey);
      return {
        ...(publicKey && { publicKey }),
        ...(row.sign_secret !== null && { secret: row.sign_secret }),
      };
    });
    return keys ?? NO_KEYS;
  }

  /** Registers or replaces the institution's keys (both at once: what is not given is removed). */
  async setKeys(
    fixmedinsCode: string,
    keys: { readonly sign_pubkey: string | null; readonly sign_secret: string | null },
    by: string,
  ): Promise<KeySummary> {
    const [row] = await this.db.query<Row & KeySummary>(
      this.sql(`INSERT INTO {s}.institution_keys (fixmedins_code, sign_pubkey, sign_secret, updated_by)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (fixmedins_code) DO UPDATE
          SET sign_pubkey = $2, sign_secret = $3, updated_by = $4, updated_at = now()
        RETURNING fixmedins_code, sign_pubkey IS NOT NULL AS sm2, sign_secret IS NOT NULL AS sm3, updated_by,
          updated_at::text`),
      [fixmedinsCode, keys.sign_pubkey, keys.sign_secret, by],
    );
    this.cache.delete(fixmedinsCode);
    return row!;
  }

  /** Removes the institution's keys; false when it had none. */
  async removeKeys(fixmedinsCode: string): Promise<boolean> {
    const removed = await this.db.query(
      this.sql('DELETE FROM {s}.institution_keys WHERE fixmedins_code = $1 RETURNING fixmedins_code'),
      [fixmedinsCode],
    );
    this.cache.delete(fixmedinsCode);
    return removed.length > 0;
  }
}

const STORES = new WeakMap<Db, Map<string, InstitutionKeyStore>>();

/** The one store of a node's keys per database in this process, so that a change through the API clears its cache. */
export function institutionKeyStore(db: Db, province: string): InstitutionKeyStore {
  const byProvince = STORES.get(db) ?? new Map<string, InstitutionKeyStore>();
  STORES.set(db, byProvince);
  const store = byProvince.get(province) ?? new InstitutionKeyStore(db, province);
  byProvince.set(province, store);
  return store;
}
