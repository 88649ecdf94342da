// 异地就医费用明细 of one settlement: the bill split by the treatment place's catalogue, the insured place's fund
// layers with the engine's own explanation, the fee lines, and the sums that must hold.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Result, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, getJson } from '../../shared/api.ts';
import { amount, percent, yuan } from '../../shared/format.ts';
import type { FeeLine, FundLayer, SettlementDetail } from '../api-types.ts';
import { CardTitle, LoadError, Loading } from '../feedback.tsx';
import { PlainList } from '../plain-list.tsx';
import { PORTAL, settlementRoute } from '../routes.ts';
import { useLoad } from '../use-load.ts';
import { SettlementStatus } from './settlements-page.tsx';

const LEVEL_COLORS: Readonly<Record<string, string>> = { '01': 'green', '02': 'blue', '03': 'orange' };

function Overview({ s }: { readonly s: SettlementDetail }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'inst', label: '医疗机构', children: s.fixmedins_name },
        { key: 'place', label: '就医地', children: s.treatment.name },
        { key: 'type', label: '医疗类别', children: s.med_type_name },
        { key: 'insutype', label: '险种', children: s.insutype_name },
        {
          key: 'time',
          label: s.inpatient ? '住院时间' : '就诊时间',
          children: s.endtime ? `${s.begntime} 至 ${s.endtime}` : s.begntime,
        },
        { key: 'setl', label: '结算时间', children: s.setl_time },
        { key: 'id', label: '结算ID', children: s.setl_id },
        { key: 'status', label: '状态', children: <SettlementStatus item={s} /> },
      ]}
    />
  );
}

function Amounts({ s }: { readonly s: SettlementDetail }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'medfee', label: '医疗费总额', children: yuan(s.medfee_sumamt) },
        { key: 'fund', label: '基金支付', children: yuan(s.fund_pay_sumamt) },
        { key: 'psn', label: '个人负担', children: yuan(s.psn_part_amt) },
        { key: 'acct', label: '其中个人账户', children: yuan(s.acct_pay) },
        { key: 'cash', label: '其中个人现金', children: yuan(s.psn_cash_pay) },
        { key: 'hosp', label: '医院负担', children: yuan(s.hosp_part_amt) },
        { key: 'avoided', label: '减少垫付', children: yuan(s.advance_avoided) },
        { key: 'balc', label: '结算后个人账户余额', children: yuan(s.balc) },
      ]}
    />
  );
}

function CatalogueSplit({ s }: { readonly s: SettlementDetail }) {
  const c = s.catalogue;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'sum', label: '医疗费总额', children: yuan(c.medfee_sumamt) },
        { key: 'own', label: '全自费', children: yuan(c.fulamt_ownpay_amt) },
        { key: 'over', label: '超限价自费', children: yuan(c.overlmt_selfpay) },
        { key: 'pre', label: '先行自付', children: yuan(c.preselfpay_amt) },
        { key: 'scope', label: '符合政策范围', children: yuan(c.inscp_scp_amt) },
      ]}
    />
  );
}

function Funds({ s }: { readonly s: SettlementDetail }) {
  return (
    <>
      <Typography.Paragraph>
        本次起付线 {yuan(s.act_pay_dedc)}
        {s.pool_prop_selfpay !== null && `，统筹基金支付比例 ${percent(s.pool_prop_selfpay)}`}
      </Typography.Paragraph>
      <PlainList
        items={s.funds}
        itemKey={(f) => f.fund_pay_type}
        empty={<Typography.Text type="secondary">{'本次没有基金支付'}</Typography.Text>}
        renderItem={(f: FundLayer) => (
          <>
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{f.fund_pay_type_name}</Typography.Text>
              <Typography.Text strong>{yuan(f.fund_payamt)}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary">
              计算基数 {yuan(f.inscp_scp_amt)}，本次可支付限额 {yuan(f.crt_payb_lmt_amt)}
            </Typography.Text>
            {/* The engine's explanation, verbatim: it is what the insured place decided, in its own words. */}
            <div>
              <Typography.Text code>{f.setl_proc_info}</Typography.Text>
            </div>
          </>
        )}
      />
    </>
  );
}

function FeeLines({ s }: { readonly s: SettlementDetail }) {
  if (s.lines.length === 0)
    return <Alert type="info" showIcon title={s.lines_note ?? '本次结算没有费用明细'} />;
  return (
    <Table<FeeLine>
      rowKey="feedetl_sn"
      size="small"
      dataSource={[...s.lines]}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: '项目',
          key: 'name',
          fixed: 'left',
          render: (_, l) =>
            l.name ?? <Typography.Text type="secondary">{l.med_list_codg}（目录外）</Typography.Text>,
        },
        {
          title: '等级',
          dataIndex: 'chrgitm_lv_name',
          render: (name: string, l) => <Tag color={LEVEL_COLORS[l.chrgitm_lv] ?? 'default'}>{name}</Tag>,
        },
        { title: '类别', dataIndex: 'med_chrgitm_type_name', render: (v: string | null) => v ?? '—' },
        { title: '数量', dataIndex: 'cnt', align: 'right' },
        { title: '单价（元）', dataIndex: 'pric', align: 'right' },
        { title: '金额（元）', dataIndex: 'det_item_fee_sumamt', align: 'right', render: amount },
        { title: '全自费（元）', dataIndex: 'fulamt_ownpay_amt', align: 'right', render: amount },
        { title: '超限价（元）', dataIndex: 'overlmt_amt', align: 'right', render: amount },
        { title: '先行自付（元）', dataIndex: 'preselfpay_amt', align: 'right', render: amount },
        { title: '符合范围（元）', dataIndex: 'inscp_scp_amt', align: 'right', render: amount },
        { title: '自付比例', dataIndex: 'selfpay_prop', align: 'right', render: (p: number) => percent(p) },
        { title: '说明', dataIndex: 'memo' },
      ]}
    />
  );
}

function Conservation({ s }: { readonly s: SettlementDetail }) {
  return (
    <>
      <Alert
        type={s.conservation.holds ? 'success' : 'error'}
        showIcon
        title={s.conservation.holds ? '各项金额相互勾稽一致' : '有金额不能勾稽，请联系就医地医保经办机构'}
        style={{ marginBottom: 8 }}
      />
      <PlainList
        items={s.conservation.checks}
        itemKey={(check) => check.rule}
        renderItem={(check) => (
          <>
            <span>
              {check.holds ? (
                <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="成立" />
              ) : (
                <CloseCircleFilled style={{ color: '#ff4d4f' }} aria-label="不成立" />
              )}{' '}
              {check.text}
            </span>
          </>
        )}
      />
    </>
  );
}

function Counterpart({ s }: { readonly s: SettlementDetail }) {
  if (s.kind === 'cancel' && s.init_setl_id)
    return (
      <Alert
        type="warning"
        showIcon
        title={
          <>
            这是撤销结算（退费）记录，金额为负。原结算：
            <a href={`#${settlementRoute(s.init_setl_id)}`}>{s.init_setl_id}</a>
          </>
        }
      />
    );
  if (s.cancel)
    return (
      <Alert
        type="warning"
        showIcon
        title={
          <>
            本次结算已于 {s.cancel.setl_time} 撤销（撤销记录{' '}
            <a href={`#${settlementRoute(s.cancel.setl_id)}`}>{s.cancel.setl_id}</a>），不再计入待遇。
          </>
        }
      />
    );
  return null;
}

export function SettlementDetailPage({ setlId }: { readonly setlId: string }) {
  const loaded = useLoad(
    () => getJson<SettlementDetail>(`/api/portal/settlements/${encodeURIComponent(setlId)}`),
    [setlId],
  );
  let body: ReactNode;
  if (loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 400))
    body = <Result status="404" title="没有这笔结算" subTitle={`没有结算ID为 ${setlId} 的本人结算记录`} />;
  else if (loaded.error) body = <LoadError error={loaded.error} retry={loaded.reload} />;
  else if (!loaded.data) body = <Loading what="费用明细" />;
  else {
    const s = loaded.data;
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Counterpart s={s} />
        <Card size="small" title={<CardTitle>就医信息</CardTitle>}>
          <Overview s={s} />
        </Card>
        <Card size="small" title={<CardTitle>结算金额</CardTitle>}>
          <Amounts s={s} />
        </Card>
        <Card size="small" title={<CardTitle>按就医地目录划分</CardTitle>}>
          <CatalogueSplit s={s} />
        </Card>
        <Card size="small" title={<CardTitle>按参保地待遇：基金支付</CardTitle>}>
          <Funds s={s} />
        </Card>
        <Card size="small" title={<CardTitle>费用明细</CardTitle>}>
          <FeeLines s={s} />
        </Card>
        <Card size="small" title={<CardTitle>金额勾稽</CardTitle>}>
          <Conservation s={s} />
        </Card>
      </Space>
    );
  }
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          结算明细
        </Typography.Title>
        <a href={`#${PORTAL.settlements}`}>返回我的结算</a>
      </Flex>
      {body}
    </>
  );
}
