// 审核记录 (#/console/audit): the audit hits of fee uploads at the province's hospitals, newest first, and the
// province's rule settings — switch a rule on or off, change its severity, or edit the whole document — put into
// effect by PUT; a refused document shows every problem the server found.
import { Alert, Button, Card, Collapse, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, query } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import { errorText, useLoad, useRegionName, useSession } from './console-api.ts';
import {
  type AuditHit,
  type AuditSettingsAnswer,
  type AuditSettingsDoc,
  putSettings,
  RULE_NAMES,
  type RuleSetting,
  SEVERITY_NAMES,
  SettingsRefused,
  type Severity,
  withRule,
} from './management-api.ts';

const SEVERITY_OPTIONS = (Object.keys(SEVERITY_NAMES) as Severity[]).map((value) => ({
  value,
  label: SEVERITY_NAMES[value].label,
}));
const LIMITS = [50, 100, 500, 1000].map((value) => ({ value, label: `最近 ${value} 条` }));

const ruleName = (id: string) => RULE_NAMES[id] ?? id;
const SeverityTag = ({ severity }: { readonly severity: Severity }) => (
  <Tag color={SEVERITY_NAMES[severity]?.color}>{SEVERITY_NAMES[severity]?.label ?? severity}</Tag>
);

export function AuditScreen() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <AuditHits />
      <AuditSettingsCard />
    </Space>
  );
}

function AuditHits() {
  const regionName = useRegionName();
  const [severity, setSeverity] = useState<Severity>();
  const [limit, setLimit] = useState(100);
  const { data, error, loading, reload } = useLoad<{ province: string; items: AuditHit[] }>(
    `/api/console/audit/hits${query({ severity, limit })}`,
  );
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>审核命中</h2>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="audit-severity">处理方式</label>
        <Select<Severity>
          id="audit-severity"
          allowClear
          placeholder="全部"
          style={{ width: 150 }}
          value={severity}
          onChange={setSeverity}
          options={SEVERITY_OPTIONS}
        />
        <label htmlFor="audit-limit">条数</label>
        <Select<number>
          id="audit-limit"
          style={{ width: 130 }}
          value={limit}
          onChange={setLimit}
          options={LIMITS}
        />
        <Button onClick={reload}>刷新</Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          title="审核记录读取失败"
          description={error}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<AuditHit>
        size="small"
        aria-label="审核记录"
        loading={loading}
        rowKey={(h) => `${h.msgid}-${h.feedetl_sn}-${h.rule}`}
        dataSource={data?.items}
        locale={{ emptyText: loading ? '正在读取…' : '暂无审核命中' }}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 条` }}
        scroll={{ x: 1280 }}
        columns={[
          { title: '审核时间', key: 'at', width: 170, render: (_, h) => chinaTime(h.at) },
          {
            title: '规则',
            key: 'rule',
            width: 170,
            render: (_, h) => (
              <span>
                {ruleName(h.rule)}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {h.rule}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: '处理方式',
            key: 'severity',
            width: 110,
            render: (_, h) => <SeverityTag severity={h.severity} />,
          },
          { title: '定点机构', dataIndex: 'fixmedins_code', width: 140 },
          { title: '就诊ID', dataIndex: 'mdtrt_id', width: 130 },
          {
            title: '费用明细',
            key: 'line',
            width: 130,
            render: (_, h) => `第${h.line_index + 1}条（流水号 ${h.feedetl_sn}）`,
          },
          {
            title: '参保地',
            key: 'insuplc',
            width: 130,
            render: (_, h) => regionName(h.insuplc_admdvs),
          },
          { title: '说明', dataIndex: 'explanation' },
        ]}
      />
    </Card>
  );
}

/** Compiled parameters as a clerk reads them: "tolerance_bp 0；per item". */
function paramsText(params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '—';
  return entries
    .map(
      ([key, value]) =>
        `${key} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join('；');
}

function AuditSettingsCard() {
  const { staff, expired } = useSession();
  const { data, error, loading, reload } = useLoad<AuditSettingsAnswer>('/api/console/audit/settings');
  const [draft, setDraft] = useState<AuditSettingsDoc>({});
  const [text, setText] = useState('{}');
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<SettingsRefused>();
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!data) return;
    setDraft(data.doc);
    setText(JSON.stringify(data.doc, null, 2));
  }, [data]);
  const mayEdit = staff.scope_admdvs === staff.province;
  const changed = data !== undefined && JSON.stringify(draft) !== JSON.stringify(data.doc);

  const save = async (doc: unknown) => {
    setSaving(true);
    setRefused(undefined);
    setFailure(undefined);
    setSaved(false);
    try {
      await putSettings<AuditSettingsAnswer>('/api/console/audit/settings', doc);
      setSaved(true);
      reload();
    } catch (e) {
      if (e instanceof SettingsRefused) setRefused(e);
      else {
        if (e instanceof ApiError && e.status === 401) expired();
        setFailure(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };
  const saveText = () => {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      setRefused(new SettingsRefused('body', ['设置文档不是有效的 JSON']));
      return;
    }
    void save(doc);
  };
  // The draft's own choice where it made one, the effective setting otherwise.
  const shown = (id: string, rule: RuleSetting) => ({
    enabled: draft.rules?.[id]?.enabled ?? rule.enabled,
    severity: draft.rules?.[id]?.severity ?? rule.severity,
  });
  const rows = data ? Object.entries(data.effective).map(([id, rule]) => ({ id, rule })) : [];

  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 16 }}>审核规则设置</h2>}
      extra={
        data?.updated_by ? (
          <Typography.Text type="secondary">
            {data.updated_by} 于 {chinaTime(data.updated_at)} 修改
          </Typography.Text>
        ) : (
          data && <Typography.Text type="secondary">本省未设置，按全国默认</Typography.Text>
        )
      }
    >
      {error && <Alert type="error" showIcon title="审核规则设置读取失败" description={error} />}
      {!mayEdit && (
        <Alert
          type="info"
          showIcon
          title="审核规则设置须由全省经办人员修改，此处仅供查看"
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<{ id: string; rule: RuleSetting }>
        size="small"
        aria-label="审核规则设置"
        loading={loading}
        rowKey="id"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: '规则',
            key: 'rule',
            render: (_, r) => (
              <span>
                {ruleName(r.id)}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.id}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: '启用',
            key: 'enabled',
            render: (_, r) => (
              <Switch
                aria-label={`启用 ${ruleName(r.id)}`}
                checked={shown(r.id, r.rule).enabled}
                disabled={!mayEdit}
                onChange={(enabled) => setDraft((d) => withRule(d, r.id, { enabled }))}
              />
            ),
          },
          {
            title: '处理方式',
            key: 'severity',
            render: (_, r) => (
              <Select<Severity>
                aria-label={`处理方式 ${ruleName(r.id)}`}
                style={{ width: 140 }}
                value={shown(r.id, r.rule).severity}
                disabled={!mayEdit}
                options={SEVERITY_OPTIONS}
                onChange={(severity) => setDraft((d) => withRule(d, r.id, { severity }))}
              />
            ),
          },
          {
            title: '参数（生效值，比例为基点，数量×10⁴）',
            key: 'params',
            render: (_, r) => (
              <Typography.Text code style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
                {paramsText(r.rule.params)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {mayEdit && (
        <Space style={{ marginTop: 12 }} wrap>
          <Button type="primary" onClick={() => save(draft)} loading={saving} disabled={!changed}>
            保存设置
          </Button>
          <Button onClick={() => data && setDraft(data.doc)} disabled={!changed || saving}>
            还原
          </Button>
          {changed && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
        </Space>
      )}
      {refused && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          title={`设置未生效：${refused.problems.length} 处问题${refused.field ? `（${refused.field}）` : ''}`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {refused.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 12 }} />}
      {saved && !refused && !failure && (
        <Alert
          type="success"
          showIcon
          title="设置已生效，此后的费用上传按新设置审核"
          style={{ marginTop: 12 }}
        />
      )}
      {mayEdit && (
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'json',
              label: '编辑设置文档（JSON，参数写法见 docs/audit.md）',
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <label htmlFor="audit-settings-json">设置文档</label>
                  <Input.TextArea
                    id="audit-settings-json"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    autoSize={{ minRows: 6, maxRows: 20 }}
                    style={{ fontFamily: 'monospace' }}
                  />
                  <Button onClick={saveText} loading={saving}>
                    按文档保存
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
