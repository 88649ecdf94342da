// 就医地监控 (#/console/monitoring): how the province's hospitals treat patients from other provinces over a month range
// — the summary cards, average cost per admission against the province's norm per institution (chart), the figures
// per institution × insured province, the alert list, and the province's thresholds (read by all, changed by
// province-wide staff).
import { Alert, Card, Col, DatePicker, Empty, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ChartBoundary } from '../dashboard/chart-boundary.tsx';
import { type ChartOption, EChart } from '../dashboard/echart.tsx';
import { query } from '../shared/api.ts';
import { amount, chinaToday, yuan } from '../shared/format.ts';
import { useLoad, useRegionName } from './console-api.ts';
import {
  ALERT_NAMES,
  type AlertKind,
  bpPercent,
  type MonitoringAlert,
  type MonitoringAnswer,
  type MonitoringInstitution,
} from './management-api.ts';
import { MonitoringThresholds } from './monitoring-thresholds.tsx';

/** The server refuses more (MAX_MONITORING_MONTHS). */
const MAX_MONTHS = 12;

/** This month and the two before it, in China. */
function defaultRange(): [Dayjs, Dayjs] {
  const month = dayjs(chinaToday()).startOf('month');
  return [month.subtract(2, 'month'), month];
}

export function MonitoringScreen() {
  const regionName = useRegionName();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(defaultRange);
  const [from, to] = range.map((m) => m.format('YYYY-MM')) as [string, string];
  const { data, error, loading, reload } = useLoad<MonitoringAnswer>(
    `/api/console/monitoring${query({ from, to })}`,
  );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label htmlFor="monitoring-range">统计月份</label>
        <DatePicker.RangePicker
          id={{ start: 'monitoring-range' }}
          picker="month"
          allowClear={false}
          value={range}
          aria-label="统计月份"
          disabledDate={(current, info) =>
            info.from ? Math.abs(current.diff(info.from, 'month')) >= MAX_MONTHS : false
          }
          onChange={(values) => {
            if (values?.[0] && values[1]) setRange([values[0], values[1]]);
          }}
        />
        <Typography.Text type="secondary">
          按结算时间统计，最多 {MAX_MONTHS} 个月；仅统计外省参保人
        </Typography.Text>
      </div>
      {error && <Alert type="error" showIcon title="监控数据读取失败" description={error} />}
      <SummaryCards data={data} loading={loading && !data} />
      {loading && !data && <Spin description="正在统计…" style={{ display: 'block', margin: 24 }} />}
      {data && (
        <Spin spinning={loading}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
            <CostChart data={data} />
            <InstitutionTable data={data} regionName={regionName} />
            <AlertList alerts={data.alerts} regionName={regionName} />
          </div>
        </Spin>
      )}
      <MonitoringThresholds onSaved={reload} />
    </div>
  );
}

/** The console's figures at a glance (the "dashboard" of 就医地管理): the top of this page. */
function SummaryCards({ data, loading }: { readonly data?: MonitoringAnswer; readonly loading: boolean }) {
  const s = data?.summary;
  const byKind = (kind: AlertKind) => s?.alerts_by_kind[kind] ?? 0;
  const cards = [
    {
      title: '结算笔数',
      value: s ? s.settlements.toLocaleString('zh-CN') : '—',
      note: s ? `住院 ${s.inpatient_admissions.toLocaleString('zh-CN')} 人次 · 已扣除撤销` : '已扣除撤销',
    },
    {
      title: '住院次均费用',
      value: yuan(s?.average_cost),
      note: `本省标准 ${yuan(data?.norm_cost)}`,
    },
    {
      title: '自付比例',
      value: bpPercent(s?.selfpaid_share_bp),
      note: s ? `自付 ${yuan(s.selfpaid_amt)} / 医疗费 ${yuan(s.medfee_sumamt)}` : '全自费＋超限价＋先行自付',
    },
    {
      title: '预警条数',
      value: s ? String(s.alerts) : '—',
      note: (Object.keys(ALERT_NAMES) as AlertKind[])
        .map((kind) => `${ALERT_NAMES[kind].label} ${byKind(kind)}`)
        .join(' · '),
    },
  ];
  return (
    <Row gutter={[12, 12]} role="list" aria-label="就医地监控概况">
      {cards.map((card) => (
        <Col key={card.title} xs={12} xl={6} role="listitem">
          <Card size="small" loading={loading} style={{ height: '100%' }}>
            <Statistic
              title={card.title}
              value={card.value}
              formatter={() => (
                <span data-testid={`monitoring-${card.title}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {card.value}
                </span>
              )}
              styles={{ content: { fontSize: 22 } }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {card.note}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function costOption(data: MonitoringAnswer): ChartOption {
  const rows = data.per_institution.filter((r) => r.average_cost !== null);
  const money = (value: unknown) => yuan(Number(value));
  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 40, bottom: 48 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.fixmedins_name),
      axisLabel: { interval: 0, width: 120, overflow: 'truncate' },
    },
    yAxis: { type: 'value', name: '元' },
    series: [
      {
        id: 'average',
        name: '住院次均费用',
        type: 'bar',
        color: '#1668dc',
        barMaxWidth: 40,
        data: rows.map((r) => r.average_cost ?? 0),
        tooltip: { valueFormatter: money },
      },
      {
        id: 'norm',
        name: '本省标准',
        type: 'bar',
        color: '#bfbfbf',
        barMaxWidth: 40,
        data: rows.map(() => data.norm_cost ?? 0),
        tooltip: { valueFormatter: money },
      },
    ],
  };
}

function CostChart({ data }: { readonly data: MonitoringAnswer }) {
  const option = useMemo(() => costOption(data), [data]);
  const rows = data.per_institution.filter((r) => r.average_cost !== null);
  const label = `各机构住院次均费用与本省标准${yuan(data.norm_cost)}对比：${rows
    .map((r) => `${r.fixmedins_name}${yuan(r.average_cost)}`)
    .join('，')}`;
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>住院次均费用对比本省标准</h2>}>
      {rows.length === 0 ? (
        <Empty description="所选月份无外省参保人住院结算" />
      ) : (
        <ChartBoundary>
          <EChart option={option} label={label} testId="monitoring-cost-chart" style={{ height: 300 }} />
        </ChartBoundary>
      )}
    </Card>
  );
}

function InstitutionTable({
  data,
  regionName,
}: {
  readonly data: MonitoringAnswer;
  readonly regionName: (admdvs: string) => string;
}) {
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>机构 × 参保省</h2>}>
      <Table<MonitoringInstitution>
        size="small"
        aria-label="机构监控指标"
        rowKey={(r) => `${r.fixmedins_code}-${r.insured_province}`}
        pagination={false}
        dataSource={[...data.institutions]}
        locale={{ emptyText: '所选月份无外省参保人结算' }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: '定点机构',
            key: 'institution',
            render: (_, r) => (
              <span>
                {r.fixmedins_name}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.fixmedins_code}
                </Typography.Text>
              </span>
            ),
          },
          { title: '参保省', key: 'insured', render: (_, r) => regionName(r.insured_province) },
          { title: '结算笔数', dataIndex: 'settlements', align: 'right' },
          { title: '医疗费用(元)', key: 'medfee', align: 'right', render: (_, r) => amount(r.medfee_sumamt) },
          {
            title: '自付费用(元)',
            key: 'selfpaid',
            align: 'right',
            render: (_, r) => amount(r.selfpaid_amt),
          },
          {
            title: '自付比例',
            key: 'share',
            align: 'right',
            render: (_, r) => bpPercent(r.selfpaid_share_bp),
          },
          { title: '住院人次', dataIndex: 'inpatient_admissions', align: 'right' },
          {
            title: '次均费用(元)',
            key: 'average',
            align: 'right',
            render: (_, r) => amount(r.average_cost),
          },
          { title: '本省标准(元)', key: 'norm', align: 'right', render: (_, r) => amount(r.norm_cost) },
          {
            title: '高出标准',
            key: 'over',
            align: 'right',
            render: (_, r) =>
              r.over_norm_bp === null ? (
                '—'
              ) : (
                <span
                  style={{ color: r.over_norm_bp > data.settings.cost_over_norm_bp ? '#cf1322' : undefined }}
                >
                  {bpPercent(r.over_norm_bp)}
                </span>
              ),
          },
        ]}
      />
    </Card>
  );
}

function AlertList({
  alerts,
  regionName,
}: {
  readonly alerts: readonly MonitoringAlert[];
  readonly regionName: (admdvs: string) => string;
}) {
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>预警清单（{alerts.length}）</h2>}>
      <Table<MonitoringAlert>
        size="small"
        aria-label="预警清单"
        rowKey={(a, i) => `${a.kind}-${a.fixmedins_code}-${a.insured_province}-${a.mdtrt_id ?? ''}-${i}`}
        dataSource={[...alerts]}
        locale={{ emptyText: '所选月份无预警' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '类型',
            key: 'kind',
            width: 120,
            render: (_, a) => (
              <Tag color={ALERT_NAMES[a.kind]?.color}>{ALERT_NAMES[a.kind]?.label ?? a.kind}</Tag>
            ),
          },
          { title: '定点机构', dataIndex: 'fixmedins_code', width: 140 },
          { title: '参保省', key: 'insured', width: 100, render: (_, a) => regionName(a.insured_province) },
          { title: '参保人', key: 'psn', width: 120, render: (_, a) => a.psn_no ?? '—' },
          { title: '就诊ID', key: 'mdtrt', width: 140, render: (_, a) => a.mdtrt_id ?? '—' },
          { title: '说明', dataIndex: 'explanation' },
        ]}
      />
    </Card>
  );
}
