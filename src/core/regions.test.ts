import { describe, expect, it } from 'vitest';
import {
  isPoolingRegion,
  PROVINCES,
  poolingRegionOf,
  poolingRegionsOf,
  provinceOf,
  regionOf,
} from './regions.ts';

describe('GB/T 2260 regions', () => {
  it('has the 31 provinces of the mainland network and their 341 pooling regions', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(PROVINCES.reduce((n, p) => n + poolingRegionsOf(p.admdvs).length, 0)).toBe(341);
    expect(regionOf('710000')).toBeUndefined();
  });

  it('pools a county into its prefecture and a municipality into the whole city', () => {
    expect(poolingRegionOf('460108')).toBe('460100');
    expect(poolingRegionOf('110105')).toBe('110000');
    expect(poolingRegionOf('500000')).toBe('500000');
    expect(poolingRegionOf('460000')).toBeUndefined();
    expect(provinceOf('130102')).toBe('130000');
  });

  it('knows which codes are pooling regions', () => {
    expect(isPoolingRegion('130100')).toBe(true);
    expect(isPoolingRegion('310000')).toBe(true);
    expect(isPoolingRegion('130000')).toBe(false);
    expect(isPoolingRegion('130102')).toBe(false);
    expect(regionOf('469000')?.name).toBe('海南省直辖县级行政区划');
  });
});
