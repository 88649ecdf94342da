// A region code as a person reads the place: the province, the pooling region and the county, each named once.
import { poolingRegionOf, regionOf } from './regions.ts';

/** 海南省, 海南省海口市, 海南省海口市美兰区, 北京市东城区; an unknown code stays a code. */
export function placeName(admdvs: string): string {
  const region = regionOf(admdvs);
  if (!region) return admdvs;
  const pooling = poolingRegionOf(admdvs);
  const parts = [regionOf(region.province)?.name, pooling && regionOf(pooling)?.name, region.name];
  return parts.filter((p, i): p is string => typeof p === 'string' && parts.indexOf(p) === i).join('');
}
