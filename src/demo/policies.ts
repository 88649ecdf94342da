// Benefit policies (参保地待遇) of the demo world: a 310 职工 and a 390 城乡居民 policy per pooling region, with plausible varied parameters.
import type { BenefitDoc, LayerDoc, PolicyDoc } from '../core/dataset/schema.ts';
import type { Region } from '../core/regions.ts';
import { ratio } from './random.ts';

/** A ladder step in yuan and basis points; `upto` null = no end. */
export interface Band {
  readonly upto: number | null;
  readonly bp: number;
}

/** One region's off-site adjustments for temporary filings (异地转诊 21, 急诊抢救 22, 其他临时外出 23). */
export type OffsiteParams = PolicyDoc['offsite'];

/** What varies between regions in a 职工 policy (amounts in yuan, ratios in basis points). */
export interface EmployeeParams {
  readonly deductible: {
    readonly lv3First: number;
    readonly lv3Later: number;
    readonly lv2: number;
    readonly lv1: number;
  };
  readonly employeeLadder: readonly Band[];
  readonly retireeLadder: readonly Band[];
  readonly poolCap: number;
  readonly hifobBp: number;
  readonly hifobCap: number;
  readonly mafBp: number;
  readonly mafCap: number;
  readonly chronicDeductible: number;
  readonly chronicBp: number;
  readonly outpatientDeductible: number;
  readonly outpatientBp: number;
  readonly outpatientRetireeBp: number;
  readonly outpatientCap: number;
  readonly offsite: OffsiteParams;
}

/** What varies between regions in a 城乡居民 policy (amounts in yuan, ratios in basis points). */
export interface ResidentParams {
  readonly deductible: { readonly lv3: number; readonly lv2: number; readonly lv1: number };
  readonly inpatientBp: { readonly lv3: number; readonly lv2: number; readonly lv1: number };
  readonly poolCap: number;
  /** 大病保险: per-year deductible, then bands over the year's eligible amount. */
  readonly seriousDeductible: number;
  readonly seriousLadder: readonly Band[];
  readonly seriousCap: number;
  readonly mafBp: number;
  readonly mafCap: number;
  readonly chronicDeductible: number;
  readonly chronicBp: number;
  readonly chronicCap: number;
  readonly outpatientDeductible: number;
  readonly outpatientBp: number;
  readonly outpatientCap: number;
  readonly offsite: OffsiteParams;
}

/** 低保 and 特困: the identities 医疗救助 (610100) pays for. */
export const ASSISTED_IDENTITIES: readonly string[] = ['2301', '2302'];

const INPATIENT_MED_TYPES: readonly string[] = ['21', '22', '24', '25'];
const CHRONIC_MED_TYPES: readonly string[] = ['14'];
const OUTPATIENT_MED_TYPES: readonly string[] = ['11', '13'];

const ladder = (bands: readonly Band[]) => bands.map((b) => ({ upto: b.upto, prop: ratio(b.bp) }));
const flat = (bp: number) => [{ upto: null, prop: ratio(bp) }];

/** 医疗救助 after everything else, for 低保/特困 only. */
function assistanceLayer(bp: number, cap: number): LayerDoc {
  return {
    id: 'maf',
    fund_pay_type: '610100',
    basis: 'inscp_self',
    when: { idet: [...ASSISTED_IDENTITIES] },
    bands: { over: 'settlement', rules: [{ ladder: flat(bp) }] },
    cap: { amount: cap },
  };
}

export function employeePolicy(region: Region, p: EmployeeParams): PolicyDoc {
  const inpatient: BenefitDoc = {
    name: '住院',
    med_types: [...INPATIENT_MED_TYPES],
    account: { covers: 'psn_part' },
    layers: [
      {
        id: 'pool',
        fund_pay_type: '310100',
        basis: 'inscp',
        // The first stay of the year at a tertiary hospital pays the full deductible, later ones less.
        deductible: {
          per: 'settlement',
          rules: [
            { when: { hosp_lv: '3', admission_max: 1 }, amount: p.deductible.lv3First },
            { when: { hosp_lv: '3' }, amount: p.deductible.lv3Later },
            { when: { hosp_lv: '2' }, amount: p.deductible.lv2 },
            { amount: p.deductible.lv1 },
          ],
        },
        bands: {
          over: 'settlement',
          rules: [
            { when: { psn_type: '12' }, ladder: ladder(p.retireeLadder) },
            { ladder: ladder(p.employeeLadder) },
          ],
        },
        cap: { amount: p.poolCap },
      },
      {
        id: 'hifob',
        fund_pay_type: '330100',
        basis: 'over_cap',
        of: 'pool',
        bands: { over: 'year', rules: [{ ladder: flat(p.hifobBp) }] },
        cap: { amount: p.hifobCap },
      },
      assistanceLayer(p.mafBp, p.mafCap),
    ],
  };
  const chronic: BenefitDoc = {
    name: '门诊慢特病',
    med_types: [...CHRONIC_MED_TYPES],
    account: { covers: 'psn_part' },
    // Same layer id as inpatient care: chronic-disease payments count against the one pooling cap.
    layers: [
      {
        id: 'pool',
        fund_pay_type: '310100',
        basis: 'inscp',
        deductible: { per: 'year', rules: [{ amount: p.chronicDeductible }] },
        bands: { over: 'settlement', rules: [{ ladder: flat(p.chronicBp) }] },
        cap: { amount: p.poolCap },
      },
    ],
  };
  const outpatient: BenefitDoc = {
    name: '普通门诊',
    med_types: [...OUTPATIENT_MED_TYPES],
    account: { covers: 'psn_part' },
    layers: [
      {
        id: 'otp',
        fund_pay_type: '310100',
        basis: 'inscp',
        deductible: { per: 'year', rules: [{ amount: p.outpatientDeductible }] },
        bands: {
          over: 'settlement',
          rules: [
            { when: { psn_type: '12' }, ladder: flat(p.outpatientRetireeBp) },
            { ladder: flat(p.outpatientBp) },
          ],
        },
        cap: { amount: p.outpatientCap },
      },
    ],
  };
  return {
    admdvs: region.admdvs,
    insutype: '310',
    name: `${region.name}职工基本医疗保险（演示参数）`,
    begndate: '2026-01-01',
    enddate: null,
    offsite: p.offsite,
    benefits: [inpatient, chronic, outpatient],
  };
}

export function residentPolicy(region: Region, p: ResidentParams): PolicyDoc {
  const byLevel = (amounts: { readonly lv3: number; readonly lv2: number; readonly lv1: number }) => [
    { when: { hosp_lv: '3' as const }, amount: amounts.lv3 },
    { when: { hosp_lv: '2' as const }, amount: amounts.lv2 },
    { amount: amounts.lv1 },
  ];
  const inpatient: BenefitDoc = {
    name: '住院',
    med_types: [...INPATIENT_MED_TYPES],
    layers: [
      {
        id: 'pool',
        fund_pay_type: '390100',
        basis: 'inscp',
        deductible: { per: 'settlement', rules: byLevel(p.deductible) },
        bands: {
          over: 'settlement',
          rules: byLevel(p.inpatientBp).map(({ amount, ...rule }) => ({ ...rule, ladder: flat(amount) })),
        },
        cap: { amount: p.poolCap },
      },
      // 大病保险 works on what the basic layer left to the person, with its own yearly deductible.
      {
        id: 'hifmi',
        fund_pay_type: '390200',
        basis: 'inscp_self',
        deductible: { per: 'year', rules: [{ amount: p.seriousDeductible }] },
        bands: { over: 'year', rules: [{ ladder: ladder(p.seriousLadder) }] },
        cap: { amount: p.seriousCap },
      },
      assistanceLayer(p.mafBp, p.mafCap),
    ],
  };
  const chronic: BenefitDoc = {
    name: '门诊慢特病',
    med_types: [...CHRONIC_MED_TYPES],
    layers: [
      {
        id: 'chronic',
        fund_pay_type: '390100',
        basis: 'inscp',
        deductible: { per: 'year', rules: [{ amount: p.chronicDeductible }] },
        bands: { over: 'settlement', rules: [{ ladder: flat(p.chronicBp) }] },
        cap: { amount: p.chronicCap },
      },
    ],
  };
  const outpatient: BenefitDoc = {
    name: '普通门诊',
    med_types: [...OUTPATIENT_MED_TYPES],
    layers: [
      {
        id: 'otp',
        fund_pay_type: '390100',
        basis: 'inscp',
        deductible: { per: 'year', rules: [{ amount: p.outpatientDeductible }] },
        bands: { over: 'settlement', rules: [{ ladder: flat(p.outpatientBp) }] },
        cap: { amount: p.outpatientCap },
      },
    ],
  };
  return {
    admdvs: region.admdvs,
    insutype: '390',
    name: `${region.name}城乡居民基本医疗保险（演示参数）`,
    begndate: '2026-01-01',
    enddate: null,
    offsite: p.offsite,
    benefits: [inpatient, chronic, outpatient],
  };
}
