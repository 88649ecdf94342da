// Uploading proof materials: each file checked for type and size here first, then sent as the request body itself.
import { DeleteOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, query, uploadFile } from '../../shared/api.ts';
import type { Material } from '../api-types.ts';
import { PlainList } from '../plain-list.tsx';
import { refusalReason } from '../problems.ts';
import { useSession } from '../session.tsx';

/** What the materials endpoint takes (docs/portal.md): it checks the file's first bytes again. */
const ACCEPTED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
const MAX_MATERIAL_BYTES = 5 * 1024 * 1024;
/** An application attaches at most ten materials. */
export const MAX_MATERIALS = 10;
const MAX_FILENAME_CHARS = 120;

/** Why a file cannot be sent, or undefined when it may be. */
function fileProblem(file: File): string | undefined {
  if (!ACCEPTED_TYPES[file.type]) return '只能上传 PDF、JPEG 或 PNG 文件';
  if (file.size === 0) return '文件是空的';
  if (file.size > MAX_MATERIAL_BYTES)
    return `文件大小为${(file.size / 1024 / 1024).toFixed(1)} MiB，超过5 MiB`;
  if (file.name.length > MAX_FILENAME_CHARS) return `文件名超过${MAX_FILENAME_CHARS}个字符，请改短后再上传`;
  return undefined;
}

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.max(1, Math.round(bytes / 1024))} KiB`;

export function MaterialUpload({
  id,
  value = [],
  onChange,
}: {
  readonly id?: string;
  readonly value?: readonly Material[];
  readonly onChange?: (materials: readonly Material[]) => void;
}) {
  const { expire } = useSession();
  const picker = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>([]);

  const upload = async (files: readonly File[]) => {
    const found: string[] = [];
    let materials = [...value];
    setUploading(true);
    for (const file of files) {
      const problem = fileProblem(file);
      if (problem) {
        found.push(`${file.name}：${problem}`);
        continue;
      }
      if (materials.length >= MAX_MATERIALS) {
        found.push(`${file.name}：最多上传${MAX_MATERIALS}个文件`);
        continue;
      }
      try {
        const saved = await uploadFile<Material>(
          `/api/portal/materials${query({ filename: file.name })}`,
          file,
        );
        materials = [...materials, saved];
        onChange?.(materials);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) expire();
        found.push(`${file.name}：${refusalReason(error)}`);
      }
    }
    setUploading(false);
    setProblems(found);
  };

  return (
    <>
      <input
        ref={picker}
        type="file"
        style={{ display: 'none' }}
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // the same file may be picked again after a failure
          void upload(files);
        }}
      />
      <Flex gap={8} align="center" wrap>
        <Button id={id} icon={<UploadOutlined />} loading={uploading} onClick={() => picker.current?.click()}>
          选择文件
        </Button>
        <Typography.Text type="secondary">
          PDF、JPEG 或 PNG，每个不超过5 MiB，最多{MAX_MATERIALS}个
        </Typography.Text>
      </Flex>
      {value.length > 0 && (
        <PlainList
          label="已上传的证明材料"
          items={value}
          itemKey={(m) => m.material_id}
          renderItem={(material) => (
            <Flex justify="space-between" align="center" gap={8}>
              <span style={{ wordBreak: 'break-all' }}>
                <FileOutlined /> {material.filename}（
                {ACCEPTED_TYPES[material.content_type] ?? material.content_type}，
                {sizeText(material.size_bytes)}）
              </span>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={`移除 ${material.filename}`}
                onClick={() => onChange?.(value.filter((m) => m.material_id !== material.material_id))}
              />
            </Flex>
          )}
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title="以下文件未能上传"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
}
