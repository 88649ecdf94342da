// The rules of a filing application (网上备案 / 窗口备案) and of its later change or cancel, as pure functions.
import { isLongTermFiling } from '../dictionaries.ts';
import { isPoolingRegion, provinceOf, regionOf } from '../regions.ts';
import { addDays, addMonths } from '../time.ts';
import type { FilingSettings } from './settings.ts';

/** A broken rule: a stable code, the request field it is about (JSON path, as the client sent it) and a clerk's reason. */
export class FilingRuleError extends Error {
  constructor(
    readonly code:
      | 'filing-place'
      | 'filing-period'
      | 'filing-notice'
      | 'filing-proof'
      | 'filing-duplicate'
      | 'filing-waiting'
      | 'filing-state'
      | 'filing-insutype',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FilingRuleError';
  }
}

export interface Contact {
  readonly name: string;
  readonly tel: string;
  readonly addr: string | null;
}

/** Proof of the reason for filing: uploaded materials, or a signed 个人承诺书 in their place. */
export type Proof =
  | { readonly kind: 'materials'; readonly material_ids: readonly string[] }
  | {
      readonly kind: 'commitment';
      readonly text_version: string;
      /** The applicant's name typed as a signature. */
      readonly signed_name: string;
    };

export interface ApplicationInput {
  readonly insutype: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  /** Absent: the rule's default (long-term none, temporary the region's validity). */
  readonly enddate?: string | null;
  readonly contact: Contact;
  readonly notice_version: string;
  readonly proof: Proof | null;
}

export interface Applicant {
  readonly psn_name: string;
  readonly insuplc_admdvs: string;
  /** The insurance types the person holds. */
  readonly insutypes: readonly string[];
}

/** Who files: the person online, or an agency clerk at the counter who has checked the materials in hand. */
export type Channel = 'portal' | 'counter';

export interface AcceptedApplication {
  readonly enddate: string | null;
  readonly status: 'approved' | 'submitted';
}

/**
 * Checks an application against the rules (policy.md §1) and decides whether it is approved at once or waits for
 * review. Throws FilingRuleError naming the field. Duplicates are checked by the caller, under the person's lock.
 */
export function acceptApplication(
  input: ApplicationInput,
  applicant: Applicant,
  settings: FilingSettings,
  today: string,
  channel: Channel,
): AcceptedApplication {
  if (!applicant.insutypes.includes(input.insutype))
    throw new FilingRuleError(
      'filing-insutype',
      'insutype',
      `参保人没有险种${input.insutype}的参保信息（已参保：${applicant.insutypes.join('、')}）`,
    );
  checkPlace(input.mdtrtarea_admdvs, applicant.insuplc_admdvs);
  const longTerm = isLongTermFiling(input.dcla_type);
  const earliest = addDays(today, -settings.backdate_max_days);
  if (input.begndate < earliest)
    throw new FilingRuleError(
      'filing-period',
      'begndate',
      `开始日期最早为${earliest}（补办备案可追溯${settings.backdate_max_days}天）`,
    );
  const enddate = endOf(input, longTerm, settings);
  if (input.notice_version !== settings.notice_version)
    throw new FilingRuleError(
      'filing-notice',
      'notice_version',
      `请阅读并确认现行备案告知书（版本${settings.notice_version}）`,
    );
  checkProof(input, applicant, settings, channel);
  // 个人承诺制: a long-term filing on a commitment is approved at once where the region allows it; a clerk at the
  // counter has the materials in hand. Everything else waits for review.
  const approved =
    channel === 'counter' ||
    (longTerm && input.proof?.kind === 'commitment' && settings.auto_approve_commitment);
  return { enddate, status: approved ? 'approved' : 'submitted' };
}

function checkPlace(place: string, insuplcAdmdvs: string): void {
  const region = regionOf(place);
  if (!region)
    throw new FilingRuleError('filing-place', 'mdtrtarea_admdvs', `${place}不是有效的医保区划代码`);
  if (region.level !== 'province' && !isPoolingRegion(place))
    throw new FilingRuleError(
      'filing-place',
      'mdtrtarea_admdvs',
      `${place}${region.name}不是省或地市（统筹区），就医地请选择省或地市`,
    );
  if (provinceOf(place) === provinceOf(insuplcAdmdvs))
    throw new FilingRuleError(
      'filing-place',
      'mdtrtarea_admdvs',
      `就医地${region.name}与参保地同省，跨省异地就医备案请选择其他省份`,
    );
}

/** Long-term: no end (长期有效). Temporary: the region's validity unless the person asks less and the region allows it. */
function endOf(
  input: Pick<ApplicationInput, 'begndate' | 'enddate'>,
  longTerm: boolean,
  settings: FilingSettings,
): string | null {
  if (longTerm) {
    if (input.enddate != null)
      throw new FilingRuleError('filing-period', 'enddate', '长期居住类备案长期有效，不填写结束日期');
    return null;
  }
  const full = addDays(addMonths(input.begndate, settings.temporary_months), -1);
  if (input.enddate == null) return full;
  if (input.enddate < input.begndate)
    throw new FilingRuleError(
      'filing-period',
      'enddate',
      `结束日期${input.enddate}早于开始日期${input.begndate}`,
    );
  if (input.enddate < full && !settings.temporary_shorter_allowed)
    throw new FilingRuleError(
      'filing-period',
      'enddate',
      `临时外出就医备案有效期不少于${settings.temporary_months}个月，结束日期最早为${full}`,
    );
  return input.enddate;
}

/**
 * Long-term filings need proof of residence, work or resettlement, or a commitment in its place; a referral needs
 * the referring institution's proof; other temporary ones and emergencies need only the form (policy.md §1.3).
 */
function checkProof(
  input: ApplicationInput,
  applicant: Applicant,
  settings: FilingSettings,
  channel: Channel,
): void {
  const proof = input.proof;
  if (proof?.kind === 'commitment') {
    if (input.dcla_type === '21')
      throw new FilingRuleError(
        'filing-proof',
        'proof.kind',
        '异地转诊备案须上传转诊证明材料，不适用个人承诺',
      );
    if (proof.text_version !== settings.commitment_version)
      throw new FilingRuleError(
        'filing-proof',
        'proof.text_version',
        `请签署现行个人承诺书（版本${settings.commitment_version}）`,
      );
    if (proof.signed_name !== applicant.psn_name)
      throw new FilingRuleError('filing-proof', 'proof.signed_name', '签名须与参保人姓名一致');
    return;
  }
  const hasMaterials = proof?.kind === 'materials' && proof.material_ids.length > 0;
  if (hasMaterials || channel === 'counter') return;
  if (isLongTermFiling(input.dcla_type))
    throw new FilingRuleError(
      'filing-proof',
      'proof',
      '长期居住类备案须上传居住、工作或安置证明材料，或签署个人承诺书',
    );
  if (input.dcla_type === '21')
    throw new FilingRuleError('filing-proof', 'proof', '异地转诊备案须上传转诊证明材料');
}

/** A filing as the change and cancel rules read it. */
export interface StandingFiling {
  readonly dcla_type: string;
  readonly status: string;
  /** China date of approval, null if never approved. */
  readonly approved_on: string | null;
}

/**
 * The first day a long-term filing may be changed or cancelled (the region's waiting time after approval, at most six
 * months); null when no wait applies (temporary, not yet approved, or no waiting time).
 */
export function changeAllowedFrom(filing: StandingFiling, settings: FilingSettings): string | null {
  if (!isLongTermFiling(filing.dcla_type) || filing.status !== 'approved' || !filing.approved_on) return null;
  if (settings.change_wait_months === 0) return null;
  return addMonths(filing.approved_on, settings.change_wait_months);
}

/** Refuses a change or cancel of a filing that is not standing, or of a long-term one still in its waiting time. */
export function checkChangeAllowed(
  filing: StandingFiling,
  settings: FilingSettings,
  today: string,
  what: '变更' | '取消',
): void {
  if (filing.status !== 'approved' && filing.status !== 'submitted')
    throw new FilingRuleError('filing-state', 'trt_dcla_detl_sn', `备案状态为${filing.status}，不能${what}`);
  const from = changeAllowedFrom(filing, settings);
  if (from && today < from)
    throw new FilingRuleError(
      'filing-waiting',
      'trt_dcla_detl_sn',
      `长期居住类备案自备案之日起${settings.change_wait_months}个月内不能${what}，${from}起可以办理`,
    );
}

/** Status as a person sees it: an approved filing whose end has passed shows as expired (已过期). */
export function shownStatus(status: string, enddate: string | null, today: string): string {
  return status === 'approved' && enddate !== null && enddate < today ? 'expired' : status;
}

/** What a person may change on a standing filing: the place, a temporary filing's end, the contact details. */
export interface ChangeInput {
  readonly mdtrtarea_admdvs?: string;
  readonly enddate?: string | null;
  readonly contact?: Contact;
}

/** The filing after a change, checked by the same rules as an application (the period keeps its beginning). */
export function acceptChange(
  current: {
    readonly dcla_type: string;
    readonly mdtrtarea_admdvs: string;
    readonly begndate: string;
    readonly enddate: string | null;
  },
  change: ChangeInput,
  applicant: Applicant,
  settings: FilingSettings,
): { mdtrtarea_admdvs: string; enddate: string | null } {
  const place = change.mdtrtarea_admdvs ?? current.mdtrtarea_admdvs;
  if (change.mdtrtarea_admdvs !== undefined) checkPlace(place, applicant.insuplc_admdvs);
  const longTerm = isLongTermFiling(current.dcla_type);
  const enddate =
    change.enddate === undefined
      ? current.enddate
      : endOf({ begndate: current.begndate, enddate: change.enddate }, longTerm, settings);
  return { mdtrtarea_admdvs: place, enddate };
}
