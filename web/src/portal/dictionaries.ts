// The codes a person meets in this area, with the words the national mini-program uses for them.
import type { FilingStatus } from './api-types.ts';

export interface FilingCategory {
  readonly code: '11' | '12' | '13' | '21' | '22' | '23';
  readonly name: string;
  readonly longTerm: boolean;
  /** One sentence on who files this way, shown beside the choice. */
  readonly explanation: string;
}

/** 备案类别: three long-term (长期居住, valid until cancelled) and three temporary (临时外出就医). */
export const FILING_CATEGORIES: readonly FilingCategory[] = [
  {
    code: '11',
    name: '异地安置退休',
    longTerm: true,
    explanation: '退休后在异地定居，且户籍迁入或长期居住在安置地的人员。',
  },
  {
    code: '12',
    name: '异地长期居住',
    longTerm: true,
    explanation: '在异地居住生活，且符合参保地规定（如持有居住证）的人员。',
  },
  {
    code: '13',
    name: '常驻异地工作',
    longTerm: true,
    explanation: '用人单位派驻或本人在异地长期工作，且符合参保地规定的人员。',
  },
  {
    code: '21',
    name: '异地转诊',
    longTerm: false,
    explanation: '符合参保地转诊规定，由参保地定点医疗机构转往异地就医的人员，须上传转诊证明。',
  },
  {
    code: '22',
    name: '急诊抢救',
    longTerm: false,
    explanation: '在异地因急诊抢救就医的人员；急诊抢救视同已备案，也可在此备案。',
  },
  {
    code: '23',
    name: '其他临时外出',
    longTerm: false,
    explanation: '因出差、旅游、探亲等临时外出，在异地就医的人员。',
  },
];

export const categoryOf = (code: string): FilingCategory | undefined =>
  FILING_CATEGORIES.find((c) => c.code === code);

export const FILING_STATUS_NAMES: Readonly<Record<FilingStatus, string>> = {
  submitted: '已提交/待审核',
  approved: '已备案',
  rejected: '未通过',
  cancelled: '已撤销',
  expired: '已过期',
};

/** Tag colours: green stands, blue waits, red refused, grey ended. */
export const FILING_STATUS_COLORS: Readonly<Record<FilingStatus, string>> = {
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
  expired: 'default',
};

/** History entries add `changed` (变更) to the statuses. */
export const HISTORY_STATUS_NAMES: Readonly<Record<string, string>> = {
  ...FILING_STATUS_NAMES,
  submitted: '提交申请',
  approved: '备案通过',
  changed: '备案变更',
};

export const INSUTYPE_NAMES: Readonly<Record<string, string>> = {
  '310': '职工基本医疗保险',
  '320': '公务员医疗补助',
  '330': '大额医疗费用补助',
  '340': '离休人员医疗保障',
  '390': '城乡居民基本医疗保险',
  '391': '城镇居民基本医疗保险',
  '392': '城乡居民大病医疗保险',
};

export const insutypeName = (code: string): string => INSUTYPE_NAMES[code] ?? `险种${code}`;

export const HOSPITAL_LEVELS: Readonly<Record<string, string>> = {
  '3': '三级',
  '2': '二级',
  '1': '一级',
  '0': '未定级',
};

/** 门诊慢特病 names by code: the national pilot diseases and the demo world's codes. */
export const CHRONIC_DISEASES: Readonly<Record<string, string>> = {
  M03900: '高血压',
  M01600: '糖尿病',
  M00500: '恶性肿瘤门诊放化疗',
  M07800: '尿毒症透析',
  M08300: '器官移植术后抗排异治疗',
  M04600: '慢性阻塞性肺疾病',
  M03600: '冠心病',
  M06400: '类风湿关节炎',
};

export const diseaseName = (code: string): string => CHRONIC_DISEASES[code] ?? code;

/** 查定点 services, as the public query's `service` parameter names them. */
export const SERVICES = [
  { value: 'inpatient', label: '住院' },
  { value: 'outpatient', label: '普通门诊' },
  { value: 'chronic', label: '门诊慢特病' },
  { value: 'pharmacy', label: '定点零售药店' },
] as const;
