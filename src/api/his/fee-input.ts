// Reading 2301/2204 feedetail[]: the engine reads the amounts exactly; problems are named by path, in Chinese.
import { readFeeLines } from '../../core/engine/fee-lines.ts';
import type { FeeLine } from '../../core/engine/model.ts';
import { feeLineReason } from '../../node/refusal.ts';
import { type HisRequest, inputError } from './envelope.ts';
import { type HisTransaction, inputList, inputText } from './transaction.ts';

export interface FeeUpload {
  readonly line: FeeLine;
  readonly mdtrt_id: string;
  readonly chrg_bchno: string | null;
}

/**
 * The most lines one 2301/2204 may carry: a bill longer than this is sent in several uploads (each line is split
 * and stored in the message's one transaction, so an unbounded upload would hold the node's database).
 */
export const MAX_FEE_LINES_PER_UPLOAD = 1_000;

/** The upload's lines; the first problem found is refused with its path (`input.feedetail[3].pric：小数位超过6位`). */
export function feeUpload(request: HisRequest, outpatient: boolean): FeeUpload[] {
  const rows = inputList(request, 'feedetail');
  if (rows.length > MAX_FEE_LINES_PER_UPLOAD)
    throw inputError(
      'input.feedetail',
      `每次上传不超过${MAX_FEE_LINES_PER_UPLOAD}条（本次${rows.length}条），请分批上传`,
    );
  const { lines, problems } = readFeeLines(rows, 'feedetail');
  const [first] = problems;
  if (first) throw inputError(`input.${first.path}`, feeLineReason(first.message));
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
