// National dictionaries (码表): code → Chinese label tables, plus the project's filing dictionaries.
//
// Source: shared/reference/national-interface.md §5 and shared/spec/dataset.md. These are the
// national base tables only. Provinces add 4- and 6-digit local codes under the national parents,
// so a code on the wire is an opaque string: an unknown code is not an error, it is just unlabelled
// here. The derived code types (`Insutype`, `MedType`, …) describe the base tables, not every wire value.

/** 险种类型. */
export const INSUTYPE = {
  '310': '职工基本医疗保险',
  '320': '公务员医疗补助',
  '330': '大额医疗费用补助',
  '340': '离休人员医疗保障',
  '350': '一至六级残废军人医疗补助',
  '360': '老红军医疗保障',
  '370': '企业补充医疗保险',
  '380': '新型农村合作医疗',
  '390': '城乡居民基本医疗保险',
  '391': '城镇居民基本医疗保险',
  '392': '城乡居民大病医疗保险',
  '399': '其他特殊人员医疗保障',
  '410': '长期照护保险',
  '510': '生育保险',
} as const;
export type Insutype = keyof typeof INSUTYPE;

/** 医疗类别, national 2-digit base. Local extensions (2101, 140104, 9921, …) are not listed. */
export const MED_TYPE = {
  '11': '普通门诊',
  '12': '门诊挂号',
  '13': '急诊',
  '14': '门诊慢特病',
  '15': '特药',
  '16': '中医特色门诊',
  '19': '意外伤害门诊', // only one source lists 19
  '21': '普通住院',
  '22': '外伤住院',
  '23': '转外诊治住院',
  '24': '急诊转住院',
  '25': '异地住院',
  '26': '单病种住院',
  '27': '自主就医',
  '28': '日间手术',
  '29': '起付线治疗',
  '41': '定点药店购药',
  '51': '生育门诊',
  '52': '生育住院',
  '53': '计划生育手术费',
  '61': '照护保险',
  '81': '意外伤害门诊', // seen only in one Jilin list; may be local rather than national
} as const;
export type MedType = keyof typeof MED_TYPE;

/** 人员类别: 2-digit parents and the 4-digit national codes (one repo; x60 codes are local slots). */
export const PSN_TYPE = {
  '11': '在职',
  '12': '退休',
  '13': '离休',
  '14': '居民(未成年)',
  '15': '居民(成年)',
  '16': '居民(老年)',
  '1101': '职工在职',
  '1102': '公务员在职',
  '1103': '灵活就业人员在职',
  '1160': '地方扩展',
  '1201': '职工退休',
  '1202': '公务员退休',
  '1203': '灵活就业人员退休',
  '1260': '地方扩展',
  '1300': '离休人员',
  '1360': '地方扩展',
  '1401': '新生儿',
  '1402': '学龄前儿童',
  '1403': '中小学生',
  '1404': '大学生',
  '1405': '未成年(未入学)',
  '1460': '地方扩展',
  '1501': '普通居民(成年)',
  '1560': '地方扩展',
} as const;
export type PsnType = keyof typeof PSN_TYPE;

/** 就诊凭证类型. */
export const MDTRT_CERT_TYPE = {
  '01': '医保电子凭证',
  '02': '居民身份证',
  '03': '社会保障卡',
} as const;
export type MdtrtCertType = keyof typeof MDTRT_CERT_TYPE;

/** 人员证件类型. */
export const PSN_CERT_TYPE = {
  '01': '居民身份证(户口簿)',
  '02': '军官证',
  '03': '武警警官证',
  '04': '香港特区护照/港澳通行证',
  '05': '澳门特区护照/港澳通行证',
  '06': '台湾居民来往大陆通行证',
  '07': '外国人永久居留证',
  '08': '外国人护照',
  '09': '残疾人证',
  '10': '军烈属证明',
  '11': '外国人就业证',
  '12': '外国专家证',
  '13': '外国人常驻记者证',
  '14': '台港澳人员就业证',
  '15': '回国(来华)定居专家证',
  '16': '中国护照',
  '17': '港澳台居民居住证',
  '90': '社会保障卡',
  '91': '保密人员证件', // only one source lists 91
  '99': '其他',
} as const;
export type PsnCertType = keyof typeof PSN_CERT_TYPE;

/** 收费项目等级, in the 2-digit form real platform responses use. See `normalizeChrgitmLv`. */
export const CHRGITM_LV = {
  '01': '甲类',
  '02': '乙类',
  '03': '丙类/自费',
} as const;
export type ChrgitmLv = keyof typeof CHRGITM_LV;

/**
 * Maps either form of 收费项目等级 to the 2-digit code: `1`→`01`, `2`→`02`, `3`→`03`, and `01`–`03`
 * unchanged (one 2025 HIS sends the 1-digit form). Anything else gives undefined.
 */
export function normalizeChrgitmLv(value: string | number): ChrgitmLv | undefined {
  const text = String(value).trim();
  const padded = text.length === 1 ? `0${text}` : text;
  return isCode(CHRGITM_LV, padded) ? padded : undefined;
}

/** 医疗收费项目类别. */
export const MED_CHRGITM_TYPE = {
  '01': '床位费',
  '02': '诊察费',
  '03': '检查费',
  '04': '化验费',
  '05': '治疗费',
  '06': '手术费',
  '07': '护理费',
  '08': '卫生材料费',
  '09': '西药费',
  '10': '中药饮片费',
  '11': '中成药费',
  '12': '一般诊疗费',
  '13': '挂号费',
  '14': '其他费',
} as const;
export type MedChrgitmType = keyof typeof MED_CHRGITM_TYPE;

/** 目录类别. */
export const LIST_TYPE = {
  '101': '西药中成药',
  '102': '中药饮片',
  '103': '自制剂',
  '104': '民族药',
  '201': '医疗服务项目',
  '301': '医用耗材',
} as const;
export type ListType = keyof typeof LIST_TYPE;

/**
 * 基金支付类型, national list. Local sub-codes (first 4 digits = parent fund, last 2 = variant,
 * e.g. 310201, 610102) are not listed.
 */
export const FUND_PAY_TYPE = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工基本医疗保险个人账户基金', // observed in real samples
  '320100': '公务员医疗补助基金',
  '330100': '大额医疗费用补助基金',
  '340100': '离休人员医疗保障基金',
  '350100': '一至六级残疾军人医疗补助基金',
  '370100': '企业补充医疗保险基金',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险基金',
  '510100': '生育基金',
  '610100': '医疗救助基金',
  '999996': '医院垫付/医院负担', // observed; not counted in fund_pay_sumamt in some regions
  '999997': '其他基金', // observed
} as const;
export type FundPayType = keyof typeof FUND_PAY_TYPE;

/** 清算类别, national base. Local 异地 codes (9902…, 9909…) are not listed. */
export const CLR_TYPE = {
  '11': '门诊',
  '21': '住院',
  '41': '药店购药',
  '99': '其他',
} as const;
export type ClrType = keyof typeof CLR_TYPE;

/** 支付地点类别 (`pay_loc` / `clr_pay_loc`); 4 tags cross-province settlements. */
export const PAY_LOC = {
  '1': '中心',
  '2': '医疗机构',
  '3': '省内异地',
  '4': '跨省异地',
  '5': '互联网医院',
} as const;
export type PayLoc = keyof typeof PAY_LOC;

/** 离院方式. */
export const DSCG_WAY = {
  '1': '医嘱离院',
  '2': '医嘱转院',
  '3': '医嘱转社区卫生服务机构',
  '4': '非医嘱离院',
  '5': '死亡',
  '9': '其他',
} as const;
export type DscgWay = keyof typeof DSCG_WAY;

/** 性别. */
export const GEND = {
  '0': '未知的性别', // from GB/T 2261.1, not observed on the platform
  '1': '男',
  '2': '女',
  '9': '未说明的性别', // from GB/T 2261.1, not observed on the platform
} as const;
export type Gend = keyof typeof GEND;

/** 人员参保状态 (insurance-side code, one secondary source; unverified against the spec). */
export const PSN_INSU_STAS = {
  '0': '未参保',
  '1': '正常参保',
  '2': '暂停参保',
  '3': '无效参保',
  '4': '终止参保',
} as const;
export type PsnInsuStas = keyof typeof PSN_INSU_STAS;

/** 医院等级, as used by the project dataset (national 1901 may carry finer grades such as 甲/乙). */
export const HOSP_LV = {
  '0': '未定级',
  '1': '一级',
  '2': '二级',
  '3': '三级',
} as const;
export type HospLv = keyof typeof HOSP_LV;

/** 定点医药机构类型, as used by the project dataset. */
export const FIXMEDINS_TYPE = {
  '1': '医疗机构',
  '2': '零售药店',
} as const;
export type FixmedinsType = keyof typeof FIXMEDINS_TYPE;

/** 医院审批标志. */
export const HOSP_APPR_FLAG = {
  '0': '无须审批',
  '1': '审批通过',
  '2': '审批不通过',
} as const;
export type HospApprFlag = keyof typeof HOSP_APPR_FLAG;

/** 限制使用标志. Labels follow the usual national 0 否 / 1 是 flag wording (values confirmed, labels not). */
export const LMT_USED_FLAG = {
  '0': '否',
  '1': '是',
} as const;
export type LmtUsedFlag = keyof typeof LMT_USED_FLAG;

/** 备案类别 — project dictionary (the national field for the filing type is unconfirmed). */
export const DCLA_TYPE = {
  '11': '异地安置退休',
  '12': '异地长期居住',
  '13': '常驻异地工作',
  '21': '异地转诊',
  '22': '急诊抢救',
  '23': '其他临时外出',
} as const;
export type DclaType = keyof typeof DCLA_TYPE;

/** True for long-term filings (跨省异地长期居住: 11, 12, 13); 21–23 are temporary (临时外出就医). */
export function isLongTermFiling(dcla_type: string): boolean {
  return dcla_type === '11' || dcla_type === '12' || dcla_type === '13';
}

/** Filing status (project field `status` of filings). Not a national dictionary, so not in `DICTIONARIES`. */
export const FILING_STATUS = {
  submitted: '已提交/待审核',
  approved: '已备案',
  rejected: '未通过',
  cancelled: '已撤销',
} as const;
export type FilingStatus = keyof typeof FILING_STATUS;

/** All code dictionaries by national field name (backs 1901 字典表查询). */
export const DICTIONARIES = {
  insutype: INSUTYPE,
  med_type: MED_TYPE,
  psn_type: PSN_TYPE,
  mdtrt_cert_type: MDTRT_CERT_TYPE,
  psn_cert_type: PSN_CERT_TYPE,
  chrgitm_lv: CHRGITM_LV,
  med_chrgitm_type: MED_CHRGITM_TYPE,
  list_type: LIST_TYPE,
  fund_pay_type: FUND_PAY_TYPE,
  clr_type: CLR_TYPE,
  pay_loc: PAY_LOC,
  dscg_way: DSCG_WAY,
  gend: GEND,
  psn_insu_stas: PSN_INSU_STAS,
  hosp_lv: HOSP_LV,
  fixmedins_type: FIXMEDINS_TYPE,
  hosp_appr_flag: HOSP_APPR_FLAG,
  lmt_used_flag: LMT_USED_FLAG,
  dcla_type: DCLA_TYPE,
} as const;
export type DictionaryName = keyof typeof DICTIONARIES;

/** True when `value` is a code of `dict` (own keys only, so `toString` and the like are not codes). */
export function isCode<D extends object>(dict: D, value: unknown): value is keyof D & string {
  return typeof value === 'string' && Object.hasOwn(dict, value);
}

/** Chinese label of `code` in the named dictionary; undefined for an unknown name or a code not in the base table. */
export function labelOf(dictName: string, code: string): string | undefined {
  if (!isCode(DICTIONARIES, dictName)) return undefined;
  const dict: Readonly<Record<string, string>> = DICTIONARIES[dictName];
  return Object.hasOwn(dict, code) ? dict[code] : undefined;
}

/** Inpatient 医疗类别: any code starting with 2 (national or local, e.g. 2101), plus 52 生育住院. */
export function isInpatientMedType(med_type: string): boolean {
  return med_type.startsWith('2') || med_type === '52';
}

/** Emergency 医疗类别: 13 急诊 or 24 急诊转住院. */
export function isEmergencyMedType(med_type: string): boolean {
  return med_type === '13' || med_type === '24';
}
