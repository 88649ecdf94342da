// Fixed policies of the story regions: written out here rather than drawn, so that the numbers in docs/demo-world.md hold.
import type { PolicyDoc } from '../core/dataset/schema.ts';
import { regionOf } from '../core/regions.ts';
import { employeePolicy, type OffsiteParams, residentPolicy } from './policies.ts';
import { LAOZHANG_POLICY } from './story.ts';

const region = (admdvs: string) => {
  const found = regionOf(admdvs);
  if (!found) throw new RangeError(`unknown region ${admdvs}`);
  return found;
};

const USUAL_OFFSITE: OffsiteParams = { '21': { minus: 0.1 }, '22': { minus: 0 }, '23': { minus: 0.2 } };

/** 兰州 职工 (马国强, referred to 上海): a referral lowers every ratio by 10 points. */
const LANZHOU_EMPLOYEE = employeePolicy(region('620100'), {
  deductible: { lv3First: 1200, lv3Later: 600, lv2: 500, lv1: 200 },
  employeeLadder: [
    { upto: 10_000, bp: 8500 },
    { upto: null, bp: 9000 },
  ],
  retireeLadder: [{ upto: null, bp: 9500 }],
  poolCap: 200_000,
  hifobBp: 9000,
  hifobCap: 400_000,
  mafBp: 7000,
  mafCap: 50_000,
  chronicDeductible: 0,
  chronicBp: 8500,
  outpatientDeductible: 200,
  outpatientBp: 5000,
  outpatientRetireeBp: 6000,
  outpatientCap: 2000,
  offsite: USUAL_OFFSITE,
});

/** 成都 职工 (刘晓燕, emergency in 杭州 without a filing): emergencies count as filing 22, 5 points lower. */
const CHENGDU_EMPLOYEE = employeePolicy(region('510100'), {
  deductible: { lv3First: 1000, lv3Later: 500, lv2: 500, lv1: 200 },
  employeeLadder: [
    { upto: 20_000, bp: 8500 },
    { upto: null, bp: 9000 },
  ],
  retireeLadder: [{ upto: null, bp: 9500 }],
  poolCap: 250_000,
  hifobBp: 9000,
  hifobCap: 500_000,
  mafBp: 7000,
  mafCap: 50_000,
  chronicDeductible: 0,
  chronicBp: 8500,
  outpatientDeductible: 150,
  outpatientBp: 6000,
  outpatientRetireeBp: 7000,
  outpatientCap: 3000,
  offsite: { '21': { minus: 0.1 }, '22': { minus: 0.05 }, '23': { minus: 0.2 } },
});

/** 周口 城乡居民 (李满仓, near the 大病保险 deductible). */
const ZHOUKOU_RESIDENT = residentPolicy(region('411600'), {
  deductible: { lv3: 1000, lv2: 500, lv1: 200 },
  inpatientBp: { lv3: 6500, lv2: 8000, lv1: 9000 },
  poolCap: 150_000,
  seriousDeductible: 15_000,
  // 60 % from 15k to 30k a year, 70 % to 100k, 80 % beyond (the ladder starts after the deductible).
  seriousLadder: [
    { upto: 15_000, bp: 6000 },
    { upto: 85_000, bp: 7000 },
    { upto: null, bp: 8000 },
  ],
  seriousCap: 400_000,
  mafBp: 7000,
  mafCap: 30_000,
  chronicDeductible: 300,
  chronicBp: 6500,
  chronicCap: 6000,
  outpatientDeductible: 50,
  outpatientBp: 5000,
  outpatientCap: 400,
  offsite: USUAL_OFFSITE,
});

/** Policies that replace the drawn ones for the story regions, by `<admdvs>-<insutype>`. */
export const STORY_POLICIES: Readonly<Record<string, PolicyDoc>> = {
  '130100-310': LAOZHANG_POLICY,
  '620100-310': LANZHOU_EMPLOYEE,
  '510100-310': CHENGDU_EMPLOYEE,
  '411600-390': ZHOUKOU_RESIDENT,
};
