// 2203 门诊就诊信息上传: the visit's category, disease and diagnoses (e.g. 14 门诊慢特病 with its M-code).
import { visitChangeTransaction } from './visit-input.ts';

export const visitInfo = visitChangeTransaction('2203', '门诊就诊信息上传', 'mdtrtinfo', false);
