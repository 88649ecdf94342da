// A settlement answer (2303/2304/2305, 2206/2207/2208) read for people: who pays what, then setlinfo and
// setldetail with each fund's own explanation (setl_proc_info) as the insured node wrote it.
import { Card, Col, Descriptions, Row, Statistic, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { amount, percent, yuan } from '../shared/format.ts';
import { coded } from './labels.ts';
import type { SetlDetail, Settlement } from './national.ts';

interface Props {
  /** Names the region too: the screen has a pre-settlement and a settlement at once. */
  readonly title: string;
  readonly settlement: Settlement;
  readonly extra?: ReactNode;
}

export function SettlementView({ title, settlement, extra }: Props) {
  const s = settlement.setlinfo;
  const figure = (label: string, value: number, strong = false) => (
    <Col xs={12} md={4} role="group" aria-label={label}>
      <Statistic
        title={label}
        value={value}
        formatter={() => yuan(value)}
        styles={{ content: { fontSize: strong ? 22 : 18, fontWeight: strong ? 600 : 400 } }}
      />
    </Col>
  );
  return (
    <section aria-label={title}>
      <Card size="small" title={title} extra={extra}>
        <Row gutter={[16, 8]}>
          {figure('医疗费总额', s.medfee_sumamt)}
          {figure('基金支付', s.fund_pay_sumamt, true)}
          {figure('个人负担', s.psn_part_amt, true)}
          {figure('其中个人账户', s.acct_pay)}
          {figure('其中现金', s.psn_cash_pay)}
          {figure('医院负担', s.hosp_part_amt)}
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          医疗费总额 = 基金支付 + 个人负担 + 医院负担：{amount(s.medfee_sumamt)} = {amount(s.fund_pay_sumamt)}{' '}
          + {amount(s.psn_part_amt)} + {amount(s.hosp_part_amt)}；个人负担由个人账户和现金支付。
        </Typography.Paragraph>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'setl_id', label: '结算ID', children: s.setl_id ?? '（预结算，无结算ID）' },
            { key: 'setl_time', label: '结算时间', children: s.setl_time },
            { key: 'med_type', label: '医疗类别', children: coded('med_type', s.med_type) },
            { key: 'fulamt', label: '全自费', children: yuan(s.fulamt_ownpay_amt) },
            { key: 'overlmt', label: '超限价自费', children: yuan(s.overlmt_selfpay) },
            { key: 'preself', label: '先行自付', children: yuan(s.preselfpay_amt) },
            { key: 'inscp', label: '符合政策范围', children: yuan(s.inscp_scp_amt) },
            { key: 'dedc', label: '起付线（本次）', children: yuan(s.act_pay_dedc) },
            { key: 'hifp', label: '统筹基金支付', children: yuan(s.hifp_pay) },
            { key: 'prop', label: '统筹支付比例', children: percent(s.pool_prop_selfpay) },
            { key: 'hifob', label: '大额医疗费用补助', children: yuan(s.hifob_pay) },
            { key: 'hifmi', label: '城乡居民大病保险', children: yuan(s.hifmi_pay) },
            { key: 'cvlserv', label: '公务员医疗补助', children: yuan(s.cvlserv_pay) },
            { key: 'maf', label: '医疗救助', children: yuan(s.maf_pay) },
            { key: 'balc', label: '账户余额', children: yuan(s.balc) },
            { key: 'insuplc', label: '参保地', children: s.insuplc_admdvs },
            { key: 'pay_loc', label: '支付地点', children: coded('pay_loc', s.pay_loc) },
            { key: 'dcla', label: '备案类别', children: coded('dcla_type', s.dcla_type) },
            {
              key: 'clr',
              label: '清算类别 / 经办机构',
              children: `${coded('clr_type', s.clr_type)} / ${s.clr_optins}`,
            },
          ]}
        />
        <Table<SetlDetail>
          aria-label={`${title} 基金分项`}
          style={{ marginTop: 12 }}
          size="small"
          rowKey="fund_pay_type"
          pagination={false}
          dataSource={[...settlement.setldetail]}
          locale={{ emptyText: '本次无基金支付' }}
          columns={[
            {
              title: '基金',
              key: 'fund',
              render: (_: unknown, d) => `${d.fund_pay_type_name}（${d.fund_pay_type}）`,
            },
            {
              title: '计算基数（元）',
              dataIndex: 'inscp_scp_amt',
              align: 'right',
              render: (v: number) => amount(v),
            },
            {
              title: '本次可支付限额（元）',
              dataIndex: 'crt_payb_lmt_amt',
              align: 'right',
              render: (v: number) => amount(v),
            },
            {
              title: '支付金额（元）',
              dataIndex: 'fund_payamt',
              align: 'right',
              render: (v: number) => amount(v),
            },
            { title: '结算过程', dataIndex: 'setl_proc_info' },
          ]}
        />
      </Card>
    </section>
  );
}
