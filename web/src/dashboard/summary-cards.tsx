// 全国跨省直接结算的总量：结算人次、医疗费用、基金支付、人均减少垫付、实际报销比例（住院 / 门诊）.
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { percent, yuan } from '../shared/format.ts';
import type { FiguresByKind } from './stats-types.ts';

interface CardSpec {
  readonly title: string;
  readonly value: string;
  readonly note: string;
}

function specsOf(totals: FiguresByKind | undefined): CardSpec[] {
  const ratio = (r: number | null | undefined) => percent(r ?? null);
  return [
    {
      title: '结算人次',
      value: totals ? totals.settlements.toLocaleString('zh-CN') : '—',
      note: totals
        ? `住院 ${totals.inpatient.settlements.toLocaleString('zh-CN')} · 门诊 ${totals.outpatient.settlements.toLocaleString('zh-CN')}`
        : '已扣除撤销',
    },
    { title: '医疗费用', value: yuan(totals?.medfee_sumamt), note: '医疗费总额' },
    { title: '基金支付', value: yuan(totals?.fund_pay_sumamt), note: '统筹及各项基金' },
    {
      title: '人均减少垫付',
      value: yuan(totals?.advance_avoided_per_settlement),
      note: '基金支付 ÷ 结算人次',
    },
    {
      title: '实际报销比例（住院）',
      value: ratio(totals?.inpatient.reimbursement_ratio),
      note: '基金支付 ÷ 医疗费用',
    },
    {
      title: '实际报销比例（门诊）',
      value: ratio(totals?.outpatient.reimbursement_ratio),
      note: '基金支付 ÷ 医疗费用',
    },
  ];
}

export function SummaryCards({
  totals,
  loading,
}: {
  readonly totals: FiguresByKind | undefined;
  readonly loading: boolean;
}) {
  return (
    <Row gutter={[12, 12]} role="list" aria-label="全国跨省直接结算总量">
      {specsOf(totals).map((spec) => (
        <Col key={spec.title} xs={12} md={8} xl={4} role="listitem">
          <Card size="small" loading={loading} style={{ height: '100%' }}>
            <Statistic
              title={spec.title}
              value={spec.value}
              formatter={() => (
                <span data-testid={`card-${spec.title}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {spec.value}
                </span>
              )}
              styles={{ content: { fontSize: 22 } }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {spec.note}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
