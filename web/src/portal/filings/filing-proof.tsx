// What a filing was proved with: the signed 个人承诺书, the uploaded materials (downloadable), or nothing.
import { FileOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { chinaTime } from '../../shared/format.ts';
import type { FilingProof as Proof } from '../api-types.ts';
import { PlainList } from '../plain-list.tsx';

export function FilingProof({ proof }: { readonly proof: Proof }) {
  if (!proof) return <Typography.Text type="secondary">无证明材料</Typography.Text>;
  if (proof.kind === 'commitment')
    return (
      <span>
        个人承诺书（版本 {proof.text_version}），签名：{proof.signed_name}，签署于{' '}
        {chinaTime(proof.signed_at)}
      </span>
    );
  return (
    <PlainList
      items={proof.materials}
      itemKey={(m) => m.material_id}
      divided={false}
      renderItem={(m) => (
        <>
          {/* The session cookie goes with the link: the file downloads as it was uploaded. */}
          <a href={`/api/portal/materials/${encodeURIComponent(m.material_id)}`} download={m.filename}>
            <FileOutlined /> {m.filename}
          </a>
        </>
      )}
    />
  );
}
