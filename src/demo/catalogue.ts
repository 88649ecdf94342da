// Catalogues (就医地目录) of the demo world: one national code list, and each province's catalogue with its own classes, ratios and price caps.
import type { CatalogueRow } from '../core/dataset/schema.ts';
import { PROVINCES } from '../core/regions.ts';
import { ORAL_FORMS, PATENT_DRUGS, WESTERN_DRUGS } from './catalogue-drugs.ts';
import { CONSUMABLES, HERB_PROCESSING, HERBS, PRECIOUS_HERBS, SERVICE_GROUPS } from './catalogue-items.ts';
import { createRandom, type Random, ratio, spread, yuan } from './random.ts';

type Level = '01' | '02' | '03';
type Kind = 'drug' | 'herb' | 'service' | 'consumable';

/** One item of the national list, before a province makes it its own. Prices in fen, ratios in bp. */
interface NationalItem {
  readonly kind: Kind;
  readonly code: string;
  readonly name: string;
  readonly listType: CatalogueRow['list_type'];
  readonly chrgitmType: CatalogueRow['med_chrgitm_type'];
  readonly level: Level;
  readonly selfpayBp: number;
  readonly capFen: number | undefined;
  readonly restricted: boolean;
}

/** Share of the national list a province leaves out (items it has not listed). */
const OMITTED_SHARE = 0.03;
const FIRST_HALF_END = '2026-06-30';
const SECOND_HALF_BEGIN = '2026-07-01';
const YEAR_BEGIN = '2026-01-01';

const CODE_LETTERS: readonly string[] = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const SELFPAY_STEPS_BP: readonly number[] = [500, 1000, 1000, 1500, 2000, 3000];

/** A price in yuan spread over orders of magnitude, in fen, rounded like real price lists. */
const drawPriceFen = (random: Random, [min, max]: readonly [number, number]): number =>
  roundPrice(spread(random, min, max) * 100);

const roundPrice = (fen: number): number =>
  fen >= 1000 ? Math.round(fen / 10) * 10 : Math.max(1, Math.round(fen));

function drawLevel(random: Random, shares: readonly [number, number, number]): Level {
  return random.weighted([
    ['01', shares[0]],
    ['02', shares[1]],
    ['03', shares[2]],
  ]);
}

const selfpayFor = (level: Level, random: Random): number =>
  level === '01' ? 0 : level === '03' ? 10_000 : random.pick(SELFPAY_STEPS_BP);

/** Unique codes: every generator draws until it finds one not taken (anchors included). */
class Codes {
  constructor(private readonly taken: Set<string>) {}
  claim(draw: () => string): string {
    let code = draw();
    while (this.taken.has(code)) code = draw();
    this.taken.add(code);
    return code;
  }
}

function drugs(random: Random, codes: Codes): NationalItem[] {
  const items: NationalItem[] = [];
  const add = (
    prefix: 'X' | 'Z',
    group: string,
    name: string,
    chrgitmType: '09' | '11',
    shares: [number, number, number],
  ) => {
    const generic = `${random.pick(CODE_LETTERS)}${random.digits(3)}`;
    const form = `${random.pick(['A', 'B', 'C', 'D', 'E'])}${random.digits(3)}`;
    const level = drawLevel(random, shares);
    const capped = random.chance(0.15);
    const basePrice = drawPriceFen(random, [0.5, 3000]);
    // Several manufacturers (生产企业) make the same product: same name, their own codes.
    for (let m = random.int(2, 5); m > 0; m--) {
      items.push({
        kind: 'drug',
        code: codes.claim(() => `${prefix}${group}${generic}${form}${random.digits(9)}`),
        name,
        listType: '101',
        chrgitmType,
        level,
        selfpayBp: selfpayFor(level, random),
        capFen: capped ? roundPrice(basePrice * (0.9 + random.next() * 0.3)) : undefined,
        restricted: level === '02' && random.chance(0.06),
      });
    }
  };
  for (const entry of WESTERN_DRUGS) {
    const [name = '', atc = '', formList = ''] = entry.split('|');
    const forms = formList === '' ? [''] : formList.split(',');
    for (const form of forms) {
      const suffixes = form === 'O' ? ORAL_FORMS.filter(() => random.chance(0.4)).slice(0, 3) : [form];
      for (const suffix of suffixes.length > 0 ? suffixes : ['片']) {
        const full = suffix === '注射用' ? `注射用${name}` : `${name}${suffix}`;
        add('X', atc, full, '09', [0.35, 0.55, 0.1]);
      }
    }
  }
  for (const entry of PATENT_DRUGS) {
    const [name = '', category = ''] = entry.split('|');
    add('Z', `${category}${random.pick(['AA', 'AB', 'BA'])}`, name, '11', [0.25, 0.6, 0.15]);
  }
  return items;
}

function services(random: Random, codes: Codes): NationalItem[] {
  return SERVICE_GROUPS.flatMap((group) => {
    let serial = 0;
    return group.names.map((name) => {
      const level = drawLevel(random, [0.6, 0.3, 0.1]);
      const code = codes.claim(() => {
        serial += random.int(1, 3);
        return `00${group.section}000${String(serial).padStart(3, '0')}000`;
      });
      return {
        kind: 'service' as const,
        code,
        name,
        listType: '201' as const,
        chrgitmType: group.chrgitmType,
        level,
        selfpayBp: selfpayFor(level, random),
        capFen: random.chance(0.85) ? drawPriceFen(random, group.price) : undefined,
        restricted: random.chance(0.02),
      };
    });
  });
}

function consumables(random: Random, codes: Codes): NationalItem[] {
  return CONSUMABLES.flatMap(([name, expensive], n) => {
    const items: NationalItem[] = [];
    const category = `${String(1 + (n % 14)).padStart(2, '0')}${random.digits(4)}`;
    for (let m = random.int(2, 5); m > 0; m--) {
      const level = drawLevel(random, expensive ? [0.1, 0.7, 0.2] : [0.3, 0.45, 0.25]);
      items.push({
        kind: 'consumable',
        code: codes.claim(() => `C${category}${random.digits(20)}`),
        name,
        listType: '301',
        chrgitmType: '08',
        level,
        selfpayBp: selfpayFor(level, random),
        capFen: random.chance(0.7) ? drawPriceFen(random, expensive ? [800, 60_000] : [0.5, 300]) : undefined,
        restricted: expensive && random.chance(0.1),
      });
    }
    return items;
  });
}

function herbs(random: Random, codes: Codes): NationalItem[] {
  const items: NationalItem[] = [];
  const add = (name: string, herb: number, processing: number, precious: boolean) => {
    const level: Level = precious ? '03' : drawLevel(random, [0.35, 0.6, 0.05]);
    items.push({
      kind: 'herb',
      code: codes.claim(
        () => `T${String(herb).padStart(5, '0')}${String(processing).padStart(2, '0')}${random.digits(2)}`,
      ),
      name,
      listType: '102',
      chrgitmType: '10',
      level,
      selfpayBp: selfpayFor(level, random),
      capFen: random.chance(0.1) ? drawPriceFen(random, [0.02, 5]) : undefined,
      restricted: false,
    });
  };
  HERBS.forEach((herb, h) => {
    add(herb, h + 1, 0, false);
    HERB_PROCESSING.forEach((prefix, p) => {
      if (random.chance(0.15)) add(`${prefix}${herb}`, h + 1, p + 1, false);
    });
  });
  PRECIOUS_HERBS.forEach((herb, h) => {
    add(herb, HERBS.length + h + 1, 0, true);
  });
  return items;
}

/** The national list (国家医保编码): most codes a hospital bills are in every province's catalogue. */
function nationalList(random: Random, anchors: readonly CatalogueRow[]): NationalItem[] {
  const codes = new Codes(new Set(anchors.map((row) => row.hilist_code)));
  return [
    ...drugs(random, codes),
    ...services(random, codes),
    ...consumables(random, codes),
    ...herbs(random, codes),
  ];
}

function toRow(
  item: NationalItem,
  level: Level,
  selfpayBp: number,
  capFen: number | undefined,
): CatalogueRow {
  const selfpay = ratio(level === '01' ? 0 : level === '03' ? 10_000 : selfpayBp);
  const restricted = item.restricted ? '1' : '0';
  // Two literals rather than a conditional spread: 68,000 rows of one fixed shape each are much cheaper to build.
  if (capFen === undefined) {
    return {
      hilist_code: item.code,
      hilist_name: item.name,
      list_type: item.listType,
      med_chrgitm_type: item.chrgitmType,
      chrgitm_lv: level,
      selfpay_prop: selfpay,
      lmt_used_flag: restricted,
      begndate: YEAR_BEGIN,
      enddate: null,
    };
  }
  return {
    hilist_code: item.code,
    hilist_name: item.name,
    list_type: item.listType,
    med_chrgitm_type: item.chrgitmType,
    chrgitm_lv: level,
    selfpay_prop: selfpay,
    pric_uplmt_amt: yuan(capFen),
    lmt_used_flag: restricted,
    begndate: YEAR_BEGIN,
    enddate: null,
  };
}

/** One province's catalogue: the anchors verbatim, then the national items it lists, with its own values. */
function provinceCatalogue(
  seed: number,
  province: string,
  items: readonly NationalItem[],
  anchors: readonly CatalogueRow[],
): CatalogueRow[] {
  const random = createRandom(seed, `catalogue:${province}`);
  // Services and consumables are priced and classed by each province; drug classes are national.
  const capFactorBp = random.int(90, 115) * 100;
  const rows: CatalogueRow[] = [];
  for (const item of items) {
    if (random.chance(OMITTED_SHARE)) continue;
    let level = item.level;
    if ((item.kind === 'service' || item.kind === 'consumable') && random.chance(0.08)) {
      level = level === '01' ? '02' : level === '02' ? random.pick(['01', '03'] as const) : '02';
    }
    const selfpayBp =
      level === '02'
        ? Math.min(3000, Math.max(500, (item.selfpayBp || 1000) + random.pick([-500, 0, 0, 0, 500])))
        : 0;
    const capFen =
      item.capFen === undefined || random.chance(0.02)
        ? undefined
        : roundPrice((item.capFen * (capFactorBp + random.int(-5, 5) * 100)) / 10_000);
    rows.push(toRow(item, level, selfpayBp, capFen));
  }
  // A few items change on 1 July (集采 price cuts, a re-rated 乙类 share): two versions of one code.
  const changing = new Set<number>();
  const target = random.int(6, 10);
  while (changing.size < target) {
    const i = random.int(0, rows.length - 1);
    if (rows[i]!.pric_uplmt_amt !== undefined || rows[i]!.chrgitm_lv === '02') changing.add(i);
  }
  const catalogue: CatalogueRow[] = [...anchors];
  rows.forEach((row, i) => {
    if (!changing.has(i)) {
      catalogue.push(row);
      return;
    }
    const cap = row.pric_uplmt_amt;
    const next: CatalogueRow =
      cap !== undefined && cap !== null
        ? { ...row, pric_uplmt_amt: yuan(roundPrice(Number(cap) * 100 * (0.7 + random.int(0, 4) * 0.05))) }
        : { ...row, selfpay_prop: row.selfpay_prop === 0.1 ? 0.15 : 0.1 };
    catalogue.push({ ...row, enddate: FIRST_HALF_END }, { ...next, begndate: SECOND_HALF_BEGIN });
  });
  return catalogue;
}

/** Catalogues of all 31 provinces, keyed by province code. */
export function generateCatalogues(
  seed: number,
  anchors: readonly CatalogueRow[],
): Record<string, CatalogueRow[]> {
  const items = nationalList(createRandom(seed, 'catalogue:national'), anchors);
  const catalogues: Record<string, CatalogueRow[]> = {};
  for (const province of PROVINCES) {
    catalogues[province.admdvs] = provinceCatalogue(seed, province.admdvs, items, anchors);
  }
  return catalogues;
}
