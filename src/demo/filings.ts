// Off-site filings (异地就医备案) of the demo persons: long-term and temporary, to other provinces or their prefectures.
import type { FilingRow, PersonRow } from '../core/dataset/schema.ts';
import { PROVINCES } from '../core/regions.ts';
import { addMonths, dayNumber, isoDate } from './dates.ts';
import { poolingAreas } from './geography.ts';
import { createRandom, type Random } from './random.ts';

type DclaType = FilingRow['dcla_type'];

const LONG_TERM: readonly DclaType[] = ['11', '12', '13'];

// Where people go: 海南 for wintering retirees, the big cities and the coast for work and hospitals.
const DESTINATION_WEIGHT: Readonly<Record<string, number>> = {
  '110000': 5,
  '310000': 5,
  '440000': 6,
  '330000': 4,
  '320000': 3,
  '460000': 3,
  '510000': 2,
  '370000': 2,
};
const RETIREE_DESTINATION_WEIGHT: Readonly<Record<string, number>> = {
  '460000': 10,
  '440000': 4,
  '530000': 3,
};

function drawDclaType(person: PersonRow, random: Random): DclaType {
  if (person.psn_type.startsWith('12')) {
    return random.weighted<DclaType>([
      ['11', 60],
      ['12', 15],
      ['21', 10],
      ['23', 15],
    ]);
  }
  if (person.insutype === '310') {
    return random.weighted<DclaType>([
      ['13', 35],
      ['12', 20],
      ['21', 15],
      ['22', 5],
      ['23', 25],
    ]);
  }
  return random.weighted<DclaType>([
    ['12', 35],
    ['21', 25],
    ['22', 5],
    ['23', 35],
  ]);
}

/** Another province, or one of its prefectures (a filing may name either). */
function drawDestination(home: string, retiree: boolean, random: Random): string {
  const weights = retiree ? RETIREE_DESTINATION_WEIGHT : DESTINATION_WEIGHT;
  const province = random.weighted(
    PROVINCES.filter((p) => p.admdvs !== home).map((p) => [p.admdvs, weights[p.admdvs] ?? 1] as const),
  );
  if (random.chance(0.6)) return province;
  return random.pick(poolingAreas().filter((a) => a.province.admdvs === province)).region.admdvs;
}

/** Filings for about one person in eight; the serials never repeat one of `takenSerials`. */
export function generateFilings(
  seed: number,
  persons: readonly PersonRow[],
  takenSerials: ReadonlySet<string>,
): FilingRow[] {
  const random = createRandom(seed, 'filings');
  const serials = new Map<string, number>();
  const filings: FilingRow[] = [];
  for (const person of persons) {
    const retiree = person.psn_type.startsWith('12');
    if (!random.chance(retiree ? 0.2 : 0.11)) continue;
    const dclaType = drawDclaType(person, random);
    const longTerm = LONG_TERM.includes(dclaType);
    const begndate = longTerm
      ? isoDate(dayNumber(2023, 1, 1) + random.int(0, 1275))
      : isoDate(dayNumber(2025, 9, 1) + random.int(0, 425));
    // Temporary filings last at least six months (policy.md §1.5); long-term ones have no end.
    const enddate = longTerm ? null : addMonths(begndate, random.int(6, 12));
    const admdvs = person.insuplc_admdvs;
    const key = `F${admdvs}${begndate.replaceAll('-', '')}`;
    let serial = serials.get(key) ?? 0;
    let sn: string;
    do {
      serial++;
      sn = `${key}${String(serial).padStart(4, '0')}`;
    } while (takenSerials.has(sn));
    serials.set(key, serial);
    filings.push({
      trt_dcla_detl_sn: sn,
      psn_no: person.psn_no,
      insutype: person.insutype,
      dcla_type: dclaType,
      mdtrtarea_admdvs: drawDestination(`${admdvs.slice(0, 2)}0000`, retiree, random),
      begndate,
      enddate,
      dcla_souc:
        dclaType === '21' && random.chance(0.6)
          ? 'hospital'
          : random.weighted([
              ['app', 55],
              ['counter', 25],
              ['web', 20],
            ]),
      // 个人承诺 stands in for proof of residence, so it only concerns long-term filings.
      commitment: longTerm && random.chance(0.6),
      status: random.weighted<FilingRow['status']>([
        ['approved', 80],
        ['submitted', 7],
        ['rejected', 5],
        ['cancelled', 8],
      ]),
    });
  }
  return filings;
}
