// The hub's directory of networked institutions, read by 门诊慢特病: who settles a disease in the given provinces.
import type { Db, Row } from './db.ts';
import type { DirectoryInstitution } from './directory-store.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

/** A networked institution as a 告知书 names it. */
export type ChronicInstitution = Omit<DirectoryInstitution, 'services'>;

/** A notice names at most this many institutions (a province opens a few hundred for a common disease at most). */
export const MAX_CHRONIC_INSTITUTIONS = 500;

export class ChronicDirectoryStore {
  constructor(private readonly db: Db) {}

  /** Institutions of these provinces whose `services.chronic` lists the disease, by place and code. */
  settling(diseaseCode: string, provinces: readonly string[]): Promise<ChronicInstitution[]> {
    if (provinces.length === 0) return Promise.resolve([]);
    return this.db.query<ChronicInstitution & Row>(
      inSchema(
        HUB_SCHEMA,
        `SELECT fixmedins_code, fixmedins_name, fixmedins_type, hosp_lv, admdvs, pooling_admdvs, province, addr, tel
         FROM {s}.institution_directory
         WHERE province = ANY($2::text[]) AND services -> 'chronic' @> to_jsonb($1::text)
         ORDER BY province, admdvs, fixmedins_code LIMIT $3`,
      ),
      [diseaseCode, provinces, MAX_CHRONIC_INSTITUTIONS],
    );
  }

  /** Names of institutions by code (the hospitals that filed a qualification), from the national directory. */
  async names(codes: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.query<{ fixmedins_code: string; fixmedins_name: string }>(
      inSchema(
        HUB_SCHEMA,
        'SELECT fixmedins_code, fixmedins_name FROM {s}.institution_directory WHERE fixmedins_code = ANY($1::text[])',
      ),
      [codes],
    );
    return new Map(rows.map((r) => [r.fixmedins_code, r.fixmedins_name]));
  }
}
