// Names of the outpatient chronic and special diseases (门诊慢特病) by `opsp_dise_code`, for people reading their records.

/**
 * The five national cross-province pilot diseases (2021) and the candidates of the 2024–2025 extension
 * (../shared/reference/policy.md §3.2). M03900 高血压 and M01600 糖尿病 are codes seen in real data; the other
 * codes are the demo world's (src/demo/chronic.ts), since the national list 1309 is not in our reference. A person
 * record's qualification carries only the code, so this is where its name comes from; a hospital's 2503 filing
 * brings its own name, which wins.
 */
export const OPSP_DISE = {
  M03900: '高血压',
  M01600: '糖尿病',
  M00500: '恶性肿瘤门诊放化疗',
  M07800: '尿毒症透析',
  M08300: '器官移植术后抗排异治疗',
  M04600: '慢性阻塞性肺疾病',
  M03600: '冠心病',
  M06400: '类风湿关节炎',
} as const;
export type OpspDiseCode = keyof typeof OPSP_DISE;

/** The disease's name, or undefined for a code this list does not know (shown as its code). */
export function chronicDiseaseName(code: string): string | undefined {
  return Object.hasOwn(OPSP_DISE, code) ? OPSP_DISE[code as OpspDiseCode] : undefined;
}
