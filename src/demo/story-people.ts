// The five story people of the demo world as dataset rows (persons, filings, accumulators) and as a public summary.
import type { AccumulatorRow, FilingRow, PersonRow } from '../core/dataset/schema.ts';
import { DEMO_PASSWORD_HASH } from './accounts.ts';
import type { StoryPerson } from './story.ts';

/**
 * Person rows. 老张 and 李秀英 are the persons of shared/spec/examples (laozhang, retiree-over-cap) field for
 * field, plus the card and e-voucher credentials a demo needs to find them and a 参保人服务 password (DEMO_PASSWORD).
 */
export const STORY_PERSON_ROWS: readonly PersonRow[] = [
  {
    psn_no: '13010000000000001234',
    psn_cert_type: '01',
    certno: '130102197003121238',
    psn_name: '张建国',
    gend: '1',
    brdy: '1970-03-12',
    naty: '01',
    insuplc_admdvs: '130100',
    insutype: '310',
    psn_type: '1101',
    psn_insu_stas: '1',
    psn_insu_date: '1992-07-01',
    cvlserv_flag: '0',
    emp_name: '河北某建设公司海南项目部',
    acct_balc: 3200,
    card_sn: '130100D15600000512345678',
    card_no: 'A13010023',
    ectoken: 'db078871984cd3d46c5e524b65eaebf5',
    portal_pwd_hash: DEMO_PASSWORD_HASH,
  },
  {
    psn_no: '13010000000000002001',
    psn_cert_type: '01',
    certno: '130102195208201021',
    psn_name: '李秀英',
    gend: '2',
    brdy: '1952-08-20',
    naty: '01',
    insuplc_admdvs: '130100',
    insutype: '310',
    psn_type: '1201',
    psn_insu_stas: '1',
    psn_insu_date: '1992-07-01',
    cvlserv_flag: '0',
    emp_name: '石家庄某纺织厂（退休）',
    acct_balc: 1200,
    card_sn: '130100D15600000512352001',
    card_no: 'A13010087',
    ectoken: 'a8984d0acbff6cc2845243b2bbf69d4c',
    portal_pwd_hash: DEMO_PASSWORD_HASH,
  },
  {
    psn_no: '62010000000000000318',
    psn_cert_type: '01',
    certno: '620102196809150312',
    psn_name: '马国强',
    gend: '1',
    brdy: '1968-09-15',
    naty: '01',
    insuplc_admdvs: '620100',
    insutype: '310',
    psn_type: '1101',
    psn_insu_stas: '1',
    psn_insu_date: '1990-09-01',
    cvlserv_flag: '0',
    emp_name: '兰州某石化机械有限公司',
    acct_balc: 2150,
    card_sn: '620100D15600000620031805',
    card_no: 'G62010315',
    ectoken: 'f740eef787c2bb2631a363c8b5416462',
    portal_pwd_hash: DEMO_PASSWORD_HASH,
    chronic: [{ opsp_dise_code: 'M03600', begndate: '2025-11-20', enddate: null }],
  },
  {
    psn_no: '51010000000000000462',
    psn_cert_type: '01',
    certno: '510104198506180465',
    psn_name: '刘晓燕',
    gend: '2',
    brdy: '1985-06-18',
    naty: '01',
    insuplc_admdvs: '510100',
    insutype: '310',
    psn_type: '1101',
    psn_insu_stas: '1',
    psn_insu_date: '2008-07-01',
    cvlserv_flag: '0',
    emp_name: '成都某软件科技有限公司',
    acct_balc: 1860.5,
    card_sn: '510100D15600000510044621',
    card_no: 'S51010446',
    ectoken: 'e06f8e24585157297180837369baed12',
    portal_pwd_hash: DEMO_PASSWORD_HASH,
  },
  {
    psn_no: '41160000000000000537',
    psn_cert_type: '01',
    certno: '411625196011020539',
    psn_name: '李满仓',
    gend: '1',
    brdy: '1960-11-02',
    naty: '01',
    insuplc_admdvs: '411600',
    insutype: '390',
    psn_type: '1501',
    psn_insu_stas: '1',
    psn_insu_date: '2007-01-01',
    cvlserv_flag: '0',
    acct_balc: 0,
    card_sn: '411600D15600000411053972',
    card_no: 'H41160052',
    ectoken: 'fb08f315b9edfa8dbde66be194e0700c',
    portal_pwd_hash: DEMO_PASSWORD_HASH,
    chronic: [{ opsp_dise_code: 'M03900', begndate: '2024-05-01', enddate: null }],
  },
];

export const STORY_FILINGS: readonly FilingRow[] = [
  // laozhang.case.json: posted to work in 海南.
  {
    trt_dcla_detl_sn: 'F130100202601050001',
    psn_no: '13010000000000001234',
    insutype: '310',
    dcla_type: '13',
    mdtrtarea_admdvs: '460000',
    begndate: '2026-01-05',
    enddate: null,
    dcla_souc: 'app',
    commitment: true,
    status: 'approved',
  },
  // retiree-over-cap.case.json: resettled in 海南 after retirement.
  {
    trt_dcla_detl_sn: 'F130100202602010007',
    psn_no: '13010000000000002001',
    insutype: '310',
    dcla_type: '11',
    mdtrtarea_admdvs: '460000',
    begndate: '2026-02-01',
    enddate: null,
    dcla_souc: 'app',
    commitment: true,
    status: 'approved',
  },
  // Referred by a 兰州 hospital to 上海 for seven months.
  {
    trt_dcla_detl_sn: 'F620100202603020003',
    psn_no: '62010000000000000318',
    insutype: '310',
    dcla_type: '21',
    mdtrtarea_admdvs: '310000',
    begndate: '2026-03-02',
    enddate: '2026-09-30',
    dcla_souc: 'hospital',
    commitment: false,
    status: 'approved',
  },
  // Lives with his children in 深圳 (a prefecture-level filing).
  {
    trt_dcla_detl_sn: 'F411600202602100002',
    psn_no: '41160000000000000537',
    insutype: '390',
    dcla_type: '12',
    mdtrtarea_admdvs: '440300',
    begndate: '2026-02-10',
    enddate: null,
    dcla_souc: 'app',
    commitment: true,
    status: 'approved',
  },
];

export const STORY_ACCUMULATORS: readonly AccumulatorRow[] = [
  // retiree-over-cap.case.json: two stays already this year, the pooling cap almost used up.
  {
    psn_no: '13010000000000002001',
    insutype: '310',
    year: 2026,
    admissions: 2,
    counters: { 'pool.paid': 186500, 'pool.eligible': 196000 },
  },
  // Two stays at home (in-scope 16,000 at a level-2 and 30,000 at a level-3 hospital): 14,750 of the
  // 15,000 大病 deductible is used, so the next large bill crosses it. See docs/demo-world.md.
  {
    psn_no: '41160000000000000537',
    insutype: '390',
    year: 2026,
    admissions: 2,
    counters: {
      'pool.paid': 31250,
      'pool.eligible': 44500,
      'hifmi.dedc': 14750,
      'hifmi.eligible': 0,
      'hifmi.paid': 0,
    },
  },
];

const credentials = (row: PersonRow) => ({
  psn_no: row.psn_no,
  certno: row.certno,
  name: row.psn_name,
  insuplc_admdvs: row.insuplc_admdvs,
  insutype: row.insutype,
  ectoken: row.ectoken!,
  card_no: row.card_no!,
  card_sn: row.card_sn!,
});

const DESCRIPTIONS: readonly string[] = [
  '老张：石家庄职工，常驻海南工作（备案13），在海口市第一人民医院住院25,000.00元，统筹支付17,500.00元、个人7,500.00元',
  '李秀英：石家庄退休职工，异地安置退休到海南（备案11），统筹基金已近封顶，再住院由大额医疗补助接着支付',
  '马国强：兰州职工，经兰州医院转诊到上海（临时备案21，2026-03-02至2026-09-30），支付比例按转诊下调',
  '刘晓燕：成都职工，在杭州出差时急诊抢救，未办理任何备案，急诊视同已备案',
  '李满仓：周口城乡居民，随子女长期居住深圳（备案12），大病保险起付线15,000.00元已累计14,750.00元，再一次大额住院即进入大病保险',
];

/** The story people, in the order of docs/demo-world.md. */
export const STORY_PEOPLE: readonly StoryPerson[] = STORY_PERSON_ROWS.map((row, i) => ({
  ...credentials(row),
  description: DESCRIPTIONS[i]!,
}));
