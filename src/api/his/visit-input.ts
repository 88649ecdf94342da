// Reading a visit from 2401 mdtrtinfo / 2201 data / 2403 adminfo: the fields the platform acts on, the rest kept.
import { INSUTYPE, isInpatientMedType } from '../../core/dictionaries.ts';
import type { AdmitCommand } from '../../node/treatment-service.ts';
import { inputError } from './envelope.ts';
import {
  erFlagOf,
  type HisContext,
  type HisTransaction,
  inputCode,
  inputDateTime,
  inputMedType,
  inputNode,
  inputText,
  optionalList,
} from './transaction.ts';

/** The envelope must name the insured place for a person-related call (the hub routes on it). */
export function insuredPlaceOf(context: HisContext): string {
  const place = context.request.insuplc_admdvs;
  if (!place) throw inputError('insuplc_admdvs', '必填：参保地医保区划，取1101返回的insuinfo.insuplc_admdvs');
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
    throw inputError(
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

/** 2404 and 2202: cancel a visit that has no fee lines (withdraw them first with 2302 / 2205). */
export function visitCancelTransaction(infno: string, name: string): HisTransaction {
  return {
    infno,
    name,
    needsSignIn: true,
    async handle({ request, node, institution }) {
      const data = inputNode(request, 'data');
      await node.treatment.cancelVisit(
        institution,
        inputText(data, 'input.data', 'mdtrt_id', true),
        inputText(data, 'input.data', 'psn_no', true),
      );
      return {};
    },
  };
}

/**
 * 2403 and 2203: correct a visit while nothing of it is settled. A new category or day is judged again against
 * the filing. 2203 must name the category; 2403 may keep it.
 */
export function visitChangeTransaction(
  infno: string,
  name: string,
  node: 'adminfo' | 'mdtrtinfo',
  inpatient: boolean,
): HisTransaction {
  const path = `input.${node}`;
  return {
    infno,
    name,
    needsSignIn: true,
    inputPath: path,
    async handle({ request, node: provincial, institution }) {
      const info = inputNode(request, node);
      const medType = inputMedType(info, path, !inpatient);
      if (medType !== undefined && isInpatientMedType(medType) !== inpatient)
        throw inputError(`${path}.med_type`, `${medType}不是${inpatient ? '住院' : '门诊'}医疗类别`);
      const diseinfo = optionalList(request, 'diseinfo');
      await provincial.treatment.changeVisit(
        institution,
        inputText(info, path, 'mdtrt_id', true),
        inputText(info, path, 'psn_no', true),
        {
          med_type: medType,
          begntime: inputDateTime(info, path, 'begntime'),
          dise_codg: inputText(info, path, 'dise_codg'),
          er_flag: erFlagOf(info, path),
          info: { [node]: info, ...(diseinfo.length > 0 ? { diseinfo } : {}) },
        },
      );
      return {};
    },
  };
}
