import { describe, expect, it } from 'vitest';
import { countyUnitsOf, coverageOf } from './coverage.ts';

describe('county units', () => {
  it('are the county-level divisions, without 市辖区 placeholders and functional zones', () => {
    const hebei = countyUnitsOf('130000');
    expect(hebei).toContain('130102'); // 长安区
    expect(hebei).toContain('130181'); // 辛集市
    expect(hebei).not.toContain('130101'); // 市辖区
    expect(hebei).not.toContain('130171'); // 石家庄高新技术产业开发区
    expect(countyUnitsOf('110000')).toContain('110101'); // 东城区: a municipality's districts
  });

  it('take a prefecture without counties as its own unit', () => {
    const hainan = countyUnitsOf('460000');
    expect(hainan).toContain('460400'); // 儋州
    expect(hainan).toContain('469001'); // 五指山 (省直辖县级行政区划)
    expect(hainan).toContain('460108'); // 美兰区
    expect(countyUnitsOf('440000')).toContain('441900'); // 东莞
  });
});

describe('coverage', () => {
  const hainanUnits = countyUnitsOf('460000').length;
  const hebeiUnits = countyUnitsOf('130000').length;
  const result = coverageOf(
    ['130000', '460000'],
    [
      { province: '460000', hospitals: 4, pharmacies: 1 },
      { province: '130000', hospitals: 1, pharmacies: 0 },
    ],
    // two hospitals in 美兰区 count once; 儋州 is a unit; 海口市 itself (460100) is no county
    ['460108', '460400', '460100', '130102'],
  );

  it('counts institutions and the counties with a networked hospital per province', () => {
    expect(result.provinces).toEqual([
      {
        province: '130000',
        hospitals: 1,
        pharmacies: 0,
        counties: hebeiUnits,
        counties_with_hospital: 1,
        county_share_bp: Math.round(10_000 / hebeiUnits),
      },
      {
        province: '460000',
        hospitals: 4,
        pharmacies: 1,
        counties: hainanUnits,
        counties_with_hospital: 2,
        county_share_bp: Math.round(20_000 / hainanUnits),
      },
    ]);
  });

  it('adds the provinces up for the nation', () => {
    expect(result.national).toEqual({
      hospitals: 5,
      pharmacies: 1,
      counties: hebeiUnits + hainanUnits,
      counties_with_hospital: 3,
      county_share_bp: Math.round(30_000 / (hebeiUnits + hainanUnits)),
    });
  });

  it('is zero, not missing, for a province without networked institutions', () => {
    const [beijing] = coverageOf(['110000'], [], []).provinces;
    expect(beijing).toMatchObject({
      hospitals: 0,
      pharmacies: 0,
      counties_with_hospital: 0,
      county_share_bp: 0,
    });
  });
});
