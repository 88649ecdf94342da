// Per pooling region of one node: the agency's contacts and its local filing settings (region_settings).
import type { AgencyContact } from '../core/dataset/model.ts';
import type { FilingSettings } from '../core/filing/settings.ts';
import { provinceOf } from '../core/regions.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export class RegionStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /** A region of another province would be written into the wrong node, where nobody ever reads it. */
  private own(admdvs: string): void {
    if (provinceOf(admdvs) !== this.province)
      throw new RangeError(`${admdvs} is not a region of province ${this.province}`);
  }

  /**
   * The region's own filing choices, to be merged over the national defaults (filingSettingsOf); null when the
   * region has no settings row at all.
   */
  async filingSettings(poolingAdmdvs: string): Promise<Partial<FilingSettings> | null> {
    const [row] = await this.q<{ filing: Partial<FilingSettings> }>(
      'SELECT filing FROM {s}.region_settings WHERE admdvs = $1',
      [poolingAdmdvs],
    );
    return row?.filing ?? null;
  }

  /** The agency's contacts (经办机构), or null when the region has listed none. */
  async agency(poolingAdmdvs: string): Promise<AgencyContact | null> {
    const [row] = await this.q<{ agency: AgencyContact | null }>(
      'SELECT agency FROM {s}.region_settings WHERE admdvs = $1',
      [poolingAdmdvs],
    );
    return row?.agency ?? null;
  }

  /**
   * Replaces the region's local filing choices (a field left out takes the national default again); its agency
   * contacts stay as they are. The caller has validated `partial` (core/dataset/schema.ts RegionFilingSchema).
   */
  async upsertFilingSettings(admdvs: string, partial: Partial<FilingSettings>): Promise<void> {
    this.own(admdvs);
    await this.q(
      `INSERT INTO {s}.region_settings (admdvs, filing) VALUES ($1, $2::jsonb)
       ON CONFLICT (admdvs) DO UPDATE SET filing = EXCLUDED.filing`,
      [admdvs, JSON.stringify(partial)],
    );
  }
}
