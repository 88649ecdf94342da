// Insured persons of the demo world, spread over the pooling regions by population, with valid ID numbers and unique credentials.
import type { PersonRow } from '../core/dataset/schema.ts';
import { idCheckChar } from '../core/id-number.ts';
import { CHRONIC_CODES } from './chronic.ts';
import { CredentialMint } from './credentials.ts';
import { dayNumber, isoDate } from './dates.ts';
import { type PoolingArea, poolingAreas, provinceFacts } from './geography.ts';
import { drawName, type NameStyle } from './person-names.ts';
import { createRandom, cumulativePicker, type Random, yuan } from './random.ts';
import { IntegerSet } from './unique.ts';
import { words } from './words.ts';

/** Identifiers already taken (by the story people) that no generated person may reuse. */
export interface TakenIdentifiers {
  readonly psnNos: ReadonlySet<string>;
  readonly certnos: ReadonlySet<string>;
  readonly cardNos: ReadonlySet<string>;
  readonly cardSns: ReadonlySet<string>;
  readonly ectokens: ReadonlySet<string>;
}

/** Ethnic groups (GB 3304 naty) that are a sizeable share of a province, and how they are named. */
const MINORITIES: Readonly<Record<string, readonly (readonly [string, number, NameStyle])[]>> = {
  '150000': [['02', 0.17, 'han']],
  '210000': [['11', 0.12, 'han']],
  '220000': [['10', 0.03, 'han']],
  '450000': [['08', 0.3, 'han']],
  '510000': [
    ['07', 0.03, 'han'],
    ['04', 0.02, 'tibetan'],
  ],
  '520000': [
    ['06', 0.11, 'han'],
    ['09', 0.07, 'han'],
  ],
  '530000': [['07', 0.11, 'han']],
  '540000': [['04', 0.86, 'tibetan']],
  '620000': [['03', 0.05, 'han']],
  '630000': [
    ['04', 0.24, 'tibetan'],
    ['03', 0.14, 'han'],
  ],
  '640000': [['03', 0.35, 'han']],
  '650000': [['05', 0.45, 'uyghur']],
};

const EMPLOYER_BRANDS: readonly string[] = [
  ...'恒达宏远金鼎华信天成瑞丰鸿运新华东方长城中联永盛隆昌海川嘉禾宏图',
];
const EMPLOYER_TRADES: readonly string[] = words(`
  建设 机械 纺织 食品 物流 科技 商贸 电力 化工 医药 电子 建材 汽车配件 印刷
`);
const EMPLOYER_FORMS: readonly string[] = ['有限公司', '股份有限公司', '集团有限公司', '厂'];
const PUBLIC_EMPLOYERS: readonly string[] = words(`
  教育局 财政局 人民医院 第一中学 实验小学 税务局 人民法院 自然资源局
`);

const AS_OF_DAY = dayNumber(2026, 1, 1);

/** Population weight of each pooling region: the province's population, shared out with the capital larger. */
function regionWeights(seed: number): (readonly [PoolingArea, number])[] {
  const random = createRandom(seed, 'persons:weights');
  const areas = poolingAreas();
  const raw = areas.map((area) => {
    const share = area.isCapital ? 2.5 : area.region.name.includes('直辖') ? 0.6 : 0.7 + random.next() * 0.6;
    return [area, share] as const;
  });
  const perProvince = new Map<string, number>();
  for (const [area, share] of raw) {
    perProvince.set(area.province.admdvs, (perProvince.get(area.province.admdvs) ?? 0) + share);
  }
  return raw.map(([area, share]) => [
    area,
    (provinceFacts(area.province.admdvs).population * share) / perProvince.get(area.province.admdvs)!,
  ]);
}

/** An ID number's region, birth day and sequence as one exact integer (< 2^47), to check it is new. */
const certnoKey = (region: number, birthDay: number, sequence: number): number =>
  (region * 131_072 + (birthDay + 65_536)) * 1024 + sequence;

const keyOfCertno = (certno: string): number =>
  certnoKey(
    Number(certno.slice(0, 6)),
    dayNumber(Number(certno.slice(6, 10)), Number(certno.slice(10, 12)), Number(certno.slice(12, 14))),
    Number(certno.slice(14, 17)),
  );

// 职工 in service (1101 企业, 1102 公务员, 1103 灵活就业) and retired (12xx), with their shares.
const WORKING_TYPES = [
  ['1101', 80],
  ['1102', 10],
  ['1103', 10],
] as const;
const RETIREE_TYPES = [
  ['1201', 85],
  ['1202', 10],
  ['1203', 5],
] as const;

interface Profile {
  readonly insutype: '310' | '390';
  readonly psnType: string;
  readonly age: number;
}

function drawProfile(area: PoolingArea, male: boolean, random: Random): Profile {
  const employeeShare = area.isMunicipality ? 0.55 : area.isCapital ? 0.45 : 0.3;
  if (random.chance(employeeShare)) {
    if (random.chance(0.28)) {
      return {
        insutype: '310',
        psnType: random.weighted(RETIREE_TYPES),
        age: random.int(male ? 60 : 55, 92),
      };
    }
    const psnType = random.weighted(WORKING_TYPES);
    return { insutype: '310', psnType, age: random.int(20, male ? 59 : 54) };
  }
  if (random.chance(0.25)) {
    const age = random.int(0, 17);
    return { insutype: '390', psnType: age === 0 ? '1401' : age <= 6 ? '1402' : '1403', age };
  }
  const age = random.int(18, 90);
  return { insutype: '390', psnType: age <= 22 && random.chance(0.3) ? '1404' : '1501', age };
}

function employer(area: PoolingArea, psnType: string, random: Random): string {
  const city = area.cityName;
  const retired = psnType.startsWith('12') ? '（退休）' : '';
  if (psnType === '1102' || psnType === '1202') return `${city}${random.pick(PUBLIC_EMPLOYERS)}${retired}`;
  if (psnType === '1103' || psnType === '1203') return `${city}灵活就业人员${retired}`;
  const brand = `${random.pick(EMPLOYER_BRANDS)}${random.pick(EMPLOYER_BRANDS)}`;
  return `${city}${brand}${random.pick(EMPLOYER_TRADES)}${random.pick(EMPLOYER_FORMS)}${retired}`;
}

/** `count` generated persons (story people excluded), deterministic from the seed. */
export function generatePersons(seed: number, count: number, taken: TakenIdentifiers): PersonRow[] {
  const random = createRandom(seed, 'persons');
  const pickArea = cumulativePicker(regionWeights(seed));
  const certnos = new IntegerSet();
  for (const certno of taken.certnos) certnos.add(keyOfCertno(certno));
  const credentials = new CredentialMint(random, taken);
  // Story people's serials per region, so that a generated psn_no never repeats one.
  const storySerials = new Map<string, Set<number>>();
  for (const psnNo of taken.psnNos) {
    const region = psnNo.slice(0, 6);
    storySerials.set(region, (storySerials.get(region) ?? new Set()).add(Number(psnNo.slice(6))));
  }
  const serials = new Map<string, number>();
  const persons: PersonRow[] = [];

  for (let i = 0; i < count; i++) {
    const area = pickArea(random);
    const admdvs = area.region.admdvs;
    const male = random.chance(0.5);
    const profile = drawProfile(area, male, random);
    const birthDay = dayNumber(2025 - profile.age, 1, 1) + random.int(0, 364);
    const brdy = isoDate(birthDay);
    const county = area.counties.length > 0 ? random.pick(area.counties).admdvs : admdvs;
    // The 17th digit is odd for men and even for women (GB 11643).
    let sequence: number;
    let key: number;
    do {
      sequence = random.int(0, 499) * 2 + (male ? 1 : 0);
      key = certnoKey(Number(county), birthDay, sequence);
    } while (certnos.has(key));
    certnos.add(key);
    const first17 = `${county}${brdy.slice(0, 4)}${brdy.slice(5, 7)}${brdy.slice(8, 10)}${String(sequence).padStart(3, '0')}`;
    const certno = first17 + idCheckChar(first17);
    // Serials rise within a region (so they never repeat), leave gaps as real registries do, and skip the story people's.
    let serial = serials.get(admdvs) ?? 0;
    do serial += random.int(1, 30);
    while (storySerials.get(admdvs)?.has(serial));
    serials.set(admdvs, serial);
    const psnNo = `${admdvs}${String(serial).padStart(14, '0')}`;
    const minority = (MINORITIES[area.province.admdvs] ?? []).find(([, share]) => random.chance(share));
    const [naty, style] = minority ? [minority[0], minority[2]] : ['01', 'han' as const];
    const employee = profile.insutype === '310';
    const startDay = employee
      ? Math.max(birthDay + random.int(18, 24) * 365, dayNumber(1993, 1, 1) + random.int(0, 1500))
      : Math.max(birthDay + random.int(0, 60), dayNumber(2008, 1, 1) + random.int(0, 2000));
    const retired = profile.psnType.startsWith('12');
    const person: PersonRow = {
      psn_no: psnNo,
      psn_cert_type: '01',
      certno,
      psn_name: drawName(random, male, style),
      gend: male ? '1' : '2',
      brdy,
      naty,
      insuplc_admdvs: admdvs,
      insutype: profile.insutype,
      psn_type: profile.psnType,
      psn_insu_stas: '1',
      psn_insu_date: isoDate(Math.min(startDay, AS_OF_DAY)),
      cvlserv_flag: profile.psnType === '1102' || profile.psnType === '1202' ? '1' : '0',
      emp_name: employee ? employer(area, profile.psnType, random) : null,
      acct_balc: employee ? yuan(random.int(retired ? 20_000 : 5_000, retired ? 1_500_000 : 800_000)) : 0,
      card_sn: credentials.cardSn(admdvs, i),
      card_no: credentials.cardNo(i),
      ectoken: credentials.ectoken(i),
    };
    // 低保 / 特困 (the identities 医疗救助 pays for) are rarer among employees.
    if (random.chance(employee ? 0.01 : 0.04)) {
      person.idet = [
        {
          psn_idet_type: random.chance(0.8) ? '2301' : '2302',
          begntime: `${isoDate(dayNumber(2020, 1, 1) + random.int(0, 2000))} 00:00:00`,
          endtime: random.chance(0.5) ? null : '2026-12-31 23:59:59',
        },
      ];
    }
    if (profile.age >= 40 && random.chance(0.1)) {
      person.chronic = drawChronic(random).map((code) => ({
        opsp_dise_code: code,
        begndate: isoDate(dayNumber(2018, 1, 1) + random.int(0, 2900)),
        enddate: null,
      }));
    }
    persons.push(person);
  }
  return persons;
}

/** One or two chronic conditions, 高血压 and 糖尿病 far the most common. */
const CHRONIC_WEIGHTS = CHRONIC_CODES.map((code, i) => [code, i === 0 ? 40 : i === 1 ? 25 : 5] as const);

function drawChronic(random: Random): string[] {
  const draw = (): string => random.weighted(CHRONIC_WEIGHTS);
  const first = draw();
  const second = random.chance(0.25) ? draw() : first;
  return second === first ? [first] : [first, second];
}
