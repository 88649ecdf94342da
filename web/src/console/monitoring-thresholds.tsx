// 监控阈值: the province's monitoring thresholds, shown in percent, days and yuan and sent as basis points and fen
// (PUT /api/console/monitoring/settings); a refused document is shown at the field the server names.
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../shared/api.ts';
import { chinaTime, yuan } from '../shared/format.ts';
import { errorText, useLoad, useSession } from './console-api.ts';
import {
  bpPercent,
  bpToPercentText,
  fenToYuanText,
  type MonitoringSettings,
  type MonitoringSettingsAnswer,
  percentToBp,
  putSettings,
  SettingsRefused,
  yuanToFen,
} from './management-api.ts';

interface Values {
  cost_over_norm: string;
  selfpaid_share: string;
  readmission_days: string;
  high_cost: string;
  norm: string;
}

/** The form's field for each field of the document (the server names the latter). */
const FORM_FIELD: Readonly<Record<keyof MonitoringSettings, keyof Values>> = {
  cost_over_norm_bp: 'cost_over_norm',
  selfpaid_share_bp: 'selfpaid_share',
  readmission_days: 'readmission_days',
  high_cost_fen: 'high_cost',
  norm_fen: 'norm',
};

const valuesOf = (s: MonitoringSettings): Values => ({
  cost_over_norm: bpToPercentText(s.cost_over_norm_bp),
  selfpaid_share: bpToPercentText(s.selfpaid_share_bp),
  readmission_days: String(s.readmission_days),
  high_cost: fenToYuanText(s.high_cost_fen),
  norm: s.norm_fen === null ? '' : fenToYuanText(s.norm_fen),
});

/** The document of the form's values; the form's rules have checked each conversion. */
const docOf = (v: Values): MonitoringSettings => ({
  cost_over_norm_bp: percentToBp(v.cost_over_norm) ?? -1,
  selfpaid_share_bp: percentToBp(v.selfpaid_share) ?? -1,
  readmission_days: /^\d+$/.test(v.readmission_days.trim()) ? Number(v.readmission_days) : -1,
  high_cost_fen: yuanToFen(v.high_cost) ?? -1,
  norm_fen: v.norm.trim() === '' ? null : (yuanToFen(v.norm) ?? -1),
});

const percentRule = { pattern: /^\s*\d{1,4}(\.\d{1,2})?\s*$/, message: '百分比，至多两位小数' };
const yuanRule = { pattern: /^\s*\d{1,11}(\.\d{1,2})?\s*$/, message: '金额（元），至多两位小数' };

export function MonitoringThresholds({ onSaved }: { readonly onSaved: () => void }) {
  const { staff, expired } = useSession();
  const { data, error, reload } = useLoad<MonitoringSettingsAnswer>('/api/console/monitoring/settings');
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>();
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState(false);
  const mayEdit = staff.scope_admdvs === staff.province;

  const save = async (doc: Partial<MonitoringSettings>) => {
    setSaving(true);
    setProblems(undefined);
    setFailure(undefined);
    setSaved(false);
    try {
      await putSettings<MonitoringSettingsAnswer>('/api/console/monitoring/settings', doc);
      setSaved(true);
      setEditing(false);
      reload();
      onSaved();
    } catch (e) {
      if (e instanceof SettingsRefused) {
        setProblems(e.problems);
        const key = e.field?.replace(/^body\./, '') as keyof MonitoringSettings | undefined;
        const field = key && FORM_FIELD[key];
        if (field) form.setFields([{ name: field, errors: [e.problems[0] ?? '设置有误'] }]);
      } else {
        if (e instanceof ApiError && e.status === 401) expired();
        setFailure(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };

  const s = data?.effective;
  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 16 }}>监控阈值</h2>}
      extra={
        data?.updated_by ? (
          <Typography.Text type="secondary">
            {data.updated_by} 于 {chinaTime(data.updated_at)} 修改
          </Typography.Text>
        ) : (
          data && <Typography.Text type="secondary">本省未设置，按默认阈值</Typography.Text>
        )
      }
    >
      {error && <Alert type="error" showIcon title="监控阈值读取失败" description={error} />}
      {s && !editing && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} aria-label="当前监控阈值">
          <Descriptions.Item label="次均费用超标">
            高于本省标准 {bpPercent(s.cost_over_norm_bp)}
          </Descriptions.Item>
          <Descriptions.Item label="自付比例">超过 {bpPercent(s.selfpaid_share_bp)}</Descriptions.Item>
          <Descriptions.Item label="短期再入院">出院后 {s.readmission_days} 天内（含）</Descriptions.Item>
          <Descriptions.Item label="大额费用">一次住院超过 {yuan(s.high_cost_fen / 100)}</Descriptions.Item>
          <Descriptions.Item label="住院次均费用标准">
            {s.norm_fen === null ? '本省同期平均' : yuan(s.norm_fen / 100)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {mayEdit && !editing && (
        <Space style={{ marginTop: 8 }}>
          <Button onClick={() => setEditing(true)} disabled={!s}>
            修改阈值
          </Button>
          <Button
            onClick={() => save({})}
            loading={saving}
            disabled={!data || Object.keys(data.doc).length === 0}
          >
            恢复默认
          </Button>
        </Space>
      )}
      {!mayEdit && <Typography.Text type="secondary">监控阈值须由全省经办人员修改。</Typography.Text>}
      {editing && s && (
        <Form<Values>
          form={form}
          layout="inline"
          aria-label="监控阈值设置"
          initialValues={valuesOf(s)}
          onFinish={(v) => save(docOf(v))}
          style={{ rowGap: 8 }}
        >
          <Form.Item
            label="次均费用超标阈值(%)"
            name="cost_over_norm"
            rules={[{ required: true, message: '请填写' }, percentRule]}
          >
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item
            label="自付比例阈值(%)"
            name="selfpaid_share"
            rules={[{ required: true, message: '请填写' }, percentRule]}
          >
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item
            label="再入院天数"
            name="readmission_days"
            rules={[
              { required: true, message: '请填写' },
              { pattern: /^\s*\d{1,2}\s*$/, message: '整数天' },
            ]}
          >
            <Input style={{ width: 70 }} />
          </Form.Item>
          <Form.Item
            label="大额费用标准(元)"
            name="high_cost"
            rules={[{ required: true, message: '请填写' }, yuanRule]}
          >
            <Input style={{ width: 130 }} />
          </Form.Item>
          <Form.Item label="次均费用标准(元)" name="norm" rules={[yuanRule]} extra="不填为本省同期平均">
            <Input style={{ width: 130 }} allowClear />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saving}>
                保存阈值
              </Button>
              <Button
                onClick={() => {
                  setEditing(false);
                  setProblems(undefined);
                }}
              >
                取消
              </Button>
            </Space>
          </Form.Item>
        </Form>
      )}
      {problems && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          title="阈值未生效"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 12 }} />}
      {saved && !problems && !failure && (
        <Alert
          type="success"
          showIcon
          title="阈值已生效，上方监控结果已按新阈值重新统计"
          style={{ marginTop: 12 }}
        />
      )}
    </Card>
  );
}
