// Places as the person picks them: provinces and their pooling regions (统筹区), built from /api/public/regions,
// which lists every pooling region of the country with its province.
import { getJson } from '../shared/api.ts';
import type { RegionStatus } from './api-types.ts';
import { type Loaded, useLoad } from './use-load.ts';

export interface Province {
  readonly admdvs: string;
  readonly name: string;
  /** Its pooling regions; a municipality (北京, 天津, 上海, 重庆) is one pooling region, itself. */
  readonly regions: readonly RegionStatus[];
}

export interface PlaceOption {
  readonly value: string;
  readonly label: string;
  readonly disabled?: boolean;
  readonly children?: PlaceOption[];
}

// The list changes only with the dataset: one request per page load, shared by every screen that needs it.
let allRegions: Promise<readonly RegionStatus[]> | undefined;

export function fetchAllRegions(): Promise<readonly RegionStatus[]> {
  allRegions ??= getJson<{ items: RegionStatus[] }>('/api/public/regions').then(
    (answer) => answer.items,
    (error: unknown) => {
      allRegions = undefined; // a failed load is tried again next time
      throw error;
    },
  );
  return allRegions;
}

export function useAllRegions(): Loaded<readonly RegionStatus[]> {
  return useLoad(fetchAllRegions, []);
}

export function provincesOf(regions: readonly RegionStatus[]): Province[] {
  const byCode = new Map<string, { admdvs: string; name: string; regions: RegionStatus[] }>();
  for (const region of regions) {
    let province = byCode.get(region.province);
    if (!province) {
      province = { admdvs: region.province, name: region.province_name, regions: [] };
      byCode.set(region.province, province);
    }
    province.regions.push(region);
  }
  return [...byCode.values()].sort((a, b) => a.admdvs.localeCompare(b.admdvs));
}

const isMunicipality = (province: Province): boolean =>
  province.regions.length === 1 && province.regions[0]?.admdvs === province.admdvs;

/**
 * The 就医地 cascader: a province (the whole province) or one of its prefectures. The insured province is offered
 * but disabled: a filing across provinces cannot name the person's own.
 */
export function treatmentPlaceOptions(
  provinces: readonly Province[],
  insuredProvince: string,
): PlaceOption[] {
  return provinces.map((province) => ({
    value: province.admdvs,
    label: province.admdvs === insuredProvince ? `${province.name}（参保省份）` : province.name,
    disabled: province.admdvs === insuredProvince,
    children: isMunicipality(province)
      ? undefined
      : province.regions.map((region) => ({ value: region.admdvs, label: region.name })),
  }));
}

/** The admdvs a cascader path stands for: the prefecture if one was picked, else the province. */
export const placeOfPath = (path: readonly string[] | undefined): string | undefined => path?.at(-1);

/** The cascader path of an admdvs (province or pooling region). */
export function pathOfPlace(admdvs: string): string[] {
  const province = `${admdvs.slice(0, 2)}0000`;
  return admdvs === province ? [province] : [province, admdvs];
}

/** 河北省石家庄市, 海南省, 北京市 — a place by its code, from the regions list. */
export function placeName(regions: readonly RegionStatus[], admdvs: string): string {
  const region = regions.find((r) => r.admdvs === admdvs);
  if (region)
    return region.admdvs === region.province ? region.name : `${region.province_name}${region.name}`;
  const province = regions.find((r) => r.province === admdvs);
  return province?.province_name ?? admdvs;
}
