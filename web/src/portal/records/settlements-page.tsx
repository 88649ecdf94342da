// 我的结算: every settlement of the person (off-site and local), newest first, with the year's totals and the
// advance the person did not have to pay (减少垫付).
import { Card, Col, Flex, Grid, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { getJson, query } from '../../shared/api.ts';
import { amount, chinaToday, yuan } from '../../shared/format.ts';
import type { SettlementItem, SettlementList } from '../api-types.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { PlainList } from '../plain-list.tsx';
import { settlementRoute } from '../routes.ts';
import { useLoad } from '../use-load.ts';

/** How many past years the year filter offers. */
const YEARS_SHOWN = 5;

export function SettlementStatus({ item }: { readonly item: SettlementItem }) {
  const color = item.kind === 'cancel' ? 'orange' : item.status === 'cancelled' ? 'default' : 'success';
  return (
    <Flex gap={4} wrap>
      <Tag color={color}>{item.status_name}</Tag>
      {item.cross_province ? <Tag color="blue">跨省</Tag> : <Tag>本省</Tag>}
    </Flex>
  );
}

function Summary({ summary }: { readonly summary: SettlementList['summary'] }) {
  const figures = [
    { title: '有效结算', value: `${summary.settled} 笔` },
    { title: '医疗费总额', value: yuan(summary.medfee_sumamt) },
    { title: '基金支付', value: yuan(summary.fund_pay_sumamt) },
    { title: '个人负担', value: yuan(summary.psn_part_amt) },
    { title: '减少垫付', value: yuan(summary.advance_avoided) },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {figures.map((f) => (
        <Col key={f.title} xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={f.title} value={f.value} styles={{ content: { fontSize: 18 } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

const link = (s: SettlementItem) => <a href={`#${settlementRoute(s.setl_id)}`}>{s.fixmedins_name}</a>;

function SettlementTable({ items }: { readonly items: readonly SettlementItem[] }) {
  return (
    <Table<SettlementItem>
      rowKey="setl_id"
      dataSource={[...items]}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: '结算时间', dataIndex: 'setl_time' },
        {
          title: '医疗机构 / 就医地',
          key: 'institution',
          render: (_, s) => (
            <>
              {link(s)}
              <div style={{ color: '#888' }}>{s.treatment.name}</div>
            </>
          ),
        },
        { title: '医疗类别', dataIndex: 'med_type_name' },
        { title: '医疗费总额（元）', dataIndex: 'medfee_sumamt', align: 'right', render: amount },
        { title: '基金支付（元）', dataIndex: 'fund_pay_sumamt', align: 'right', render: amount },
        { title: '个人负担（元）', dataIndex: 'psn_part_amt', align: 'right', render: amount },
        { title: '状态', key: 'status', render: (_, s) => <SettlementStatus item={s} /> },
      ]}
    />
  );
}

function SettlementCards({ items }: { readonly items: readonly SettlementItem[] }) {
  return (
    <PlainList
      items={items}
      itemKey={(s) => s.setl_id}
      renderItem={(s) => (
        <>
          <Flex justify="space-between" gap={8}>
            <Typography.Text strong>{link(s)}</Typography.Text>
            <SettlementStatus item={s} />
          </Flex>
          <div style={{ color: '#666' }}>
            {s.setl_time} · {s.med_type_name} · {s.treatment.name}
          </div>
          <div>
            医疗费 {yuan(s.medfee_sumamt)}，基金支付 {yuan(s.fund_pay_sumamt)}，个人负担{' '}
            {yuan(s.psn_part_amt)}
          </div>
        </>
      )}
    />
  );
}

export function SettlementsPage() {
  const [year, setYear] = useState<number | undefined>();
  const wide = Grid.useBreakpoint().md === true;
  const list = useLoad(() => getJson<SettlementList>(`/api/portal/settlements${query({ year })}`), [year]);
  const thisYear = Number(chinaToday().slice(0, 4));
  const years = Array.from({ length: YEARS_SHOWN }, (_, i) => thisYear - i);

  let body: ReactNode;
  if (list.error) body = <LoadError error={list.error} retry={list.reload} />;
  else if (!list.data || list.loading) body = <Loading what="结算记录" />;
  else
    body = (
      <>
        <Summary summary={list.data.summary} />
        {list.data.settlements.length === 0 ? (
          <Nothing>{year ? `${year}年没有结算记录` : '还没有结算记录'}</Nothing>
        ) : wide ? (
          <SettlementTable items={list.data.settlements} />
        ) : (
          <SettlementCards items={list.data.settlements} />
        )}
      </>
    );

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          异地就医费用明细
        </Typography.Title>
        <Flex align="center" gap={8}>
          <label htmlFor="settlements-year">结算年度</label>
          <Select
            id="settlements-year"
            style={{ width: 120 }}
            value={year ?? 0}
            onChange={(value: number) => setYear(value === 0 ? undefined : value)}
            options={[{ value: 0, label: '全部年度' }, ...years.map((y) => ({ value: y, label: `${y}年` }))]}
          />
        </Flex>
      </Flex>
      {body}
    </>
  );
}
