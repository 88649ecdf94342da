// One filing in a drawer: what was declared, its proof (materials open in a new tab), its history, and the clerk's
// decisions — approve or reject with a reason while it waits, cancel with a reason once it stands.
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError, sendJson } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import {
  errorText,
  FILING_STATUS_COLORS,
  type FilingView,
  useLoad,
  useRegionName,
  useSession,
} from './console-api.ts';

const SOURCES: Readonly<Record<string, string>> = {
  app: '线上申请',
  counter: '经办窗口',
  hospital: '定点医院',
};
const HISTORY_NAMES: Readonly<Record<string, string>> = {
  submitted: '提交申请',
  approved: '同意备案',
  rejected: '不予备案',
  cancelled: '撤销备案',
  changed: '变更备案',
  expired: '有效期届满',
};

const sizeText = (bytes: number) => (bytes < 1024 ? `${bytes} 字节` : `${(bytes / 1024).toFixed(1)} KB`);

export function FilingDrawer(props: {
  readonly sn: string | null;
  readonly onClose: () => void;
  /** After a decision: the list behind the drawer is stale. */
  readonly onChanged: (filing: FilingView) => void;
}) {
  const { sn } = props;
  const {
    data: filing,
    error,
    loading,
    reload,
  } = useLoad<FilingView>(sn ? `/api/console/filings/${sn}` : null);
  return (
    <Drawer
      open={sn !== null}
      onClose={props.onClose}
      size={720}
      title={sn ? `备案详情 ${sn}` : '备案详情'}
      destroyOnHidden
    >
      {loading && !filing && <Spin description="正在读取备案…" style={{ display: 'block', margin: 24 }} />}
      {error && <Alert type="error" title={error} showIcon />}
      {filing && filing.trt_dcla_detl_sn === sn && (
        <FilingDetail
          filing={filing}
          onChanged={(changed) => {
            reload();
            props.onChanged(changed);
          }}
        />
      )}
    </Drawer>
  );
}

function FilingDetail({
  filing,
  onChanged,
}: {
  readonly filing: FilingView;
  readonly onChanged: (filing: FilingView) => void;
}) {
  const f = filing;
  const regionName = useRegionName();
  const materialUrl = (id: string) => `/api/console/filings/${f.trt_dcla_detl_sn}/materials/${id}`;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          {
            key: 'status',
            label: '状态',
            children: <Tag color={FILING_STATUS_COLORS[f.status]}>{f.status_name}</Tag>,
          },
          { key: 'souc', label: '申请渠道', children: SOURCES[f.dcla_souc] ?? f.dcla_souc },
          { key: 'name', label: '姓名', children: f.psn_name },
          { key: 'psn', label: '个人编号', children: f.psn_no },
          {
            key: 'insuplc',
            label: '参保地',
            children: `${regionName(f.insuplc_admdvs)}（${f.insuplc_admdvs}）`,
          },
          { key: 'insutype', label: '险种', children: f.insutype },
          {
            key: 'type',
            label: '备案类别',
            children: `${f.dcla_type} ${f.dcla_type_name}（${f.long_term ? '长期' : '临时'}）`,
          },
          { key: 'place', label: '就医地', children: `${f.mdtrtarea_name}（${f.mdtrtarea_admdvs}）` },
          { key: 'period', label: '有效期', children: `${f.begndate} 至 ${f.enddate ?? '长期'}`, span: 2 },
          {
            key: 'contact',
            label: '联系人',
            children: f.contact ? `${f.contact.name} ${f.contact.tel}` : '—',
          },
          { key: 'addr', label: '就医地地址', children: f.contact?.addr ?? '—' },
          { key: 'notice', label: '告知书版本', children: f.notice_version ?? '—' },
          { key: 'reviewer', label: '经办人', children: f.reviewer ?? '—' },
          ...(f.reason ? [{ key: 'reason', label: '原因', children: f.reason, span: 2 }] : []),
        ]}
      />
      <section aria-label="证明材料">
        <Typography.Title level={5}>证明材料</Typography.Title>
        {f.proof === null ? (
          <Typography.Text type="secondary">未提交证明材料（临时外出或窗口已核验）</Typography.Text>
        ) : f.proof.kind === 'commitment' ? (
          <Typography.Text>
            个人承诺书（版本 {f.proof.text_version}），本人签名“{f.proof.signed_name}”，签署于{' '}
            {chinaTime(f.proof.signed_at)}
          </Typography.Text>
        ) : (
          <ul style={{ paddingInlineStart: 20, margin: 0 }}>
            {f.proof.materials.map((m) => (
              <li key={m.material_id}>
                <a href={materialUrl(m.material_id)} target="_blank" rel="noreferrer">
                  {m.filename}
                </a>{' '}
                <Typography.Text type="secondary">
                  {m.content_type === 'application/pdf' ? 'PDF' : '图片'}，{sizeText(m.size_bytes)}
                </Typography.Text>
                {m.content_type.startsWith('image/') && (
                  <div>
                    <img
                      src={materialUrl(m.material_id)}
                      alt={m.filename}
                      style={{ maxWidth: 240, maxHeight: 160, marginTop: 4, border: '1px solid #eee' }}
                    />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="办理记录">
        <Typography.Title level={5}>办理记录</Typography.Title>
        <Timeline
          items={f.history.map((h, i) => ({
            key: `${h.at}-${i}`,
            title: chinaTime(h.at),
            content: (
              <span>
                {HISTORY_NAMES[h.status] ?? h.status}（{h.actor}）{h.reason ? `：${h.reason}` : ''}
              </span>
            ),
          }))}
        />
      </section>
      <Decisions filing={f} onChanged={onChanged} />
    </Space>
  );
}

type Action = 'reject' | 'cancel' | null;

/** The buttons of a filing's state; a rejection and a cancel ask for the reason the person will read. */
function Decisions({
  filing,
  onChanged,
}: {
  readonly filing: FilingView;
  readonly onChanged: (filing: FilingView) => void;
}) {
  const { expired } = useSession();
  const [action, setAction] = useState<Action>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const sn = filing.trt_dcla_detl_sn;
  const send = async (url: string, body: unknown, message: string) => {
    setSending(true);
    setError(undefined);
    try {
      const changed = await sendJson<FilingView>('POST', url, body);
      setAction(null);
      setDone(message);
      onChanged(changed);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  };
  const canDecide = filing.status === 'submitted';
  const canCancel = filing.status === 'submitted' || filing.status === 'approved';
  return (
    <section aria-label="经办操作">
      {done && <Alert type="success" title={done} showIcon style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      {action === null ? (
        <Space wrap>
          {canDecide && (
            <Button
              type="primary"
              loading={sending}
              onClick={() => send(`/api/console/filings/${sn}/review`, { decision: 'approve' }, '已同意备案')}
            >
              同意备案
            </Button>
          )}
          {canDecide && (
            <Button danger onClick={() => setAction('reject')}>
              不予备案
            </Button>
          )}
          {canCancel && <Button onClick={() => setAction('cancel')}>撤销备案</Button>}
        </Space>
      ) : (
        <Form
          layout="vertical"
          onFinish={(values: { reason: string }) =>
            action === 'reject'
              ? send(
                  `/api/console/filings/${sn}/review`,
                  { decision: 'reject', reason: values.reason.trim() },
                  '已不予备案，参保人可看到原因',
                )
              : send(`/api/console/filings/${sn}/cancel`, { reason: values.reason.trim() }, '已撤销备案')
          }
        >
          <Form.Item
            label={action === 'reject' ? '不予备案原因' : '撤销原因'}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: '请填写原因（参保人将看到）' },
              { max: 500, message: '原因不超过500字' },
            ]}
          >
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
          <Space>
            <Button type="primary" danger htmlType="submit" loading={sending}>
              {action === 'reject' ? '确认不予备案' : '确认撤销'}
            </Button>
            <Button onClick={() => setAction(null)}>取消</Button>
          </Space>
        </Form>
      )}
    </section>
  );
}
