// Networked designated institutions of the demo world: hospitals of levels 1–3 and retail pharmacies in every pooling region.
import type { InstitutionRow } from '../core/dataset/schema.ts';
import { poolingRegionOf, type Region } from '../core/regions.ts';
import { CHRONIC_CODES } from './chronic.ts';
import {
  addressPrefix,
  isNameableCounty,
  type PoolingArea,
  poolingAreas,
  provinceFacts,
} from './geography.ts';
import { createRandom, type Random } from './random.ts';
import { withDemoKeys } from './signing-keys.ts';
import { words } from './words.ts';

const ROADS = words(`
  人民路 解放路 中山路 建设路 和平路 文化路 胜利路 新华路 健康路 长江路 黄河路 团结路
  迎宾大道 朝阳路 光明路 东风路 青年路 府前路 学府路 滨江路
`);
const TOWNS = words(`
  城关 新华 太平 永安 长安 青山 河西 东风 兴隆 马集 李庄 白塔 柳林 石桥 高桥 双河
  龙泉 新集 大王 黄庄 三合 红旗 前进 安乐
`);
const STREETS = words(`
  东湖 西城 北关 南门 新村 花园 滨河 金桥 桃源 明珠 园林 工农
`);
const PHARMACY_BRANDS = words(`
  百姓 康宁 仁和 济生 惠民 福寿 德仁 安康 万家 康乐 众和 同济 益民 广济 天元 华康
  瑞祥 永康 春天 嘉禾
`);

/** Hands out unique codes `H`/`P` + region + 5-digit serial, skipping the codes the stories reserve. */
class CodeAllocator {
  private readonly next = new Map<string, number>();
  constructor(private readonly reserved: ReadonlySet<string>) {}
  allocate(prefix: 'H' | 'P', admdvs: string, random: Random): string {
    const key = prefix + admdvs;
    let serial = this.next.get(key) ?? 0;
    let code: string;
    do {
      // Gaps between serials, as in real registries where codes of closed institutions are not reused.
      serial += random.int(1, 6);
      code = `${key}${String(serial).padStart(5, '0')}`;
    } while (this.reserved.has(code));
    this.next.set(key, serial);
    return code;
  }
}

/** Picks the first candidate name not yet used in the region (so a region never lists a name twice). */
function firstFree(candidates: readonly string[], used: Set<string>): string | undefined {
  const name = candidates.find((c) => !used.has(c));
  if (name !== undefined) used.add(name);
  return name;
}

function chronicSubset(random: Random, share: number, always: readonly string[]): string[] {
  return CHRONIC_CODES.filter((code) => always.includes(code) || random.chance(share));
}

function telephone(area: PoolingArea, random: Random): string {
  const local = area.areaCode.length === 3 || random.chance(0.7) ? 8 : 7;
  return `${area.areaCode}-${random.int(2, 8)}${random.digits(local - 1)}`;
}

function address(area: PoolingArea, county: Region, random: Random): string {
  return `${addressPrefix(area, county)}${random.pick(ROADS)}${random.int(1, 688)}号`;
}

interface Counts {
  readonly tertiary: number;
  readonly secondary: number;
  readonly primary: number;
  readonly pharmacies: number;
}

function countsFor(area: PoolingArea, random: Random): Counts {
  if (area.isMunicipality) {
    return {
      tertiary: random.int(8, 12),
      secondary: random.int(5, 8),
      primary: random.int(4, 6),
      pharmacies: random.int(5, 8),
    };
  }
  if (area.isCapital) {
    return {
      tertiary: random.int(3, 5),
      secondary: random.int(2, 4),
      primary: random.int(2, 4),
      pharmacies: random.int(3, 5),
    };
  }
  // 三沙: a few islands, one hospital.
  if (area.counties.length > 0 && !area.counties.some(isNameableCounty)) {
    return { tertiary: 0, secondary: 1, primary: random.int(0, 1), pharmacies: 1 };
  }
  return {
    tertiary: random.weighted([
      [0, 1],
      [1, 2],
      [2, 1],
    ]),
    secondary: random.int(1, 3),
    primary: random.int(1, 3),
    pharmacies: random.int(1, 3),
  };
}

/** City-level hospital names, most prominent first. */
function tertiaryNames(area: PoolingArea): string[] {
  const city = area.cityName;
  const province = area.province.name;
  const short = provinceFacts(area.province.admdvs).short;
  if (area.isMunicipality) {
    return [
      `${city}第一人民医院`,
      `${city}第二人民医院`,
      `${short}医科大学附属医院`,
      `${city}第三人民医院`,
      `${city}中医医院`,
      `${city}儿童医院`,
      `${city}第四人民医院`,
      `${city}肿瘤医院`,
      `${city}胸科医院`,
      `${city}第五人民医院`,
      `${city}妇幼保健院`,
      `${city}第六人民医院`,
      `${city}第七人民医院`,
      `${city}口腔医院`,
    ];
  }
  if (area.isCapital) {
    return [
      `${province}人民医院`,
      `${short}医科大学第一附属医院`,
      `${city}第一人民医院`,
      `${province}中医院`,
      `${city}中心医院`,
      `${province}肿瘤医院`,
      `${city}第二人民医院`,
      `${province}妇幼保健院`,
    ];
  }
  return [`${city}人民医院`, `${city}中心医院`, `${city}中医医院`, `${city}第一人民医院`];
}

function secondaryNames(area: PoolingArea, county: Region): string[] {
  const city = area.cityName;
  if (county.admdvs === area.seat.admdvs || !isNameableCounty(county)) {
    return [
      `${city}人民医院`,
      `${city}第二人民医院`,
      `${city}第三人民医院`,
      `${city}妇幼保健院`,
      `${city}中西医结合医院`,
    ];
  }
  const place = area.isMunicipality ? `${city}${county.name}` : county.name;
  return [`${place}人民医院`, `${place}中医院`, `${place}妇幼保健院`, `${place}第二人民医院`];
}

function primaryNames(area: PoolingArea, county: Region, random: Random): string[] {
  const place = isNameableCounty(county) ? county.name : area.cityName;
  // 乡镇卫生院 in counties, 社区卫生服务中心 in city districts.
  if (place.endsWith('区')) {
    return [
      `${place}${random.pick(STREETS)}街道社区卫生服务中心`,
      `${place}${random.pick(STREETS)}街道社区卫生服务中心`,
    ];
  }
  return [`${place}${random.pick(TOWNS)}镇中心卫生院`, `${place}${random.pick(TOWNS)}镇中心卫生院`];
}

function areaInstitutions(
  area: PoolingArea,
  story: readonly InstitutionRow[],
  codes: CodeAllocator,
  random: Random,
): InstitutionRow[] {
  const rows: InstitutionRow[] = [...story];
  const used = new Set(story.map((row) => row.fixmedins_name));
  const places = area.counties.length > 0 ? area.counties : [area.region];
  const nameable = places.filter(isNameableCounty);
  const outlying = nameable.filter((c) => c.admdvs !== area.seat.admdvs);
  // City hospitals stand in the first (central) districts; county hospitals out in the counties.
  const central = nameable.length > 0 ? nameable.slice(0, 3) : [area.seat];
  const counts = countsFor(area, random);

  const hospital = (level: '1' | '2' | '3', county: Region, name: string | undefined): void => {
    if (name === undefined) return;
    const chronic =
      level === '3'
        ? chronicSubset(random, 0.5, ['M03900', 'M01600'])
        : level === '2'
          ? chronicSubset(random, 0.25, ['M03900'])
          : chronicSubset(random, 0, random.chance(0.5) ? ['M03900', 'M01600'] : []);
    rows.push({
      fixmedins_code: codes.allocate('H', county.admdvs, random),
      fixmedins_name: name,
      fixmedins_type: '1',
      hosp_lv: level,
      admdvs: county.admdvs,
      services: { inpatient: level !== '1' || random.chance(0.5), outpatient: true, chronic },
      addr: address(area, county, random),
      tel: telephone(area, random),
    });
  };

  const tertiary = tertiaryNames(area);
  for (let i = 0; i < counts.tertiary; i++) hospital('3', random.pick(central), firstFree(tertiary, used));
  for (let i = 0; i < counts.secondary; i++) {
    const county = outlying.length > 0 && random.chance(0.75) ? random.pick(outlying) : area.seat;
    hospital('2', county, firstFree(secondaryNames(area, county), used));
  }
  for (let i = 0; i < counts.primary; i++) {
    const county = random.pick(outlying.length > 0 ? outlying : [area.seat]);
    hospital('1', county, firstFree(primaryNames(area, county, random), used));
  }
  for (let i = 0; i < counts.pharmacies; i++) {
    const county = random.pick(places);
    const named =
      isNameableCounty(county) && county.admdvs !== area.region.admdvs && county.name !== area.cityName;
    const store = named ? `（${county.name}店）` : '';
    const name = firstFree([`${area.cityName}${random.pick(PHARMACY_BRANDS)}大药房${store}`], used);
    if (name === undefined) continue;
    rows.push({
      fixmedins_code: codes.allocate('P', county.admdvs, random),
      fixmedins_name: name,
      fixmedins_type: '2',
      hosp_lv: '0',
      admdvs: county.admdvs,
      services: { inpatient: false, outpatient: true },
      addr: address(area, county, random),
      tel: telephone(area, random),
    });
  }
  return rows;
}

/** Institutions of every pooling region, region by region in code order; the story hospitals are included; each with its demo signing keys. */
export function generateInstitutions(seed: number, story: readonly InstitutionRow[]): InstitutionRow[] {
  const random = createRandom(seed, 'institutions');
  const codes = new CodeAllocator(new Set(story.map((row) => row.fixmedins_code)));
  const rows: InstitutionRow[] = [];
  for (const area of poolingAreas()) {
    const own = story.filter((row) => poolingRegionOf(row.admdvs) === area.region.admdvs);
    rows.push(...areaInstitutions(area, own, codes, random));
  }
  // Keys last, outside the random stream: the institutions themselves are as they were before keys existed.
  return withDemoKeys(rows, new Set(story.map((row) => row.fixmedins_code)));
}
