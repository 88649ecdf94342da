// regions.json of the demo world: every pooling region's agency contacts (invented, labelled 演示) and filing settings.
import type { RegionFilingDoc, RegionRow } from '../core/dataset/schema.ts';
import { addressPrefix, type PoolingArea, poolingAreas } from './geography.ts';
import { createRandom, type Random } from './random.ts';
import { words } from './words.ts';

const ROADS = words('人民路 解放路 中山路 建设路 府前路 行政中心路 市民大道 政务路 新华路 迎宾大道');
const HOURS: readonly string[] = [
  '工作日 8:30-17:30',
  '工作日 9:00-12:00，13:30-17:00',
  '工作日 8:30-12:00，14:30-17:30',
];

/**
 * The regions that make local choices within the national rules; every other region keeps the national defaults
 * (no `filing` at all, so a change of the defaults reaches it). 石家庄 130100 stays at the defaults: the story
 * people's filings are computed with them.
 */
export const LOCAL_FILING_CHOICES: Readonly<Record<string, RegionFilingDoc>> = {
  // 保定 has staff review commitments too: 河北's reviewer then has a queue to show.
  '130600': { auto_approve_commitment: false },
  // 南京 lets a filing begin at most 90 days back (补办), not the national 180.
  '320100': { backdate_max_days: 90 },
  // 杭州 gives every temporary filing its full six months: no shorter one on request.
  '330100': { temporary_shorter_allowed: false },
  // 广州 lets a long-term filing be changed three months after approval, not six.
  '440100': { change_wait_months: 3 },
};

/** A number with the region's area code, marked 演示 so that nobody dials an invented office. */
function telephone(area: PoolingArea, random: Random): string {
  const local = area.areaCode.length === 3 || random.chance(0.7) ? 8 : 7;
  return `${area.areaCode}-${random.int(2, 8)}${random.digits(local - 1)}（演示）`;
}

function regionRow(area: PoolingArea): RegionRow {
  // A stream of the region's own code, as for its policies: what docs say of a region holds whatever the seed.
  const random = createRandom(0x5eed_2026, `agency:${area.region.admdvs}`);
  const filing = LOCAL_FILING_CHOICES[area.region.admdvs];
  return {
    admdvs: area.region.admdvs,
    agency: {
      name: `${area.cityName}医疗保障事务服务中心 异地就医窗口`,
      tel: telephone(area, random),
      addr: `${addressPrefix(area, area.seat)}${random.pick(ROADS)}${random.int(1, 388)}号 政务服务中心医保窗口`,
      hours: random.pick(HOURS),
    },
    ...(filing ? { filing } : {}),
  };
}

/** One row per pooling region of the 31 provinces, in code order. */
export function generateRegions(): RegionRow[] {
  return poolingAreas().map(regionRow);
}
