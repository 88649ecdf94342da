// Reading 2301/2204 feedetail[]: the engine reads the amounts exactly; problems are named by path, in Chinese.
import { readFeeLines } from '../../core/engine/fee-lines.ts';
import type { FeeLine } from '../../core/engine/model.ts';
import { feeLineReason } from '../../node/refusal.ts';
import { fieldError, type HisRequest } from './envelope.ts';
import { type HisTransaction, inputList, inputText } from './transaction.ts';

export interface FeeUpload {
  readonly line: FeeLine;
  readonly mdtrt_id: string;
  readonly chrg_bchno: string | null;
}

/** The upload's lines; the first problem found is refused with its path (`input.feedetail[3].pric：小数位超过6位`). */
export function feeUpload(request: HisRequest, outpatient: boolean): FeeUpload[] {
  const rows = inputList(request, 'feedetail');
  const { lines, problems } = readFeeLines(rows, 'feedetail');
  const [first] = problems;
  if (first) throw fieldError(`input.${first.path}`, feeLineReason(first.message));
  return rows.map((row, i) => {
    const path = `input.feedetail[${i}]`;
    const chrgBchno = inputText(row, path, 'chrg_bchno', outpatient) ?? null;
    return { line: lines[i]!, mdtrt_id: inputText(row, path, 'mdtrt_id', true), chrg_bchno: chrgBchno };
  });
}

/** 2301 and 2204 differ only in the visit they accept and in 2204's required charge batch. */
export function feeUploadTransaction(infno: string, name: string, inpatient: boolean): HisTransaction {
  return {
    infno,
    name,
    needsSignIn: true,
    inputPath: 'input',
    async handle({ request, node, institution, now }) {
      const upload = feeUpload(request, !inpatient);
      return { result: await node.treatment.uploadFees(institution, request.msgid, upload, inpatient, now) };
    },
  };
}
