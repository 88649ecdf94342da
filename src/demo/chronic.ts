// The outpatient chronic and special diseases (门诊慢特病) of the demo world, in the national `M` + 5 digits shape.

/**
 * Demo list of 门诊慢特病. M03900 高血压 and M01600 糖尿病 are codes seen in real data; the others follow
 * the same shape for the diseases the national cross-province list names, and are demo codes only.
 */
export const CHRONIC_DISEASES: readonly { readonly code: string; readonly name: string }[] = [
  { code: 'M03900', name: '高血压' },
  { code: 'M01600', name: '糖尿病' },
  { code: 'M00500', name: '恶性肿瘤门诊放化疗' },
  { code: 'M07800', name: '尿毒症透析' },
  { code: 'M08300', name: '器官移植术后抗排异治疗' },
  { code: 'M04600', name: '慢性阻塞性肺疾病' },
  { code: 'M03600', name: '冠心病' },
  { code: 'M06400', name: '类风湿关节炎' },
];

export const CHRONIC_CODES: readonly string[] = CHRONIC_DISEASES.map((d) => d.code);
