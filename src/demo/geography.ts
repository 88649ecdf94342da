// The demo world's geography: provinces with population weights and phone area codes, and the counties usable for names and codes.
import { MUNICIPALITIES, PROVINCES, poolingRegionsOf, type Region, regionOf } from '../core/regions.ts';

interface ProvinceFacts {
  /** Short name used in institution names (河北, 内蒙古). */
  readonly short: string;
  /** Resident population in millions (2020 census, rounded): how many demo persons live there. */
  readonly population: number;
  /** Phone area code of the capital. */
  readonly capitalArea: string;
  /** First three characters of the other prefectures' area codes (a digit is appended per prefecture). */
  readonly otherArea: string;
}

// Area codes of the capitals are real; those of other prefectures are only plausible (same leading digits).
const FACTS: Readonly<Record<string, ProvinceFacts>> = {
  '110000': { short: '北京', population: 21.9, capitalArea: '010', otherArea: '010' },
  '120000': { short: '天津', population: 13.9, capitalArea: '022', otherArea: '022' },
  '130000': { short: '河北', population: 74.6, capitalArea: '0311', otherArea: '031' },
  '140000': { short: '山西', population: 34.9, capitalArea: '0351', otherArea: '035' },
  '150000': { short: '内蒙古', population: 24.0, capitalArea: '0471', otherArea: '047' },
  '210000': { short: '辽宁', population: 42.6, capitalArea: '024', otherArea: '041' },
  '220000': { short: '吉林', population: 24.1, capitalArea: '0431', otherArea: '043' },
  '230000': { short: '黑龙江', population: 31.9, capitalArea: '0451', otherArea: '045' },
  '310000': { short: '上海', population: 24.9, capitalArea: '021', otherArea: '021' },
  '320000': { short: '江苏', population: 84.7, capitalArea: '025', otherArea: '051' },
  '330000': { short: '浙江', population: 64.6, capitalArea: '0571', otherArea: '057' },
  '340000': { short: '安徽', population: 61.0, capitalArea: '0551', otherArea: '055' },
  '350000': { short: '福建', population: 41.5, capitalArea: '0591', otherArea: '059' },
  '360000': { short: '江西', population: 45.2, capitalArea: '0791', otherArea: '079' },
  '370000': { short: '山东', population: 101.5, capitalArea: '0531', otherArea: '053' },
  '410000': { short: '河南', population: 99.4, capitalArea: '0371', otherArea: '039' },
  '420000': { short: '湖北', population: 57.8, capitalArea: '027', otherArea: '071' },
  '430000': { short: '湖南', population: 66.4, capitalArea: '0731', otherArea: '073' },
  '440000': { short: '广东', population: 126.0, capitalArea: '020', otherArea: '075' },
  '450000': { short: '广西', population: 50.1, capitalArea: '0771', otherArea: '077' },
  '460000': { short: '海南', population: 10.1, capitalArea: '0898', otherArea: '089' },
  '500000': { short: '重庆', population: 32.1, capitalArea: '023', otherArea: '023' },
  '510000': { short: '四川', population: 83.7, capitalArea: '028', otherArea: '081' },
  '520000': { short: '贵州', population: 38.6, capitalArea: '0851', otherArea: '085' },
  '530000': { short: '云南', population: 47.2, capitalArea: '0871', otherArea: '087' },
  '540000': { short: '西藏', population: 3.6, capitalArea: '0891', otherArea: '089' },
  '610000': { short: '陕西', population: 39.5, capitalArea: '029', otherArea: '091' },
  '620000': { short: '甘肃', population: 25.0, capitalArea: '0931', otherArea: '093' },
  '630000': { short: '青海', population: 5.9, capitalArea: '0971', otherArea: '097' },
  '640000': { short: '宁夏', population: 7.2, capitalArea: '0951', otherArea: '095' },
  '650000': { short: '新疆', population: 25.9, capitalArea: '0991', otherArea: '090' },
};

export function provinceFacts(province: string): ProvinceFacts {
  const facts = FACTS[province];
  if (!facts) throw new RangeError(`no demo facts for province ${province}`);
  return facts;
}

/** A pooling region with what the generators need about it. */
export interface PoolingArea {
  readonly region: Region;
  readonly province: Region;
  /** 0 for the capital (the first prefecture of a province, XX01), 1… for the others. */
  readonly index: number;
  readonly isCapital: boolean;
  readonly isMunicipality: boolean;
  /**
   * Codes usable as an institution's or an ID number's region: real counties, without the 市辖区
   * placeholders and the XX7x development zones (not GB/T 2260 counties). Empty when the prefecture
   * has none (东莞, 中山, 儋州, 嘉峪关): the prefecture code stands in.
   */
  readonly counties: readonly Region[];
  /** The urban seat: the first usable county (usually the old town district), or the prefecture itself. */
  readonly seat: Region;
  /** The name used for city-level institutions: the prefecture, or the seat for 省直辖县级 groupings. */
  readonly cityName: string;
  /** Phone area code. */
  readonly areaCode: string;
}

/**
 * The counties of a pooling region, as `countiesOf` gives them, found by looking up the codes that can
 * belong to it (XXYY01–XXYY99, or every XXAABB of a municipality): `countiesOf` scans the whole national
 * list per call, which for 341 regions was a noticeable part of the world's generation time.
 */
function countiesByCode(pooling: string, municipality: boolean): Region[] {
  const counties: Region[] = [];
  const from = municipality ? 101 : Number(pooling.slice(2, 4)) * 100 + 1;
  const to = municipality ? 9999 : Number(pooling.slice(2, 4)) * 100 + 99;
  for (let n = from; n <= to; n++) {
    const region = regionOf(`${pooling.slice(0, 2)}${String(n).padStart(4, '0')}`);
    if (region?.level === 'county') counties.push(region);
  }
  return counties;
}

const isUsableCounty = (county: Region): boolean => county.name !== '市辖区' && county.admdvs[4] !== '7';

// Island groups (三沙) make odd hospital names: usable as a code, never as a name of its own.
export const isNameableCounty = (county: Region): boolean => !/群岛|岛礁|海域/.test(county.name);

let areasCache: readonly PoolingArea[] | undefined;

/** All 341 pooling regions of the 31 provinces, in code order (computed once). */
export function poolingAreas(): readonly PoolingArea[] {
  if (areasCache) return areasCache;
  const areas: PoolingArea[] = [];
  for (const province of PROVINCES) {
    const facts = provinceFacts(province.admdvs);
    poolingRegionsOf(province.admdvs).forEach((region, index) => {
      const isMunicipality = MUNICIPALITIES.includes(region.admdvs);
      const counties = countiesByCode(region.admdvs, isMunicipality).filter(isUsableCounty);
      const seat = counties[0] ?? region;
      const isCapital = index === 0;
      const areaCode =
        isCapital || isMunicipality || province.admdvs === '460000'
          ? facts.capitalArea
          : `${facts.otherArea}${index % 10}`;
      areas.push({
        region,
        province,
        index,
        isCapital,
        isMunicipality,
        counties,
        seat,
        cityName: region.name.includes('直辖') ? seat.name : region.name,
        areaCode,
      });
    });
  }
  areasCache = areas;
  return areas;
}

/** The postal address prefix: province, city, county — without repeating a municipality's name. */
export function addressPrefix(area: PoolingArea, county: Region): string {
  if (area.isMunicipality)
    return `${area.region.name}${county.admdvs === area.region.admdvs ? '' : county.name}`;
  const city = area.region.name.includes('直辖') ? '' : area.region.name;
  const place = county.admdvs === area.region.admdvs ? '' : county.name;
  return `${area.province.name}${city}${place}`;
}
