// The 备案申请 wizard's form: its values, the five steps and their fields, and the application body they make.
import type { Dayjs } from 'dayjs';
import type { ApplicationBody, FilingNotice, FilingRules, Material } from '../api-types.ts';
import { categoryOf, type FilingCategory } from '../dictionaries.ts';
import { placeOfPath } from '../places.ts';

export type ProofKind = 'commitment' | 'materials' | 'none';

export interface ApplyValues {
  readonly insutype: string;
  /** Cascader path: [province] or [province, prefecture]. */
  readonly place: string[];
  readonly dcla_type: FilingCategory['code'];
  readonly notice_confirmed: boolean;
  readonly begndate: Dayjs;
  /** Temporary filings only; empty means the region's default validity. */
  readonly enddate?: Dayjs | null;
  readonly contact_name: string;
  readonly contact_tel: string;
  readonly contact_addr?: string;
  readonly proof_kind: ProofKind;
  readonly signed_name?: string;
  readonly materials?: readonly Material[];
}

export const APPLY_STEPS = [
  { title: '选择就医地', short: '就医地', fields: ['insutype', 'place', 'dcla_type'] },
  { title: '阅读告知书', short: '告知书', fields: ['notice_confirmed'] },
  {
    title: '填写信息',
    short: '信息',
    fields: ['begndate', 'enddate', 'contact_name', 'contact_tel', 'contact_addr'],
  },
  { title: '证明材料', short: '证明', fields: ['proof_kind', 'signed_name', 'materials'] },
  { title: '确认提交', short: '提交', fields: [] },
] as const satisfies readonly { title: string; short: string; fields: readonly (keyof ApplyValues)[] }[];

/** The form field a refusal's API field belongs to (`proof.material_ids[1]` → materials). */
export function formFieldOf(apiField: string): keyof ApplyValues | undefined {
  if (apiField === 'mdtrtarea_admdvs') return 'place';
  if (apiField === 'notice_version') return 'notice_confirmed';
  if (apiField.startsWith('contact.')) {
    const part = apiField.slice('contact.'.length);
    return part === 'name' ? 'contact_name' : part === 'tel' ? 'contact_tel' : 'contact_addr';
  }
  if (apiField === 'contact') return 'contact_name';
  if (apiField.startsWith('proof.material_ids')) return 'materials';
  if (apiField === 'proof.signed_name' || apiField === 'proof.text_version') return 'signed_name';
  if (apiField.startsWith('proof')) return 'proof_kind';
  if (['insutype', 'dcla_type', 'begndate', 'enddate'].includes(apiField))
    return apiField as keyof ApplyValues;
  return undefined;
}

export const stepOfField = (field: keyof ApplyValues): number =>
  APPLY_STEPS.findIndex((step) => (step.fields as readonly string[]).includes(field));

/** Which proofs a category takes (policy.md §1.3): long-term a commitment or materials, 21 materials, 22/23 none. */
export function proofKindsOf(dclaType: string | undefined): readonly ProofKind[] {
  const category = dclaType ? categoryOf(dclaType) : undefined;
  if (!category) return ['commitment', 'materials'];
  if (category.longTerm) return ['commitment', 'materials'];
  if (category.code === '21') return ['materials'];
  return ['none', 'materials'];
}

/** The end a temporary filing gets when the person names none: `temporary_months` from the start, minus a day. */
export const defaultEndOf = (begndate: Dayjs, rules: FilingRules): Dayjs =>
  begndate.add(rules.temporary_months, 'month').subtract(1, 'day');

/** Whether the long-term filing will be approved on submission (个人承诺制, 即时办结) or wait for review. */
export function approvesAtOnce(
  values: Pick<ApplyValues, 'dcla_type' | 'proof_kind'>,
  rules: FilingRules,
): boolean {
  return (
    categoryOf(values.dcla_type)?.longTerm === true &&
    values.proof_kind === 'commitment' &&
    rules.auto_approve_commitment
  );
}

export function applicationOf(values: ApplyValues, notice: FilingNotice): ApplicationBody {
  const longTerm = categoryOf(values.dcla_type)?.longTerm === true;
  const proof: ApplicationBody['proof'] =
    values.proof_kind === 'commitment'
      ? { kind: 'commitment', text_version: notice.commitment_version, signed_name: values.signed_name ?? '' }
      : values.proof_kind === 'materials' && (values.materials?.length ?? 0) > 0
        ? { kind: 'materials', material_ids: (values.materials ?? []).map((m) => m.material_id) }
        : null;
  return {
    insutype: values.insutype,
    dcla_type: values.dcla_type,
    mdtrtarea_admdvs: placeOfPath(values.place) ?? '',
    begndate: values.begndate.format('YYYY-MM-DD'),
    // No end leaves it to the rule: long-term none, temporary the region's validity.
    ...(!longTerm && values.enddate ? { enddate: values.enddate.format('YYYY-MM-DD') } : {}),
    contact: {
      name: values.contact_name.trim(),
      tel: values.contact_tel.trim(),
      addr: values.contact_addr?.trim() || null,
    },
    notice_version: notice.notice_version,
    proof,
  };
}
