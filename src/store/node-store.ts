// Reads of one provincial node's data: persons, filings, catalogue, policies, institutions.
import type { CatalogueItem, Filing, Institution, Person, Policy } from '../core/dataset/model.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';
import { TtlCache } from './ttl-cache.ts';

/** A changed or removed institution is seen by the HIS edge after at most this long. */
const INSTITUTION_CACHE_MS = 30_000;
const MAX_CACHED_INSTITUTIONS = 10_000;

/** A reloaded policy or catalogue takes effect after at most this long (both change by the day, not the second). */
const POLICY_CACHE_MS = 30_000;
const MAX_CACHED_POLICY_SETS = 2_000;
const CATALOGUE_CACHE_MS = 30_000;
const MAX_CACHED_CODES = 50_000;

/** A policy version with the time it was loaded (a reload is a new version for the compiled-policy cache). */
export type LoadedPolicy = Policy & { readonly loaded_at: unknown };

export type Credential = { readonly kind: 'ectoken' | 'certno' | 'card_no'; readonly value: string };

export interface NodeCounts {
  readonly institutions: number;
  readonly catalogueItems: number;
  readonly policies: number;
  readonly persons: number;
  readonly filings: number;
}

/** A catalogue_items row: the optional restrictions (014-audit) are NULL where the catalogue has none. */
export type CatalogueRow = Row &
  Omit<CatalogueItem, 'gend_lmt' | 'age_min' | 'age_max' | 'daily_once'> & {
    readonly gend_lmt?: '1' | '2' | null;
    readonly age_min?: number | null;
    readonly age_max?: number | null;
    readonly daily_once?: boolean | null;
  };

/** The item as the engine and the audit read it: a restriction only where the catalogue has one, as loaded. */
export function catalogueItemOf(row: CatalogueRow): CatalogueItem {
  const { gend_lmt, age_min, age_max, daily_once, ...item } = row;
  return {
    ...(item as CatalogueItem),
    ...(gend_lmt != null && { gend_lmt }),
    ...(age_min != null && { age_min }),
    ...(age_max != null && { age_max }),
    ...(daily_once != null && { daily_once }),
  };
}

export class NodeStore {
  private readonly schema: string;
  private readonly institutions = new TtlCache<string, Institution>(
    INSTITUTION_CACHE_MS,
    MAX_CACHED_INSTITUTIONS,
  );
  private readonly policies = new TtlCache<string, LoadedPolicy[]>(POLICY_CACHE_MS, MAX_CACHED_POLICY_SETS);
  private readonly catalogue = new TtlCache<string, CatalogueItem[]>(CATALOGUE_CACHE_MS, MAX_CACHED_CODES);

  constructor(
    private readonly db: Db,
    readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /** A round trip to the node's schema, for liveness. */
  async ping(): Promise<void> {
    await this.q('SELECT 1 FROM {s}.institutions LIMIT 1');
  }

  async counts(): Promise<NodeCounts> {
    const [row] = await this.q<Record<keyof NodeCounts, number>>(`SELECT
      (SELECT count(*)::int FROM {s}.institutions) AS institutions,
      (SELECT count(*)::int FROM {s}.catalogue_items) AS "catalogueItems",
      (SELECT count(*)::int FROM {s}.policies) AS policies,
      (SELECT count(*)::int FROM {s}.persons) AS persons,
      (SELECT count(*)::int FROM {s}.filings) AS filings`);
    return row!;
  }

  async findPerson(psnNo: string, insutype: string): Promise<Person | undefined> {
    const [row] = await this.q<Person & Row>(
      'SELECT * FROM {s}.persons WHERE psn_no = $1 AND insutype = $2',
      [psnNo, insutype],
    );
    return row;
  }

  /** Every insurance-type row of the person a credential names (1101 by e-voucher, ID number or card). */
  findPersonsByCredential(credential: Credential): Promise<Person[]> {
    return this.q<Person & Row>(`SELECT * FROM {s}.persons WHERE ${credential.kind} = $1 ORDER BY insutype`, [
      credential.value,
    ]);
  }

  filingsOf(psnNo: string): Promise<Filing[]> {
    return this.q<Filing & Row>(
      'SELECT * FROM {s}.filings WHERE psn_no = $1 ORDER BY begndate, trt_dcla_detl_sn',
      [psnNo],
    );
  }

  /** The version of a catalogue item valid on a day (就医地目录). */
  /** Every version of the given items (a bill's codes), for the engine's catalogue index; recent reads are kept. */
  async catalogueVersions(hilistCodes: readonly string[]): Promise<CatalogueItem[]> {
    const found: CatalogueItem[] = [];
    const missing: string[] = [];
    for (const code of hilistCodes) {
      const cached = this.catalogue.get(code);
      if (cached) found.push(...cached);
      else missing.push(code);
    }
    if (missing.length === 0) return found;
    const rows = (
      await this.q<CatalogueRow>(
        'SELECT $2::text AS province, * FROM {s}.catalogue_items WHERE hilist_code = ANY($1::text[])',
        [missing, this.province],
      )
    ).map(catalogueItemOf);
    // A code not in the catalogue is remembered too: 目录外 items recur in bills.
    for (const code of missing)
      this.catalogue.set(
        code,
        rows.filter((r) => r.hilist_code === code),
      );
    return found.concat(rows);
  }

  async catalogueItem(hilistCode: string, day: string): Promise<CatalogueItem | undefined> {
    const [row] = await this.q<CatalogueRow>(
      `SELECT $3::text AS province, * FROM {s}.catalogue_items
       WHERE hilist_code = $1 AND begndate <= $2::date AND (enddate IS NULL OR enddate >= $2::date)`,
      [hilistCode, day, this.province],
    );
    return row && catalogueItemOf(row);
  }

  /** The policy version of a pooling region and insurance type valid on a day (参保地待遇). */
  async policyFor(admdvs: string, insutype: string, day: string): Promise<LoadedPolicy | undefined> {
    // Every settlement reads its policy: the versions of a region and type are kept for a short while.
    const versions = await this.policies.through(`${admdvs}|${insutype}`, () =>
      this.q<LoadedPolicy & Row>(
        `SELECT admdvs, insutype, name, begndate, enddate, doc, loaded_at FROM {s}.policies
         WHERE admdvs = $1 AND insutype = $2`,
        [admdvs, insutype],
      ),
    );
    return versions?.find((p) => p.begndate <= day && (p.enddate === null || p.enddate >= day));
  }

  /** Drops the cached versions of a region and type, so that the next settlement reads what was just written. */
  forgetPolicies(admdvs: string, insutype: string): void {
    this.policies.delete(`${admdvs}|${insutype}`);
  }

  /** The institution, from a short-lived cache: every HIS message of it reads the row. */
  institution(code: string): Promise<Institution | undefined> {
    return this.institutions.through(code, () => this.readInstitution(code));
  }

  private async readInstitution(code: string): Promise<Institution | undefined> {
    const [row] = await this.q<Institution & Row>(
      'SELECT *, $2::text AS province FROM {s}.institutions WHERE fixmedins_code = $1',
      [code, this.province],
    );
    return row;
  }
}
