// 2301 住院费用明细上传: each line split with the catalogue version valid on its day (就医地目录); result[] per line.
import { feeUploadTransaction } from './fee-input.ts';

export const inpatientFees = feeUploadTransaction('2301', '住院费用明细上传', true);
