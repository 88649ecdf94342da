// The hub's public directories (no login): networked institutions (查定点), what is open per pooling region, agencies.
import { PROVINCES, poolingRegionsOf, provinceOf, regionOf } from '../core/regions.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

/** The longest page a caller may ask for: a public query must not be a way to dump the directory in one go. */
export const MAX_PAGE_SIZE = 100;

/**
 * What an institution is open for, as a searcher means it: 住院, 普通门诊 and 门诊慢特病 at medical institutions
 * (fixmedins_type 1), 药店 a retail pharmacy (type 2, whose `outpatient` flag means 门诊购药).
 */
export type ServiceFilter = 'inpatient' | 'outpatient' | 'chronic' | 'pharmacy';

export interface InstitutionFilter {
  readonly province?: string;
  /** The pooling region (统筹区). */
  readonly prefecture?: string;
  /** The institution's own admdvs. */
  readonly county?: string;
  readonly hosp_lv?: string;
  readonly service?: ServiceFilter;
  /** A 门诊慢特病 code the institution settles (implies `chronic`). */
  readonly disease?: string;
  /** Part of the name. */
  readonly name?: string;
}

export interface DirectoryInstitution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly fixmedins_type: string;
  readonly hosp_lv: string;
  readonly admdvs: string;
  readonly pooling_admdvs: string;
  readonly province: string;
  readonly services: {
    readonly inpatient: boolean;
    readonly outpatient: boolean;
    readonly chronic?: string[];
  };
  readonly addr: string | null;
  readonly tel: string | null;
}

export interface InstitutionPage {
  readonly total: number;
  readonly items: readonly DirectoryInstitution[];
}

/** 开通情况 of one pooling region: which kinds of care settle directly there, and where. */
export interface RegionStatus {
  readonly admdvs: string;
  /** The region's own name (海口市); with province_name it reads in full. */
  readonly name: string;
  readonly province: string;
  readonly province_name: string;
  readonly inpatient: boolean;
  readonly outpatient: boolean;
  /** The 门诊慢特病 codes some institution of the region settles, in code order. */
  readonly chronic: readonly string[];
  readonly hospitals: number;
  readonly pharmacies: number;
}

export interface AgencyEntry {
  readonly admdvs: string;
  readonly region_name: string;
  readonly province: string;
  readonly province_name: string;
  readonly name: string;
  readonly tel: string | null;
  readonly addr: string | null;
  readonly hours: string | null;
}

const provinceName = (admdvs: string): string => regionOf(provinceOf(admdvs))?.name ?? '';

// One WHERE for both the count and the page; $1…$7 in the order of filterParams.
const INSTITUTION_WHERE = `
  WHERE ($1::text IS NULL OR province = $1)
    AND ($2::text IS NULL OR pooling_admdvs = $2)
    AND ($3::text IS NULL OR admdvs = $3)
    AND ($4::text IS NULL OR hosp_lv = $4)
    AND ($5::text IS NULL
      OR ($5 = 'pharmacy' AND fixmedins_type = '2')
      OR ($5 = 'inpatient' AND fixmedins_type = '1' AND (services->>'inpatient')::boolean)
      OR ($5 = 'outpatient' AND fixmedins_type = '1' AND (services->>'outpatient')::boolean)
      OR ($5 = 'chronic' AND fixmedins_type = '1' AND jsonb_array_length(coalesce(services->'chronic', '[]')) > 0))
    AND ($6::text IS NULL OR coalesce(services->'chronic', '[]') @> jsonb_build_array($6::text))
    AND ($7::text IS NULL OR strpos(fixmedins_name, $7) > 0)`;

const filterParams = (f: InstitutionFilter): unknown[] => [
  f.province ?? null,
  f.prefecture ?? null,
  f.county ?? null,
  f.hosp_lv ?? null,
  f.service ?? (f.disease ? 'chronic' : null),
  f.disease ?? null,
  f.name ?? null,
];

export class DirectoryStore {
  constructor(private readonly db: Db) {}

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  /** One page (from 1) of the networked institutions that pass every given filter, in code order. */
  async institutions(filter: InstitutionFilter, page: number, pageSize: number): Promise<InstitutionPage> {
    if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be 1 or more, not ${page}`);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw new RangeError(`page size must be 1 to ${MAX_PAGE_SIZE}, not ${pageSize}`);
    const params = filterParams(filter);
    const [count] = await this.q<{ total: number }>(
      `SELECT count(*)::int AS total FROM {s}.institution_directory ${INSTITUTION_WHERE}`,
      params,
    );
    const items = await this.q<DirectoryInstitution & Row>(
      `SELECT fixmedins_code, fixmedins_name, fixmedins_type, hosp_lv, admdvs, pooling_admdvs, province, services,
         addr, tel
       FROM {s}.institution_directory ${INSTITUTION_WHERE}
       ORDER BY fixmedins_code LIMIT $8 OFFSET $9`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { total: count!.total, items };
  }

  /**
   * 开通情况 of every pooling region of a province (of all 31 without one), from the directory of networked
   * institutions; a region with no networked institution yet is listed too, with nothing open.
   */
  async regionStatus(province?: string): Promise<RegionStatus[]> {
    const regions = (province ? [province] : PROVINCES.map((p) => p.admdvs)).flatMap(poolingRegionsOf);
    const rows = await this.q<{
      pooling_admdvs: string;
      inpatient: boolean;
      outpatient: boolean;
      chronic: string[];
      hospitals: number;
      pharmacies: number;
    }>(
      `SELECT d.pooling_admdvs,
         coalesce(bool_or(d.fixmedins_type = '1' AND (d.services->>'inpatient')::boolean), false) AS inpatient,
         coalesce(bool_or(d.fixmedins_type = '1' AND (d.services->>'outpatient')::boolean), false) AS outpatient,
         coalesce((SELECT array_agg(DISTINCT c ORDER BY c)
                   FROM {s}.institution_directory e, jsonb_array_elements_text(coalesce(e.services->'chronic', '[]')) c
                   WHERE e.pooling_admdvs = d.pooling_admdvs AND e.fixmedins_type = '1'), '{}') AS chronic,
         count(*) FILTER (WHERE d.fixmedins_type = '1')::int AS hospitals,
         count(*) FILTER (WHERE d.fixmedins_type = '2')::int AS pharmacies
       FROM {s}.institution_directory d
       WHERE d.pooling_admdvs = ANY($1)
       GROUP BY d.pooling_admdvs`,
      [regions.map((r) => r.admdvs)],
    );
    const byRegion = new Map(rows.map((row) => [row.pooling_admdvs, row]));
    return regions.map((region) => {
      const row = byRegion.get(region.admdvs);
      return {
        admdvs: region.admdvs,
        name: region.name,
        province: region.province,
        province_name: provinceName(region.admdvs),
        inpatient: row?.inpatient ?? false,
        outpatient: row?.outpatient ?? false,
        chronic: row?.chronic ?? [],
        hospitals: row?.hospitals ?? 0,
        pharmacies: row?.pharmacies ?? 0,
      };
    });
  }

  /** 经办机构 contacts by province and/or pooling region, in code order. */
  async agencies(filter: { province?: string; admdvs?: string }): Promise<AgencyEntry[]> {
    const rows = await this.q<Omit<AgencyEntry, 'region_name' | 'province_name'> & Row>(
      `SELECT admdvs, province, name, tel, addr, hours FROM {s}.agency_directory
       WHERE ($1::text IS NULL OR province = $1) AND ($2::text IS NULL OR admdvs = $2)
       ORDER BY admdvs`,
      [filter.province ?? null, filter.admdvs ?? null],
    );
    return rows.map((row) => ({
      ...row,
      region_name: regionOf(row.admdvs)?.name ?? row.admdvs,
      province_name: provinceName(row.province),
    }));
  }
}
