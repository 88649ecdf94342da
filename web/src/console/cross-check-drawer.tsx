// One 协查 case in a drawer: the settlement asked about, the request, the treatment place's answer with its documents
// and the outcome; the treatment side answers a requested case, the insured side concludes an answered one.
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { ApiError, sendJson } from '../shared/api.ts';
import { yuan } from '../shared/format.ts';
import { errorText, useLoad, useRegionName, useSession } from './console-api.ts';
import {
  CROSS_CHECK_STATUS,
  type CrossCheck,
  type CrossCheckOutcome,
  type DocumentUpload,
  fenToYuanText,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS,
  OUTCOME_NAMES,
  ROLE_NAMES,
  readAsBase64,
  yuanToFen,
} from './management-api.ts';

const OUTCOME_OPTIONS = (Object.keys(OUTCOME_NAMES) as CrossCheckOutcome[]).map((value) => ({
  value,
  label: OUTCOME_NAMES[value],
}));
const fenYuan = (value: number | null) => (value === null ? '—' : yuan(value / 100));
const yuanRule = { pattern: /^\s*\d{1,11}(\.\d{1,2})?\s*$/, message: '金额（元），至多两位小数' };

/** Shows the server's refusal at the field it names (body.findings → findings), otherwise above the form. */
function useSubmit(onDone: (c: CrossCheck) => void) {
  const { expired } = useSession();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const send = async (
    url: string,
    body: unknown,
    setFieldError: (field: string, message: string) => boolean,
  ) => {
    setSending(true);
    setFailure(undefined);
    try {
      onDone(await sendJson<CrossCheck>('POST', url, body));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      const field =
        e instanceof ApiError ? e.field?.replace(/^body\./, '').replace(/\[\d+\].*$/, '') : undefined;
      if (!(field && setFieldError(field, errorText(e)))) setFailure(errorText(e));
    } finally {
      setSending(false);
    }
  };
  return { sending, failure, send };
}

export function CrossCheckDrawer({
  caseId,
  onClose,
  onChanged,
}: {
  readonly caseId: string | undefined;
  readonly onClose: () => void;
  readonly onChanged: () => void;
}) {
  const regionName = useRegionName();
  const { data, error, loading, reload } = useLoad<CrossCheck>(
    caseId ? `/api/console/cross-checks/${encodeURIComponent(caseId)}` : null,
  );
  const changed = () => {
    reload();
    onChanged();
  };
  const c = data?.case_id === caseId ? data : undefined;
  return (
    <Drawer
      open={caseId !== undefined}
      onClose={onClose}
      size={720}
      title={caseId ? `协查 ${caseId}` : '协查'}
    >
      {error && <Alert type="error" showIcon title="协查案件读取失败" description={error} />}
      {loading && !c && <Spin description="正在读取…" style={{ display: 'block', margin: 24 }} />}
      {c && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered title="结算">
            <Descriptions.Item label="状态">
              <Tag color={CROSS_CHECK_STATUS[c.status].color}>{CROSS_CHECK_STATUS[c.status].label}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="本省角色">
              {ROLE_NAMES[c.role]}
              {c.automatic ? '（自动发起）' : ''}
            </Descriptions.Item>
            <Descriptions.Item label="结算ID">{c.setl_id}</Descriptions.Item>
            <Descriptions.Item label="结算时间">{c.setl_time}</Descriptions.Item>
            <Descriptions.Item label="就医地">{regionName(c.treatment_province)}</Descriptions.Item>
            <Descriptions.Item label="参保地">{regionName(c.insuplc_admdvs)}</Descriptions.Item>
            <Descriptions.Item label="就医机构" span={2}>
              {c.fixmedins_name ?? ''} {c.fixmedins_code}
            </Descriptions.Item>
            <Descriptions.Item label="参保人">
              {c.psn_name ?? '—'}
              {c.psn_no ? `（${c.psn_no}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="医疗类别">{c.med_type}</Descriptions.Item>
            <Descriptions.Item label="医疗费用">{fenYuan(c.medfee_fen)}</Descriptions.Item>
            <Descriptions.Item label="基金支付">{fenYuan(c.fund_pay_fen)}</Descriptions.Item>
          </Descriptions>
          <Descriptions size="small" column={1} bordered title="协查请求">
            <Descriptions.Item label="事由">{c.reason}</Descriptions.Item>
            <Descriptions.Item label="发起">
              {c.requested_by} · {c.requested_at}
            </Descriptions.Item>
          </Descriptions>
          {c.answered_at && (
            <Descriptions size="small" column={1} bordered title="就医地答复">
              <Descriptions.Item label="调查情况">{c.findings}</Descriptions.Item>
              <Descriptions.Item label="处理建议">
                {c.proposal ? OUTCOME_NAMES[c.proposal] : '—'}
                {c.proposed_fen !== null ? `，建议金额 ${fenYuan(c.proposed_fen)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="材料">
                {c.documents.length === 0
                  ? '无'
                  : c.documents.map((d) => (
                      <div key={d.n}>
                        <a
                          href={`/api/console/cross-checks/${encodeURIComponent(c.case_id)}/documents/${d.n}`}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {d.name}
                        </a>{' '}
                        <Typography.Text type="secondary">（{Math.ceil(d.size / 1024)} KiB）</Typography.Text>
                      </div>
                    ))}
              </Descriptions.Item>
              <Descriptions.Item label="答复">
                {c.answered_by} · {c.answered_at}
              </Descriptions.Item>
            </Descriptions>
          )}
          {c.concluded_at && (
            <Descriptions size="small" column={1} bordered title="认定结果">
              <Descriptions.Item label="结果">{c.outcome ? OUTCOME_NAMES[c.outcome] : '—'}</Descriptions.Item>
              <Descriptions.Item label="调整金额">{fenYuan(c.adjustment_fen)}</Descriptions.Item>
              <Descriptions.Item label="说明">{c.outcome_note ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="办结">
                {c.concluded_by} · {c.concluded_at}
              </Descriptions.Item>
              <Descriptions.Item label="清算期">{c.clearing_period ?? '待国家平台入账'}</Descriptions.Item>
            </Descriptions>
          )}
          {c.role === 'treatment' && c.status === 'requested' && <AnswerForm c={c} onDone={changed} />}
          {c.role === 'insured' && c.status === 'answered' && <OutcomeForm c={c} onDone={changed} />}
        </Space>
      )}
    </Drawer>
  );
}

interface AnswerValues {
  findings: string;
  proposal: CrossCheckOutcome;
  proposed: string;
}

/** 答复: findings, a proposal, the amount it proposes and up to three documents (256 KiB in all). */
function AnswerForm({ c, onDone }: { readonly c: CrossCheck; readonly onDone: () => void }) {
  const [form] = Form.useForm<AnswerValues>();
  const proposal = Form.useWatch('proposal', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { sending, failure, send } = useSubmit(onDone);
  const total = files.reduce((n, f) => n + (f.size ?? 0), 0);
  const tooMany = files.length > MAX_DOCUMENTS;
  const tooBig = total > MAX_DOCUMENT_BYTES;
  const submit = async (v: AnswerValues) => {
    if (tooMany || tooBig) return;
    const documents: DocumentUpload[] = await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        content_type: f.type || 'application/octet-stream',
        data_base64: await readAsBase64(f.originFileObj as Blob),
      })),
    );
    const proposed = v.proposal === 'adjusted' ? yuanToFen(v.proposed ?? '') : null;
    await send(
      `/api/console/cross-checks/${encodeURIComponent(c.case_id)}/answer`,
      {
        findings: v.findings.trim(),
        proposal: v.proposal,
        ...(proposed !== null ? { proposed_fen: proposed } : {}),
        ...(documents.length > 0 ? { documents } : {}),
      },
      (field, message) => {
        const name = field === 'proposed_fen' ? 'proposed' : field;
        if (!['findings', 'proposal', 'proposed'].includes(name)) return false;
        form.setFields([{ name: name as keyof AnswerValues, errors: [message] }]);
        return true;
      },
    );
  };
  return (
    <Form<AnswerValues> form={form} layout="vertical" onFinish={submit} aria-label="答复协查">
      <Typography.Title level={5}>答复协查</Typography.Title>
      <Form.Item
        label="调查情况"
        name="findings"
        rules={[{ required: true, whitespace: true, message: '请写明调查情况' }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
      </Form.Item>
      <Form.Item label="处理建议" name="proposal" rules={[{ required: true, message: '请选择处理建议' }]}>
        <Radio.Group options={OUTCOME_OPTIONS} />
      </Form.Item>
      {proposal === 'adjusted' && (
        <Form.Item
          label="建议核减金额（元）"
          name="proposed"
          rules={[{ required: true, message: '请填写核减金额' }, yuanRule]}
          extra={`基金支付 ${fenYuan(c.fund_pay_fen)}`}
        >
          <Input style={{ width: 180 }} />
        </Form.Item>
      )}
      <Form.Item label="材料" extra={`至多 ${MAX_DOCUMENTS} 个文件，合计不超过 256 KiB`}>
        <Upload
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
          accept="application/pdf,image/png,image/jpeg"
        >
          <Button>选择文件</Button>
        </Upload>
        {(tooMany || tooBig) && (
          <Typography.Text type="danger">
            {tooMany
              ? `至多 ${MAX_DOCUMENTS} 个文件`
              : `材料合计 ${Math.ceil(total / 1024)} KiB，超过 256 KiB`}
          </Typography.Text>
        )}
      </Form.Item>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={sending} disabled={tooMany || tooBig}>
        提交答复
      </Button>
    </Form>
  );
}

interface OutcomeValues {
  outcome: CrossCheckOutcome;
  adjustment: string;
  note: string;
}

/** 认定: confirmed, adjusted by an amount in yuan, or refused, with a note. */
function OutcomeForm({ c, onDone }: { readonly c: CrossCheck; readonly onDone: () => void }) {
  const [form] = Form.useForm<OutcomeValues>();
  const outcome = Form.useWatch('outcome', form);
  const { sending, failure, send } = useSubmit(onDone);
  const submit = (v: OutcomeValues) => {
    const adjustment = v.outcome === 'adjusted' ? yuanToFen(v.adjustment ?? '') : null;
    const note = v.note?.trim();
    return send(
      `/api/console/cross-checks/${encodeURIComponent(c.case_id)}/outcome`,
      {
        outcome: v.outcome,
        ...(adjustment !== null ? { adjustment_fen: adjustment } : {}),
        ...(note ? { note } : {}),
      },
      (field, message) => {
        const name = field === 'adjustment_fen' ? 'adjustment' : field;
        if (!['outcome', 'adjustment', 'note'].includes(name)) return false;
        form.setFields([{ name: name as keyof OutcomeValues, errors: [message] }]);
        return true;
      },
    );
  };
  return (
    <Form<OutcomeValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label="认定结果"
      initialValues={{
        ...(c.proposal ? { outcome: c.proposal } : {}),
        ...(c.proposed_fen !== null ? { adjustment: fenToYuanText(c.proposed_fen) } : {}),
      }}
    >
      <Typography.Title level={5}>认定结果</Typography.Title>
      <Form.Item label="结果" name="outcome" rules={[{ required: true, message: '请选择认定结果' }]}>
        <Radio.Group options={OUTCOME_OPTIONS} />
      </Form.Item>
      {outcome === 'adjusted' && (
        <Form.Item
          label="核减金额（元）"
          name="adjustment"
          rules={[{ required: true, message: '请填写核减金额' }, yuanRule]}
          extra={`基金支付 ${fenYuan(c.fund_pay_fen)}`}
        >
          <Input style={{ width: 180 }} />
        </Form.Item>
      )}
      <Form.Item label="说明" name="note">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={sending}>
        提交认定
      </Button>
    </Form>
  );
}
