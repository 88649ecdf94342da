// Reading 2301/2204 feedetail[]: the engine reads the amounts exactly; problems are named by path, in Chinese.
import { readFeeLines } from '../../core/engine/fee-lines.ts';
import type { FeeLine } from '../../core/engine/model.ts';
import { feeLineReason } from '../../node/refusal.ts';
import { fieldError, type HisRequest } from './envelope.ts';
import { inputList, inputText } from './transaction.ts';

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
