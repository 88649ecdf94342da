// Step 4 of 备案申请: the proof the category needs — materials, or the 个人承诺书 signed with one's own name.
import { Form, Input, Radio, Typography } from 'antd';
import type { FilingNotice, Material } from '../api-types.ts';
import { categoryOf } from '../dictionaries.ts';
import { type ProofKind, proofKindsOf } from './application.ts';
import { MaterialUpload } from './material-upload.tsx';
import { NoticeText } from './notice-step.tsx';

/** What to upload, by category (the national mini-program's hints). */
const MATERIAL_HINTS: Readonly<Record<string, string>> = {
  '11': '户口簿首页和本人页，或异地居住证明',
  '12': '就医地居住证或居住证明',
  '13': '用人单位派驻异地工作的证明或劳动合同',
  '21': '参保地定点医疗机构出具的转诊证明（必须上传）',
  '22': '可不上传；如有急诊病历可一并上传',
  '23': '可不上传',
};

export function ProofStep({
  notice,
  psnName,
  dclaType,
  proofKind,
}: {
  readonly notice: FilingNotice;
  readonly psnName: string;
  readonly dclaType: string | undefined;
  readonly proofKind: ProofKind | undefined;
}) {
  const category = dclaType ? categoryOf(dclaType) : undefined;
  const kinds = proofKindsOf(dclaType);
  const materialsRequired = category ? category.longTerm || category.code === '21' : true;
  const labels: Record<ProofKind, string> = {
    commitment: notice.rules.auto_approve_commitment ? '签署个人承诺书（即时办结）' : '签署个人承诺书',
    materials: '上传证明材料',
    none: '无需证明材料',
  };
  return (
    <>
      <Form.Item name="proof_kind" label="证明方式" rules={[{ required: true, message: '请选择证明方式' }]}>
        <Radio.Group options={kinds.map((kind) => ({ value: kind, label: labels[kind] }))} />
      </Form.Item>
      {proofKind === 'commitment' && (
        <>
          <NoticeText text={notice.commitment} label="跨省异地就医备案个人承诺书" />
          <Form.Item
            name="signed_name"
            label="签名（请输入本人姓名）"
            extra={`承诺书版本 ${notice.commitment_version}；签名须与参保人姓名一致。`}
            rules={[
              { required: true, whitespace: true, message: '请输入本人姓名作为签名' },
              {
                validator: (_, value: string | undefined) =>
                  !value || value.trim() === psnName
                    ? Promise.resolve()
                    : Promise.reject(new Error('签名须与参保人姓名一致')),
              },
            ]}
          >
            <Input autoComplete="off" style={{ maxWidth: 240 }} />
          </Form.Item>
        </>
      )}
      {proofKind === 'materials' && (
        <Form.Item
          name="materials"
          label="证明材料"
          extra={dclaType ? MATERIAL_HINTS[dclaType] : undefined}
          rules={[
            {
              validator: (_, value: readonly Material[] | undefined) =>
                !materialsRequired || (value?.length ?? 0) > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error('请上传至少一个证明材料')),
            },
          ]}
        >
          <MaterialUpload />
        </Form.Item>
      )}
      {proofKind === 'none' && (
        <Typography.Paragraph type="secondary">
          {category?.name ?? '临时外出'}备案凭填写的信息即可办理，无需上传证明材料。
        </Typography.Paragraph>
      )}
    </>
  );
}
