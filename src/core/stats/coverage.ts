// 联网覆盖: networked institutions per province and the share of counties with at least one networked hospital.
import { BP_PER_UNIT, mulDivRound } from '../money.ts';
import { countiesOf, poolingRegionsOf, type Region } from '../regions.ts';

/** Networked institutions of one province in the hub's directory. */
export interface InstitutionCount {
  readonly province: string;
  /** 定点医疗机构 (fixmedins_type 1). */
  readonly hospitals: number;
  /** 定点零售药店 (fixmedins_type 2). */
  readonly pharmacies: number;
}

export interface Coverage {
  readonly hospitals: number;
  readonly pharmacies: number;
  /** County-level units (区/县/县级市, or a prefecture without counties). */
  readonly counties: number;
  readonly counties_with_hospital: number;
  /** counties_with_hospital ÷ counties in basis points; null for a province without counties. */
  readonly county_share_bp: number | null;
}

export interface ProvinceCoverage extends Coverage {
  readonly province: string;
}

const countyUnitsCache = new Map<string, readonly string[]>();

/**
 * Whether a county row is a county-level division: the code lists also carry 市辖区 placeholders (XXYY01 of a
 * prefecture with districts) and statistical functional zones (开发区, 新区: XXYY7Z), which are neither.
 */
const isCountyDivision = (county: Region): boolean => county.name !== '市辖区' && county.admdvs[4] !== '7';

/**
 * The county-level units of a province: the counties of each pooling region, or the region itself where it has
 * none (东莞, 中山, 儋州, 嘉峪关: their institutions carry the prefecture's code). Fixed data, so kept once read.
 */
export function countyUnitsOf(province: string): readonly string[] {
  const known = countyUnitsCache.get(province);
  if (known) return known;
  const units = poolingRegionsOf(province).flatMap((region: Region) => {
    const counties = countiesOf(region.admdvs).filter(isCountyDivision);
    return counties.length > 0 ? counties.map((c) => c.admdvs) : [region.admdvs];
  });
  countyUnitsCache.set(province, units);
  return units;
}

const shareBp = (part: number, whole: number): number | null =>
  whole > 0 ? mulDivRound(part, BP_PER_UNIT, whole) : null;

/**
 * Coverage of the given provinces (in their order) and of all of them together, from the directory's institution
 * counts and the regions (admdvs) where networked hospitals are. A hospital whose admdvs is no county unit of its
 * province (a prefecture code where the prefecture has counties) counts as an institution but covers no county.
 */
export function coverageOf(
  provinces: readonly string[],
  counts: readonly InstitutionCount[],
  hospitalRegions: readonly string[],
): { readonly provinces: readonly ProvinceCoverage[]; readonly national: Coverage } {
  const withHospital = new Set(hospitalRegions);
  const countOf = new Map(counts.map((c) => [c.province, c]));
  const rows = provinces.map((province): ProvinceCoverage => {
    const units = countyUnitsOf(province);
    const covered = units.filter((u) => withHospital.has(u)).length;
    return {
      province,
      hospitals: countOf.get(province)?.hospitals ?? 0,
      pharmacies: countOf.get(province)?.pharmacies ?? 0,
      counties: units.length,
      counties_with_hospital: covered,
      county_share_bp: shareBp(covered, units.length),
    };
  });
  const sum = (f: (c: ProvinceCoverage) => number) => rows.reduce((s, c) => s + f(c), 0);
  const counties = sum((c) => c.counties);
  const covered = sum((c) => c.counties_with_hospital);
  return {
    provinces: rows,
    national: {
      hospitals: sum((c) => c.hospitals),
      pharmacies: sum((c) => c.pharmacies),
      counties,
      counties_with_hospital: covered,
      county_share_bp: shareBp(covered, counties),
    },
  };
}
