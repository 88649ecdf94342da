// The story people of the demo world: fixed identities, filings, accumulators, hospitals, catalogue rows and policies, present whatever the seed.
import type { CatalogueRow, InstitutionRow, PolicyDoc } from '../core/dataset/schema.ts';

/** What a demo user needs to find a story person: the identifiers and what the person is for. */
export interface StoryPerson {
  readonly psn_no: string;
  readonly certno: string;
  readonly name: string;
  readonly insuplc_admdvs: string;
  readonly insutype: string;
  /** 医保电子凭证 token (mdtrt_cert_type 01). */
  readonly ectoken: string;
  /** 社会保障卡 number (mdtrt_cert_type 03) and its card_sn. */
  readonly card_no: string;
  readonly card_sn: string;
  readonly description: string;
}

/**
 * The 130100-310 policy of shared/spec/examples/laozhang.case.json (also that of retiree-over-cap and
 * outpatient-account), verbatim: the worked examples must settle in the demo world exactly as written.
 */
export const LAOZHANG_POLICY: PolicyDoc = {
  admdvs: '130100',
  insutype: '310',
  name: '石家庄市职工基本医疗保险（演示参数）',
  begndate: '2026-01-01',
  enddate: null,
  offsite: { '21': { minus: 0.1 }, '22': { minus: 0 }, '23': { minus: 0.2 } },
  benefits: [
    {
      name: '住院',
      med_types: ['21', '22', '24', '25'],
      account: { covers: 'psn_part' },
      layers: [
        {
          id: 'pool',
          fund_pay_type: '310100',
          basis: 'inscp',
          deductible: {
            per: 'settlement',
            rules: [
              { when: { hosp_lv: '3', admission_max: 1 }, amount: 1000 },
              { when: { hosp_lv: '3' }, amount: 500 },
              { when: { hosp_lv: '2' }, amount: 500 },
              { amount: 200 },
            ],
          },
          bands: {
            over: 'settlement',
            rules: [
              { when: { psn_type: '12' }, ladder: [{ upto: null, prop: 0.95 }] },
              {
                ladder: [
                  { upto: 10000, prop: 0.85 },
                  { upto: null, prop: 0.9 },
                ],
              },
            ],
          },
          cap: { amount: 200000 },
        },
        {
          id: 'hifob',
          fund_pay_type: '330100',
          basis: 'over_cap',
          of: 'pool',
          bands: { over: 'year', rules: [{ ladder: [{ upto: null, prop: 0.9 }] }] },
          cap: { amount: 500000 },
        },
        {
          id: 'maf',
          fund_pay_type: '610100',
          basis: 'inscp_self',
          when: { idet: ['2301', '2302'] },
          bands: { over: 'settlement', rules: [{ ladder: [{ upto: null, prop: 0.7 }] }] },
          cap: { amount: 50000 },
        },
      ],
    },
    {
      name: '门诊慢特病',
      med_types: ['14'],
      account: { covers: 'psn_part' },
      layers: [
        {
          id: 'pool',
          fund_pay_type: '310100',
          basis: 'inscp',
          deductible: { per: 'year', rules: [{ amount: 0 }] },
          bands: { over: 'settlement', rules: [{ ladder: [{ upto: null, prop: 0.85 }] }] },
          cap: { amount: 200000 },
        },
      ],
    },
    {
      name: '普通门诊',
      med_types: ['11', '13'],
      account: { covers: 'psn_part' },
      layers: [
        {
          id: 'otp',
          fund_pay_type: '310100',
          basis: 'inscp',
          deductible: { per: 'year', rules: [{ amount: 100 }] },
          bands: {
            over: 'settlement',
            rules: [
              { when: { psn_type: '12' }, ladder: [{ upto: null, prop: 0.6 }] },
              { ladder: [{ upto: null, prop: 0.5 }] },
            ],
          },
          cap: { amount: 1500 },
        },
      ],
    },
  ],
};

/**
 * The catalogue rows of the worked examples (laozhang: the first four; retiree-over-cap and
 * outpatient-account: all six). They are in every province's catalogue with these values, so the
 * story bills settle the same wherever they are played.
 */
export const CASE_CATALOGUE_ROWS: readonly CatalogueRow[] = [
  {
    hilist_code: '001102000010000',
    hilist_name: '床位费(三人间)',
    list_type: '201',
    med_chrgitm_type: '01',
    chrgitm_lv: '01',
    selfpay_prop: 0,
    pric_uplmt_amt: 100,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
  },
  {
    hilist_code: '003312000030000',
    hilist_name: '经皮冠状动脉支架置入术',
    list_type: '201',
    med_chrgitm_type: '06',
    chrgitm_lv: '01',
    selfpay_prop: 0,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
  },
  {
    hilist_code: 'XC01EBN123A001010100001',
    hilist_name: '注射用某乙类药',
    list_type: '101',
    med_chrgitm_type: '09',
    chrgitm_lv: '02',
    selfpay_prop: 0.1,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
  },
  {
    hilist_code: 'C03010100100000000000000010',
    hilist_name: '某自费耗材',
    list_type: '301',
    med_chrgitm_type: '08',
    chrgitm_lv: '03',
    selfpay_prop: 1,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
  },
  {
    hilist_code: 'XL01XEE456A002010200002',
    hilist_name: '某靶向药（限制使用）',
    list_type: '101',
    med_chrgitm_type: '09',
    chrgitm_lv: '02',
    selfpay_prop: 0.15,
    lmt_used_flag: '1',
    begndate: '2026-01-01',
    enddate: null,
  },
  {
    hilist_code: '002703000010000',
    hilist_name: 'CT平扫',
    list_type: '201',
    med_chrgitm_type: '03',
    chrgitm_lv: '02',
    selfpay_prop: 0.1,
    pric_uplmt_amt: 280,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
  },
];

/** Hospitals the stories name; the generator adds them to their regions and never reuses their codes or names. */
export const STORY_INSTITUTIONS: readonly InstitutionRow[] = [
  {
    fixmedins_code: 'H46010800012',
    fixmedins_name: '海口市第一人民医院',
    fixmedins_type: '1',
    hosp_lv: '3',
    admdvs: '460108',
    services: {
      inpatient: true,
      outpatient: true,
      chronic: ['M03900', 'M01600', 'M00500', 'M07800', 'M03600'],
    },
    addr: '海南省海口市美兰区人民大道48号',
    tel: '0898-65236001',
  },
  {
    fixmedins_code: 'H31010400021',
    fixmedins_name: '上海市第六人民医院',
    fixmedins_type: '1',
    hosp_lv: '3',
    admdvs: '310104',
    services: {
      inpatient: true,
      outpatient: true,
      chronic: ['M03900', 'M01600', 'M00500', 'M07800', 'M08300'],
    },
    addr: '上海市徐汇区宜山路600号',
    tel: '021-64369181',
  },
  {
    fixmedins_code: 'H33010200005',
    fixmedins_name: '杭州市第一人民医院',
    fixmedins_type: '1',
    hosp_lv: '3',
    admdvs: '330102',
    services: { inpatient: true, outpatient: true, chronic: ['M03900', 'M01600', 'M00500'] },
    addr: '浙江省杭州市上城区浣纱路261号',
    tel: '0571-56006000',
  },
  {
    fixmedins_code: 'H44030300008',
    fixmedins_name: '深圳市人民医院',
    fixmedins_type: '1',
    hosp_lv: '3',
    admdvs: '440303',
    services: { inpatient: true, outpatient: true, chronic: ['M03900', 'M01600', 'M00500', 'M04600'] },
    addr: '广东省深圳市罗湖区东门北路1017号',
    tel: '0755-25533018',
  },
];
