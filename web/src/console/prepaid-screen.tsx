// 预付金 (#/console/prepaid): the clerk's province's prepaid fund — balance, required, usage with the 70 %/90 %
// warning colours, open 紧急调增 requests — and a form to record a deposit (idempotent by its number).
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, sendJson } from '../shared/api.ts';
import { percent, yuan } from '../shared/format.ts';
import { errorText, useLoad, useSession } from './console-api.ts';

export type WarningLevel = 'none' | 'yellow' | 'red';

export interface PrepaidJson {
  readonly province: string;
  readonly balance: number;
  readonly required: number;
  readonly shortfall: number;
  readonly owed: number;
  readonly usage: number | null;
  readonly level: WarningLevel;
  readonly topup_requests: readonly {
    readonly level: 'yellow' | 'red';
    readonly usage: number | null;
    readonly balance: number;
    readonly owed: number;
    readonly requested: number;
    readonly requested_at: string;
  }[];
}

/** The warning level's colour and words: under 70 % normal, from 70 % yellow, from 90 % red. */
export const LEVELS: Readonly<Record<WarningLevel, { color: string; tag: string; label: string }>> = {
  none: { color: '#52c41a', tag: 'success', label: '正常' },
  yellow: { color: '#faad14', tag: 'warning', label: '黄色预警（≥70%）' },
  red: { color: '#ff4d4f', tag: 'error', label: '红色预警（≥90%）' },
};

/** The usage bar: owed ÷ balance; no fund but a debt reads as full and red. */
export function UsageBar({
  usage,
  level,
  label,
}: {
  usage: number | null;
  level: WarningLevel;
  label: string;
}) {
  const shown = usage === null ? 100 : Math.min(100, Math.round(usage * 1000) / 10);
  return (
    <Progress
      percent={shown}
      strokeColor={LEVELS[level].color}
      status={level === 'red' ? 'exception' : 'normal'}
      format={() => (usage === null ? '无预付金' : percent(usage))}
      aria-label={label}
    />
  );
}

export function PrepaidScreen() {
  const { staff, expired } = useSession();
  const { data, error, loading, reload } = useLoad<PrepaidJson>('/api/console/prepaid');
  const [form] = Form.useForm<{ amount: number; id: string }>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const provincial = staff.scope_admdvs === staff.province;

  const submit = async (values: { amount: number; id: string }) => {
    setSending(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const answer = await sendJson<{ amount: number; replayed: boolean }>(
        'POST',
        '/api/console/prepaid/deposits',
        values,
      );
      setDone(
        answer.replayed ? `缴存 ${values.id} 已登记过，未重复入账` : `已登记缴存 ${yuan(answer.amount)}`,
      );
      form.resetFields();
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      const field = e instanceof ApiError ? e.field?.replace(/^body\./, '') : undefined;
      if (field === 'amount' || field === 'id') form.setFields([{ name: field, errors: [errorText(e)] }]);
      else setProblem(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title="预付金读取失败" description={error} />}
      {loading && !data && <Spin description="正在读取预付金…" style={{ display: 'block', margin: 24 }} />}
      {data && (
        <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{staff.province_name}预付金</h2>}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="余额">{yuan(data.balance)}</Descriptions.Item>
            <Descriptions.Item label="应缴额度">{yuan(data.required)}</Descriptions.Item>
            <Descriptions.Item label="缺口">{yuan(data.shortfall)}</Descriptions.Item>
            <Descriptions.Item label="应付（未清偿）">{yuan(data.owed)}</Descriptions.Item>
            <Descriptions.Item label="预警">
              <Tag color={LEVELS[data.level].tag} data-testid="prepaid-level">
                {LEVELS[data.level].label}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          <UsageBar usage={data.usage} level={data.level} label="预付金使用率" />
        </Card>
      )}
      {data && (
        <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>紧急调增通知</h2>}>
          {data.topup_requests.length === 0 ? (
            <Empty description="无未办结的紧急调增通知" />
          ) : (
            <Table
              size="small"
              rowKey={(r) => `${r.level}-${r.requested_at}`}
              pagination={false}
              dataSource={[...data.topup_requests]}
              columns={[
                {
                  title: '预警',
                  key: 'level',
                  render: (_, r) => <Tag color={LEVELS[r.level].tag}>{LEVELS[r.level].label}</Tag>,
                },
                {
                  title: '使用率',
                  key: 'usage',
                  render: (_, r) => (r.usage === null ? '无预付金' : percent(r.usage)),
                },
                { title: '当时余额', key: 'balance', align: 'right', render: (_, r) => yuan(r.balance) },
                { title: '当时应付', key: 'owed', align: 'right', render: (_, r) => yuan(r.owed) },
                { title: '请求调增', key: 'requested', align: 'right', render: (_, r) => yuan(r.requested) },
                { title: '通知时间', dataIndex: 'requested_at' },
              ]}
            />
          )}
        </Card>
      )}
      <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>登记缴存</h2>}>
        {!provincial && (
          <Alert
            type="info"
            showIcon
            title="预付金由省级经办机构缴存，本账号只能查看"
            style={{ marginBottom: 12 }}
          />
        )}
        <Form form={form} layout="inline" onFinish={submit} requiredMark={false} disabled={!provincial}>
          <Form.Item
            label="缴存金额（元）"
            name="amount"
            rules={[{ required: true, message: '请输入缴存金额' }]}
          >
            <InputNumber min={0.01} precision={2} step={10000} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            label="缴存编号"
            name="id"
            rules={[
              { required: true, message: '请输入缴存编号' },
              { pattern: /^[A-Za-z0-9_.:-]{1,64}$/, message: '编号由字母、数字和 _ . : - 组成' },
            ]}
          >
            <Input style={{ width: 200 }} placeholder="如 HB-2026-06" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={sending}>
              登记缴存
            </Button>
          </Form.Item>
        </Form>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} />}
        {done && <Alert type="success" showIcon title={done} style={{ marginTop: 12 }} />}
      </Card>
    </Space>
  );
}
