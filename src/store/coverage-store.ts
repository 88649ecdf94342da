// 联网覆盖 from the hub's directory of networked institutions: counts per province and where the hospitals are.
import type { InstitutionCount } from '../core/stats/coverage.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

export class CoverageStore {
  constructor(private readonly db: Db) {}

  private q<T extends Row>(sql: string): Promise<T[]> {
    return this.db.query<T>(inSchema(HUB_SCHEMA, sql));
  }

  /** Networked medical institutions (type 1) and retail pharmacies (type 2) per province that has any. */
  institutionCounts(): Promise<InstitutionCount[]> {
    return this.q<InstitutionCount & Row>(
      `SELECT province,
         count(*) FILTER (WHERE fixmedins_type = '1')::int AS hospitals,
         count(*) FILTER (WHERE fixmedins_type = '2')::int AS pharmacies
       FROM {s}.institution_directory GROUP BY province ORDER BY province`,
    );
  }

  /** The regions (an institution's own admdvs: its county) with at least one networked medical institution. */
  async hospitalRegions(): Promise<string[]> {
    const rows = await this.q<{ admdvs: string }>(
      `SELECT DISTINCT admdvs FROM {s}.institution_directory WHERE fixmedins_type = '1' ORDER BY admdvs`,
    );
    return rows.map((r) => r.admdvs);
  }
}
