// 2403 住院信息变更: corrects the admission while nothing is settled; a new category or day is judged again.

import { isInpatientMedType } from '../../core/dictionaries.ts';
import { fieldError } from './envelope.ts';
import {
  erFlagOf,
  type HisTransaction,
  inputDateTime,
  inputMedType,
  inputNode,
  inputText,
  optionalList,
} from './transaction.ts';

export const admissionChange: HisTransaction = {
  infno: '2403',
  name: '住院信息变更',
  needsSignIn: true,
  inputPath: 'input.adminfo',
  async handle({ request, node, institution }) {
    const path = 'input.adminfo';
    const adminfo = inputNode(request, 'adminfo');
    const medType = inputMedType(adminfo, path);
    if (medType !== undefined && !isInpatientMedType(medType))
      throw fieldError(`${path}.med_type`, `${medType}不是住院医疗类别`);
    const diseinfo = optionalList(request, 'diseinfo');
    await node.treatment.changeVisit(
      institution,
      inputText(adminfo, path, 'mdtrt_id', true),
      inputText(adminfo, path, 'psn_no', true),
      {
        med_type: medType,
        begntime: inputDateTime(adminfo, path, 'begntime'),
        dise_codg: inputText(adminfo, path, 'dise_codg'),
        er_flag: erFlagOf(adminfo, path),
        info: { adminfo, ...(diseinfo.length > 0 ? { diseinfo } : {}) },
      },
    );
    return {};
  },
};
