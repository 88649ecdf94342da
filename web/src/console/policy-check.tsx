// 政策文件校验: a policy file chosen or pasted, checked by the platform exactly as a dataset load checks it (every
// problem line shown), and only after a clean check put into effect in place of the region's versions.
import { Alert, Button, Card, Collapse, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, getJson, query, sendJson } from '../shared/api.ts';
import {
  type PolicyCheck as Check,
  type Dictionaries,
  errorText,
  type PolicyVersion,
  useSession,
} from './console-api.ts';
import { type PolicyDocument, PolicyView } from './policy-view.tsx';

/** A policy file is small; a larger one is surely the wrong file. */
const MAX_FILE_BYTES = 1024 * 1024;

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly detail: string }
  | {
      readonly kind: 'checked';
      readonly check: Check;
      readonly text: string;
      readonly current: readonly PolicyVersion[];
    }
  | { readonly kind: 'applied'; readonly detail: string };

export function PolicyCheck({ d, onApplied }: { readonly d: Dictionaries; readonly onApplied: () => void }) {
  const { expired } = useSession();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) expired();
    setError(errorText(e));
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setOutcome({ kind: 'none' });
    if (file.size > MAX_FILE_BYTES) {
      setOutcome({ kind: 'unreadable', detail: `${file.name}超过1 MB，不是政策文件` });
      return;
    }
    setText(await file.text());
  };

  const validate = async () => {
    setError(undefined);
    setConfirming(false);
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch (e) {
      setOutcome({ kind: 'unreadable', detail: `JSON 格式错误：${(e as Error).message}` });
      return;
    }
    setSending(true);
    try {
      const check = await sendJson<Check>('POST', '/api/console/policies/validate', content);
      const current =
        check.ok && check.scope?.allowed && check.admdvs && check.insutype
          ? (
              await getJson<{ items: PolicyVersion[] }>(
                `/api/console/policies${query({ admdvs: check.admdvs, insutype: check.insutype })}`,
              )
            ).items
          : [];
      setOutcome({ kind: 'checked', check, text, current });
    } catch (e) {
      fail(e);
    } finally {
      setSending(false);
    }
  };

  const apply = async (check: Check, checkedText: string) => {
    setSending(true);
    setError(undefined);
    try {
      const answer = await sendJson<{ detail: string }>(
        'PUT',
        `/api/console/policies/${check.admdvs}/${check.insutype}`,
        JSON.parse(checkedText),
      );
      setOutcome({ kind: 'applied', detail: answer.detail });
      setConfirming(false);
      onApplied();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setOutcome({ kind: 'none' });
      fail(e);
    } finally {
      setSending(false);
    }
  };

  // A check holds for the text it was made of: an edit asks for a new one before anything takes effect.
  const checked = outcome.kind === 'checked' && outcome.text === text ? outcome : undefined;
  const docs: PolicyDocument[] = checked?.check.ok ? [JSON.parse(checked.text)].flat() : [];

  return (
    <Card title="政策文件校验" size="small">
      <Form layout="vertical" onFinish={validate} aria-label="政策文件校验">
        <Form.Item label="选择政策文件（policies/<统筹区>-<险种>.json）" htmlFor="policy-file">
          <input
            id="policy-file"
            type="file"
            accept=".json,application/json"
            onChange={(event) => void choose(event.target.files?.[0])}
          />
        </Form.Item>
        <Form.Item
          label="政策文件内容（JSON，可粘贴）"
          htmlFor="policy-text"
          required
          validateStatus={outcome.kind === 'unreadable' ? 'error' : undefined}
        >
          <Input.TextArea
            id="policy-text"
            rows={6}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            placeholder='{"admdvs": "130100", "insutype": "310", "name": "…", "begndate": "2026-01-01", …}'
          />
        </Form.Item>
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={sending && !confirming}
            disabled={text.trim() === ''}
          >
            校验
          </Button>
          {checked?.check.ok && checked.check.scope?.allowed && !confirming && (
            <Button onClick={() => setConfirming(true)}>生效</Button>
          )}
        </Space>
      </Form>
      <div style={{ marginTop: 16 }} aria-live="polite">
        {error && <Alert type="error" title={error} showIcon />}
        {outcome.kind === 'unreadable' && <Alert type="error" title={outcome.detail} showIcon />}
        {outcome.kind === 'applied' && <Alert type="success" title={outcome.detail} showIcon />}
        {outcome.kind === 'checked' && !checked && (
          <Alert type="info" title="内容已修改，请重新校验" showIcon />
        )}
        {checked && !checked.check.ok && (
          <Alert
            type="error"
            showIcon
            title={`发现 ${checked.check.problems.length} 处问题（${checked.check.file}），不能生效`}
            description={
              <ol aria-label="校验问题" style={{ margin: 0, paddingInlineStart: 20 }}>
                {checked.check.problems.map((line) => (
                  <li key={line}>
                    <Typography.Text code>{line}</Typography.Text>
                  </li>
                ))}
              </ol>
            }
          />
        )}
        {checked?.check.ok && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="success"
              showIcon
              title={`校验通过：${checked.check.file}，共 ${checked.check.versions.length} 个版本`}
              description={checked.check.versions
                .map((v) => `${v.name}（${v.begndate} 至 ${v.enddate ?? '长期'}）`)
                .join('；')}
            />
            {checked.check.scope && !checked.check.scope.allowed && (
              <Alert type="warning" showIcon title={`不能由本账号生效：${checked.check.scope.detail}`} />
            )}
            {confirming && (
              <Alert
                type="warning"
                showIcon
                title={`将以该文件替换统筹区 ${checked.check.admdvs} 险种 ${checked.check.insutype} 现有的 ${checked.current.length} 个版本`}
                description="生效后，之后的结算即按新版本计算；已完成的结算不变。"
                action={
                  <Space orientation="vertical">
                    <Button
                      type="primary"
                      danger
                      loading={sending}
                      onClick={() => apply(checked.check, checked.text)}
                    >
                      确认生效
                    </Button>
                    <Button onClick={() => setConfirming(false)}>取消</Button>
                  </Space>
                }
              />
            )}
            <Collapse
              size="small"
              items={docs.map((doc, i) => ({
                key: String(i),
                label: `查看文件内容：${doc.name}（${doc.begndate} 至 ${doc.enddate ?? '长期'}）`,
                children: <PolicyView doc={doc} d={d} />,
              }))}
            />
          </Space>
        )}
      </div>
    </Card>
  );
}
