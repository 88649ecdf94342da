// 2204 门诊费用明细信息上传: lines of one charge batch (chrg_bchno), split with this province's catalogue.
import { feeUploadTransaction } from './fee-input.ts';

export const outpatientFees = feeUploadTransaction('2204', '门诊费用明细信息上传', false);
