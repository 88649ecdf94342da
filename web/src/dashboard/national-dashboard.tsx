// 全国监测 (#/dashboard): cross-province direct settlement as the national hub sees it, refreshed every few seconds.
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { yuan } from '../shared/format.ts';
import { ChartBoundary } from './chart-boundary.tsx';
import {
  activeProvinces,
  coverageOption,
  flowOption,
  MAP_ASPECT,
  monthlyOption,
  provinceOption,
  sharePercent,
} from './chart-options.ts';
import { EChart } from './echart.tsx';
import { FLOWS_LISTED, FlowTable } from './flow-table.tsx';
import { PrepaidSection } from './prepaid-section.tsx';
import { shortName } from './provinces.ts';
import type { NationalStats } from './stats-types.ts';
import { SummaryCards } from './summary-cards.tsx';
import { type MonthRange, REFRESH_MS, useLiveStats } from './use-live-stats.ts';

const NO_SETTLEMENTS =
  '所选期间暂无跨省直接结算。用 yidi simulate 产生交易后，本页每 5 秒自动刷新，数字随之变化。';

const hasSettlements = (stats: NationalStats): boolean =>
  stats.flows.length > 0 || stats.months.some((m) => m.settlements !== 0 || m.fund_pay_sumamt !== '0.00');

function monthlyLabel(stats: NationalStats): string {
  const months = stats.months.filter((m) => m.settlements !== 0);
  const listed = months.map((m) => `${m.month} ${m.settlements} 人次、基金支付 ${yuan(m.fund_pay_sumamt)}`);
  return `按月结算人次和基金支付，${stats.from} 至 ${stats.to}：${listed.join('；') || '无'}`;
}

function provinceLabel(stats: NationalStats): string {
  const listed = activeProvinces(stats).map(
    (p) =>
      `${shortName(p.name)} 作为就医地 ${p.as_treatment.settlements} 人次、作为参保地 ${p.as_insured.settlements} 人次`,
  );
  return `按省结算人次：${listed.join('；') || '无'}`;
}

function coverageLabel(stats: NationalStats): string {
  const listed = stats.provinces
    .filter((p) => p.coverage.hospitals + p.coverage.pharmacies > 0)
    .map(
      (p) =>
        `${shortName(p.name)} 医疗机构 ${p.coverage.hospitals} 家、药店 ${p.coverage.pharmacies} 家、县域覆盖 ${sharePercent(p.coverage.county_share)}`,
    );
  return `各省联网定点医药机构和县域覆盖率：${listed.join('；') || '无'}`;
}

function ChartCard({
  title,
  extra,
  children,
}: {
  readonly title: string;
  readonly extra?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{title}</h2>} extra={extra}>
      <ChartBoundary>{children}</ChartBoundary>
    </Card>
  );
}

export function NationalDashboard() {
  const [range, setRange] = useState<MonthRange>({});
  const [live, setLive] = useState(true);
  const { stats, error, checkedAt } = useLiveStats(range, live);
  const loading = stats === undefined && error === undefined;

  const options = useMemo(
    () =>
      stats && {
        monthly: monthlyOption(stats),
        provinces: provinceOption(stats),
        flows: flowOption(stats),
        coverage: coverageOption(stats),
      },
    [stats],
  );
  const any = stats ? hasSettlements(stats) : false;
  const shown: [Dayjs, Dayjs] | null = stats ? [dayjs(stats.from), dayjs(stats.to)] : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
          全国跨省异地就医直接结算监测
        </Typography.Title>
        <Flex wrap gap={12} align="center">
          <DatePicker.RangePicker
            picker="month"
            aria-label="统计月份"
            value={shown}
            allowClear
            disabledDate={(month) => month.isAfter(dayjs(), 'month')}
            onChange={(months) =>
              setRange(
                months?.[0] && months[1]
                  ? { from: months[0].format('YYYY-MM'), to: months[1].format('YYYY-MM') }
                  : {},
              )
            }
          />
          <Button onClick={() => setRange({})} disabled={range.from === undefined && range.to === undefined}>
            近 12 个月
          </Button>
          <Space size={6}>
            <Switch id="dashboard-live" checked={live} onChange={setLive} aria-label="自动刷新" />
            <label htmlFor="dashboard-live">每 {REFRESH_MS / 1000} 秒自动刷新</label>
          </Space>
          <Typography.Text type="secondary" aria-live="polite">
            {checkedAt ? `数据时间 ${checkedAt}` : '正在读取…'}
          </Typography.Text>
        </Flex>
      </Flex>

      {error && (
        <Alert
          type="error"
          showIcon
          title="统计数据读取失败"
          description={`${error}${stats ? '（仍显示上一次的数据）' : ''}；稍后会自动重试。`}
        />
      )}
      {stats && stats.nodes.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${stats.nodes.missing.length} 个省级节点未响应`}
          description={`以下省份医院的结算未计入：${stats.nodes.missing
            .map((m) => shortName(stats.provinces.find((p) => p.province === m.province)?.name ?? m.province))
            .join('、')}`}
        />
      )}

      <SummaryCards totals={stats?.totals} loading={loading} />

      <ChartCard
        title="跨省流向（参保地 → 就医地）"
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            各省以省会位置示意
          </Typography.Text>
        }
      >
        {loading ? (
          <Skeleton active />
        ) : !stats || !options || !any ? (
          <Empty description={NO_SETTLEMENTS} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <EChart
                option={options.flows}
                testId="flow-map"
                label={`跨省流向图，共 ${stats.flows.length} 条，结算人次最多的：${
                  stats.flows
                    .slice(0, FLOWS_LISTED)
                    .map(
                      (f) =>
                        `${shortName(f.insured_name)} → ${shortName(f.treatment_name)} ${f.settlements} 人次`,
                    )
                    .join('；') || '无'
                }`}
                style={{ height: 'auto', aspectRatio: MAP_ASPECT, maxWidth: 680, margin: '0 auto' }}
              />
            </Col>
            <Col xs={24} lg={9}>
              <FlowTable flows={stats.flows} />
            </Col>
          </Row>
        )}
      </ChartCard>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <ChartCard title="按月结算">
            {loading ? (
              <Skeleton active />
            ) : !stats || !options || !any ? (
              <Empty description={NO_SETTLEMENTS} />
            ) : (
              <EChart option={options.monthly} label={monthlyLabel(stats)} testId="monthly-chart" />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={15}>
          <ChartCard title="按省结算（就医地 / 参保地）">
            {loading ? (
              <Skeleton active />
            ) : !stats || !options || !any ? (
              <Empty description={NO_SETTLEMENTS} />
            ) : (
              <EChart option={options.provinces} label={provinceLabel(stats)} testId="province-chart" />
            )}
          </ChartCard>
        </Col>
      </Row>

      <ChartCard title="联网覆盖">
        {loading ? (
          <Skeleton active />
        ) : !stats || !options ? null : stats.coverage.hospitals + stats.coverage.pharmacies === 0 ? (
          <Empty description="全国联网定点医药机构目录为空（加载数据集后显示）" />
        ) : (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text data-testid="coverage-summary">
              全国联网定点医疗机构 {stats.coverage.hospitals.toLocaleString('zh-CN')} 家、定点零售药店{' '}
              {stats.coverage.pharmacies.toLocaleString('zh-CN')} 家；
              {stats.coverage.counties.toLocaleString('zh-CN')} 个县级行政区中{' '}
              {stats.coverage.counties_with_hospital.toLocaleString('zh-CN')} 个有联网医疗机构（
              {sharePercent(stats.coverage.county_share)}）。
            </Typography.Text>
            <EChart option={options.coverage} label={coverageLabel(stats)} testId="coverage-chart" />
          </Space>
        )}
      </ChartCard>

      <PrepaidSection
        names={Object.fromEntries((stats?.provinces ?? []).map((p) => [p.province, p.name]))}
        live={live}
      />
    </Space>
  );
}
