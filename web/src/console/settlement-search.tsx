// 结算查询: settlements made in the province's hospitals (就医地管理), with their cancels, what they add up to, and a
// link to each 结算单.
import { Alert, Button, Card, DatePicker, Form, Input, Select, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { query } from '../shared/api.ts';
import { amount } from '../shared/format.ts';
import { optionsOf, type Page, type SettlementRow, useDictionaries, useLoad } from './console-api.ts';

interface SearchValues {
  period?: [Dayjs, Dayjs] | null;
  fixmedins_code?: string;
  insuplc_admdvs?: string;
  med_type?: string;
  status?: string;
}

interface SettlementPage extends Page<SettlementRow> {
  readonly summary: {
    readonly settled: number;
    readonly cancelled: number;
    readonly medfee_sumamt: string;
    readonly fund_pay_sumamt: string;
    readonly psn_part_amt: string;
  };
}

export function SettlementSearch() {
  const d = useDictionaries();
  const [criteria, setCriteria] = useState<Record<string, string | undefined>>({});
  const [paging, setPaging] = useState({ page: 1, page_size: 20 });
  const { data, error, loading } = useLoad<SettlementPage>(
    `/api/console/settlements${query({ ...criteria, ...paging })}`,
  );
  const search = (v: SearchValues) => {
    setCriteria({
      from: v.period?.[0].format('YYYY-MM-DD'),
      to: v.period?.[1].format('YYYY-MM-DD'),
      fixmedins_code: v.fixmedins_code?.trim().toUpperCase(),
      insuplc_admdvs: v.insuplc_admdvs?.trim(),
      med_type: v.med_type,
      status: v.status,
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const s = data?.summary;
  return (
    <>
      <Form
        layout="inline"
        onFinish={search}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label="结算查询条件"
      >
        <Form.Item label="结算日期" name="period">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item
          label="定点机构编号"
          name="fixmedins_code"
          rules={[{ pattern: /^\s*[A-Za-z]\d{11}\s*$/, message: '机构编号为1位字母和11位数字' }]}
        >
          <Input allowClear style={{ width: 160 }} placeholder="如 H46010800012" />
        </Form.Item>
        <Form.Item
          label="参保地代码"
          name="insuplc_admdvs"
          rules={[{ pattern: /^\s*\d{6}\s*$/, message: '区划代码为6位数字' }]}
        >
          <Input allowClear style={{ width: 110 }} placeholder="省或统筹区" />
        </Form.Item>
        <Form.Item label="医疗类别" name="med_type">
          <Select allowClear style={{ width: 150 }} placeholder="全部" options={optionsOf(d.med_type)} />
        </Form.Item>
        <Form.Item label="状态" name="status">
          <Select
            allowClear
            style={{ width: 110 }}
            placeholder="全部"
            options={[
              { value: 'settled', label: '已结算' },
              { value: 'cancelled', label: '已撤销' },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }} aria-label="结算合计">
        <div style={{ display: 'flex', gap: 48, flexWrap: 'wrap' }}>
          <Statistic title="已结算（笔）" value={s?.settled ?? 0} />
          <Statistic title="已撤销（笔）" value={s?.cancelled ?? 0} />
          <Statistic title="医疗费总额（元）" value={amount(s?.medfee_sumamt ?? '0.00')} />
          <Statistic title="基金支付（元，就医地垫付）" value={amount(s?.fund_pay_sumamt ?? '0.00')} />
          <Statistic title="个人负担（元）" value={amount(s?.psn_part_amt ?? '0.00')} />
        </div>
      </Card>
      <Table<SettlementRow>
        rowKey="setl_id"
        size="middle"
        loading={loading}
        aria-label="结算记录"
        dataSource={data?.items as SettlementRow[] | undefined}
        locale={{ emptyText: loading ? '正在读取…' : '没有符合条件的结算' }}
        scroll={{ x: 1100 }}
        pagination={{
          current: paging.page,
          pageSize: paging.page_size,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 笔`,
          onChange: (page, page_size) => setPaging({ page, page_size }),
        }}
        columns={[
          { title: '结算ID', dataIndex: 'setl_id' },
          { title: '结算时间', dataIndex: 'setl_time' },
          { title: '姓名', dataIndex: 'psn_name' },
          { title: '参保地', dataIndex: 'insuplc_name' },
          { title: '定点机构', dataIndex: 'fixmedins_name' },
          { title: '医疗类别', dataIndex: 'med_type_name' },
          { title: '医疗费总额（元）', align: 'right', render: (_, r) => amount(r.medfee_sumamt) },
          { title: '基金支付（元）', align: 'right', render: (_, r) => amount(r.fund_pay_sumamt) },
          { title: '个人负担（元）', align: 'right', render: (_, r) => amount(r.psn_part_amt) },
          {
            title: '状态',
            render: (_, r) =>
              r.cancel ? (
                <span>
                  <Tag>已撤销</Tag>
                  <br />
                  {r.cancel.setl_time}
                </span>
              ) : (
                <Tag color="success">{r.status_name}</Tag>
              ),
          },
          {
            title: '结算单',
            render: (_, r) => (
              <span>
                <a href={r.slip} target="_blank" rel="noreferrer" aria-label={`结算单 ${r.setl_id}`}>
                  结算单
                </a>
                {r.cancel && (
                  <>
                    {' · '}
                    <a
                      href={r.cancel.slip}
                      target="_blank"
                      rel="noreferrer"
                      aria-label={`撤销单 ${r.cancel.setl_id}`}
                    >
                      撤销单
                    </a>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
