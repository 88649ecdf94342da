// 2203 门诊就诊信息上传: the visit's category, disease and diagnoses (e.g. 14 门诊慢特病 with its M-code).
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

export const visitInfo: HisTransaction = {
  infno: '2203',
  name: '门诊就诊信息上传',
  needsSignIn: true,
  inputPath: 'input.mdtrtinfo',
  async handle({ request, node, institution }) {
    const path = 'input.mdtrtinfo';
    const mdtrtinfo = inputNode(request, 'mdtrtinfo');
    const medType = inputMedType(mdtrtinfo, path, true);
    if (isInpatientMedType(medType)) throw fieldError(`${path}.med_type`, `${medType}不是门诊医疗类别`);
    const diseinfo = optionalList(request, 'diseinfo');
    await node.treatment.changeVisit(
      institution,
      inputText(mdtrtinfo, path, 'mdtrt_id', true),
      inputText(mdtrtinfo, path, 'psn_no', true),
      {
        med_type: medType,
        begntime: inputDateTime(mdtrtinfo, path, 'begntime'),
        dise_codg: inputText(mdtrtinfo, path, 'dise_codg'),
        er_flag: erFlagOf(mdtrtinfo, path),
        info: { mdtrtinfo, ...(diseinfo.length > 0 ? { diseinfo } : {}) },
      },
    );
    return {};
  },
};
