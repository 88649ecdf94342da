// 协查 (#/console/cross-checks): the cases this province asked about (参保地) or is asked about (就医地), filtered by
// role and status, each opening in a drawer; the insured side starts a case for a settlement, and the province's
// staff set the threshold above which an inpatient settlement is asked about automatically (docs/cross-checks.md).
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, query, sendJson } from '../shared/api.ts';
import { amount, chinaTime, yuan } from '../shared/format.ts';
import { errorText, useLoad, useRegionName, useSession } from './console-api.ts';
import { CrossCheckDrawer } from './cross-check-drawer.tsx';
import {
  CROSS_CHECK_STATUS,
  type CrossCheck,
  type CrossCheckSettings,
  type CrossCheckStatus,
  fenToYuanText,
  ROLE_NAMES,
  yuanToFen,
} from './management-api.ts';

type Role = CrossCheck['role'];

/** An ISO instant in China time; a China time text (yyyy-MM-dd HH:mm:ss) as it is. */
const whenText = (value: string | null) => (value?.includes('T') ? chinaTime(value) : (value ?? '—'));
const fen = (value: number | null) => (value === null ? '—' : amount(value / 100));

export function CrossCheckScreen() {
  const regionName = useRegionName();
  const [role, setRole] = useState<Role>();
  const [status, setStatus] = useState<CrossCheckStatus>();
  const [open, setOpen] = useState<string>();
  const { data, error, loading, reload } = useLoad<{ province: string; items: CrossCheck[] }>(
    `/api/console/cross-checks${query({ role, status, limit: 100 })}`,
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <RequestForm
        onCreated={(c) => {
          reload();
          setOpen(c.case_id);
        }}
      />
      <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>协查案件</h2>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="cross-check-role">本省角色</label>
          <Select<Role>
            id="cross-check-role"
            allowClear
            placeholder="全部"
            style={{ width: 170 }}
            value={role}
            onChange={setRole}
            options={(Object.keys(ROLE_NAMES) as Role[]).map((value) => ({
              value,
              label: ROLE_NAMES[value],
            }))}
          />
          <label htmlFor="cross-check-status">状态</label>
          <Select<CrossCheckStatus>
            id="cross-check-status"
            allowClear
            placeholder="全部"
            style={{ width: 150 }}
            value={status}
            onChange={setStatus}
            options={(Object.keys(CROSS_CHECK_STATUS) as CrossCheckStatus[]).map((value) => ({
              value,
              label: CROSS_CHECK_STATUS[value].label,
            }))}
          />
          <Button onClick={reload}>刷新</Button>
        </Space>
        {error && (
          <Alert
            type="error"
            showIcon
            title="协查案件读取失败"
            description={error}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<CrossCheck>
          size="small"
          aria-label="协查案件"
          rowKey="case_id"
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: loading ? '正在读取…' : '暂无协查案件' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: '案件',
              key: 'case',
              render: (_, c) => (
                <Button
                  type="link"
                  style={{ padding: 0 }}
                  onClick={() => setOpen(c.case_id)}
                  aria-label={`查看协查 ${c.case_id}`}
                >
                  {c.case_id}
                </Button>
              ),
            },
            {
              title: '状态',
              key: 'status',
              render: (_, c) => (
                <Tag color={CROSS_CHECK_STATUS[c.status].color}>{CROSS_CHECK_STATUS[c.status].label}</Tag>
              ),
            },
            {
              title: '本省角色',
              key: 'role',
              render: (_, c) => (
                <span>
                  {ROLE_NAMES[c.role]}
                  {c.automatic && (
                    <Tag style={{ marginLeft: 4 }} color="default">
                      自动
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: '结算',
              key: 'setl',
              render: (_, c) => (
                <span>
                  {c.setl_id}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.setl_time}
                  </Typography.Text>
                </span>
              ),
            },
            { title: '就医机构', key: 'fixmedins', render: (_, c) => c.fixmedins_name ?? c.fixmedins_code },
            { title: '参保地', key: 'insured', render: (_, c) => regionName(c.insuplc_admdvs) },
            { title: '医疗费用(元)', key: 'medfee', align: 'right', render: (_, c) => fen(c.medfee_fen) },
            { title: '基金支付(元)', key: 'fund', align: 'right', render: (_, c) => fen(c.fund_pay_fen) },
            { title: '发起时间', dataIndex: 'requested_at' },
          ]}
        />
      </Card>
      <ThresholdCard />
      <CrossCheckDrawer caseId={open} onClose={() => setOpen(undefined)} onChanged={reload} />
    </Space>
  );
}

/** 发起协查: the insured side asks the treatment place about one of its insured's settlements. */
function RequestForm({ onCreated }: { readonly onCreated: (c: CrossCheck) => void }) {
  const { expired } = useSession();
  const [form] = Form.useForm<{ setl_id: string; reason: string }>();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const submit = async (values: { setl_id: string; reason: string }) => {
    setSending(true);
    setFailure(undefined);
    try {
      const created = await sendJson<CrossCheck>('POST', '/api/console/cross-checks', {
        setl_id: values.setl_id.trim(),
        reason: values.reason.trim(),
      });
      form.resetFields();
      onCreated(created);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      const field = e instanceof ApiError ? e.field?.replace(/^body\./, '') : undefined;
      if (field === 'setl_id' || field === 'reason')
        form.setFields([{ name: field, errors: [errorText(e)] }]);
      else setFailure(errorText(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>发起协查</h2>}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        参保地就本省参保人的一笔跨省结算向就医地发起协查，就医地调查后答复。
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={submit} aria-label="发起协查" style={{ rowGap: 8 }}>
        <Form.Item
          label="结算ID"
          name="setl_id"
          rules={[{ required: true, whitespace: true, message: '请输入结算ID' }]}
        >
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          label="协查事由"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请写明协查事由' }]}
        >
          <Input style={{ width: 360 }} maxLength={500} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={sending}>
            发起协查
          </Button>
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 12 }} />}
    </Card>
  );
}

/** 自动协查阈值: read by everyone of the province, changed by its province-wide staff. */
function ThresholdCard() {
  const { staff, expired } = useSession();
  const { data, error, reload } = useLoad<CrossCheckSettings>('/api/console/cross-checks/settings');
  const [text, setText] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState(false);
  const mayEdit = staff.scope_admdvs === staff.province;
  const shown = text ?? (data ? fenToYuanText(data.auto_threshold_fen) : '');
  const fenValue = yuanToFen(shown);
  const save = async () => {
    if (fenValue === null) return;
    setSaving(true);
    setFailure(undefined);
    setSaved(false);
    try {
      await sendJson('PUT', '/api/console/cross-checks/settings', { auto_threshold_fen: fenValue });
      setText(undefined);
      setSaved(true);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      setFailure(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 16 }}>自动协查阈值</h2>}
      extra={
        data?.updated_by && (
          <Typography.Text type="secondary">
            {data.updated_by} 于 {whenText(data.updated_at)} 修改
          </Typography.Text>
        )
      }
    >
      {error && <Alert type="error" showIcon title="设置读取失败" description={error} />}
      {data && (
        <Typography.Paragraph style={{ marginTop: 0 }}>
          本省参保人一次住院结算医疗费用超过 <strong>{yuan(data.auto_threshold_fen / 100)}</strong>{' '}
          时自动向就医地发起协查。
        </Typography.Paragraph>
      )}
      {mayEdit ? (
        <Space wrap>
          <label htmlFor="cross-check-threshold">阈值（元）</label>
          <Input
            id="cross-check-threshold"
            style={{ width: 160 }}
            value={shown}
            status={shown !== '' && fenValue === null ? 'error' : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <Button onClick={save} loading={saving} disabled={fenValue === null || text === undefined}>
            保存阈值
          </Button>
          {shown !== '' && fenValue === null && (
            <Typography.Text type="danger">金额（元），至多两位小数</Typography.Text>
          )}
        </Space>
      ) : (
        <Typography.Text type="secondary">自动协查阈值须由全省经办人员修改。</Typography.Text>
      )}
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 12 }} />}
      {saved && !failure && <Alert type="success" showIcon title="阈值已保存" style={{ marginTop: 12 }} />}
    </Card>
  );
}
