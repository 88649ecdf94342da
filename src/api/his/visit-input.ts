// Reading a visit from 2401 mdtrtinfo / 2201 data / 2403 adminfo: the fields the platform acts on, the rest kept.
import { INSUTYPE, isInpatientMedType } from '../../core/dictionaries.ts';
import type { AdmitCommand } from '../../node/treatment-service.ts';
import { fieldError } from './envelope.ts';
import {
  erFlagOf,
  type HisContext,
  inputCode,
  inputDateTime,
  inputMedType,
  inputText,
  optionalList,
} from './transaction.ts';

/** The envelope must name the insured place for a person-related call (the hub routes on it). */
export function insuredPlaceOf(context: HisContext): string {
  const place = context.request.insuplc_admdvs;
  if (!place) throw fieldError('insuplc_admdvs', '必填：参保地医保区划，取1101返回的insuinfo.insuplc_admdvs');
  return place;
}

/** Fields of the node that the platform reads itself; all others are kept with the visit as the HIS sent them. */
const READ = new Set([
  'psn_no',
  'insutype',
  'begntime',
  'med_type',
  'dise_codg',
  'ipt_no',
  'ipt_otp_no',
  'exp_content',
]);

export function admitCommand(
  context: HisContext,
  node: Record<string, unknown>,
  path: string,
  inpatient: boolean,
): AdmitCommand {
  const medType = inputMedType(node, path, inpatient) ?? '11';
  if (inpatient !== isInpatientMedType(medType))
    throw fieldError(
      `${path}.med_type`,
      inpatient ? `${medType}不是住院医疗类别` : `${medType}不是门诊医疗类别`,
    );
  const info: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!READ.has(key)) info[key] = value;
  const diseinfo = optionalList(context.request, 'diseinfo');
  if (diseinfo.length > 0) info.diseinfo = diseinfo;
  return {
    institution: context.institution,
    msgid: context.request.msgid,
    inpatient,
    psn_no: inputText(node, path, 'psn_no', true),
    insutype: inputCode(node, path, 'insutype', INSUTYPE, true),
    insuplc_admdvs: insuredPlaceOf(context),
    med_type: medType,
    begntime: inputDateTime(node, path, 'begntime', true),
    dise_codg: inputText(node, path, 'dise_codg') ?? null,
    ipt_otp_no: inputText(node, path, inpatient ? 'ipt_no' : 'ipt_otp_no') ?? null,
    er_flag: erFlagOf(node, path),
    info,
  };
}
