import { isPoolingRegion, provinceOf, regionOf } from '../../core/regions.ts';
import type { FilingCreateReply, ReferralFilingRequest } from '../../node/insured-messages.ts';
import { fieldError } from './envelope.ts';
import { askInsuredPlace, filingParty, inputPeriod, restOf } from './filing-input.ts';
import { type HisTransaction, inputDate, inputFlag, inputNode, inputText } from './transaction.ts';

const PATH = 'input.refmedin';
const READ = new Set(['psn_no', 'insutype', 'mdtrtarea_admdvs', 'begndate', 'enddate']);

export const referralFiling: HisTransaction = {
  infno: '2501',
  name: '转院备案',
  needsSignIn: true,
  inputPath: PATH,
  async handle(context) {
    const node = inputNode(context.request, 'refmedin');
    const party = filingParty(context, node, PATH);
    inputText(node, PATH, 'diag_code', true);
    inputText(node, PATH, 'diag_name', true);
    const target = targetPlace(node, party.insuplc_admdvs);
    if (inputFlag(node, PATH, 'hosp_agre_refl_flag', '1') !== '1')
      throw fieldError(`${PATH}.hosp_agre_refl_flag`, '医院不同意转院（0），不能办理转院备案');
    inputFlag(node, PATH, 'refl_used_flag', '0');
    inputDate(node, PATH, 'refl_date');
    const period = inputPeriod(node, PATH, true);
    const reply = await askInsuredPlace<ReferralFilingRequest, FilingCreateReply>(context, 'filing.create', {
      kind: 'referral',
      ...party,
      mdtrtarea_admdvs: target,
      ...period,
      info: restOf(node, READ),
    });
    return { result: { trt_dcla_detl_sn: reply.trt_dcla_detl_sn } };
  },
};

/** 转往地区: a province or a pooling region of another province than the insured place. */
function targetPlace(node: Record<string, unknown>, insuplcAdmdvs: string): string {
  const target = inputText(node, PATH, 'mdtrtarea_admdvs', true);
  const field = `${PATH}.mdtrtarea_admdvs`;
  if (!/^\d{6}$/.test(target)) throw fieldError(field, '应为6位医保区划代码');
  const region = regionOf(target);
  if (!region) throw fieldError(field, `${target}不是有效的医保区划代码`);
  if (region.level !== 'province' && !isPoolingRegion(target))
    throw fieldError(field, `${target}${region.name}不是省级或统筹地区（地市级）区划，请填写省或地市代码`);
  if (provinceOf(target) === provinceOf(insuplcAdmdvs))
    throw fieldError(field, `转往地区${target}与参保地${insuplcAdmdvs}同省，不属于跨省异地转诊`);
  return target;
}
