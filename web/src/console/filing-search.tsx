// 备案查询: filings of persons insured in the clerk's scope by state, person, category, place and submission date,
// newest first; a filing opens in the drawer, where a standing one can be cancelled (撤销).
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { query } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import { DCLA_TYPES, FILING_STATUS_COLORS, type FilingView, type Page, useLoad } from './console-api.ts';
import { FilingDrawer } from './filing-drawer.tsx';

interface SearchValues {
  status?: string;
  certno?: string;
  psn_no?: string;
  dcla_type?: string;
  mdtrtarea_admdvs?: string;
  submitted?: [Dayjs, Dayjs] | null;
}

const STATUSES = [
  { value: 'submitted', label: '待审核' },
  { value: 'approved', label: '已备案' },
  { value: 'rejected', label: '未通过' },
  { value: 'cancelled', label: '已撤销' },
];

export function FilingSearch() {
  const [criteria, setCriteria] = useState<Record<string, string | undefined>>({});
  const [paging, setPaging] = useState({ page: 1, page_size: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad<Page<FilingView>>(
    `/api/console/filings${query({ ...criteria, ...paging })}`,
  );
  const search = (values: SearchValues) => {
    setCriteria({
      status: values.status,
      certno: values.certno?.trim().toUpperCase(),
      psn_no: values.psn_no?.trim(),
      dcla_type: values.dcla_type,
      mdtrtarea_admdvs: values.mdtrtarea_admdvs?.trim(),
      from: values.submitted?.[0].format('YYYY-MM-DD'),
      to: values.submitted?.[1].format('YYYY-MM-DD'),
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  return (
    <>
      <Form
        layout="inline"
        onFinish={search}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label="备案查询条件"
      >
        <Form.Item label="状态" name="status">
          <Select allowClear options={STATUSES} style={{ width: 110 }} placeholder="全部" />
        </Form.Item>
        <Form.Item
          label="身份证号码"
          name="certno"
          rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号码为18位' }]}
        >
          <Input allowClear style={{ width: 190 }} />
        </Form.Item>
        <Form.Item
          label="个人编号"
          name="psn_no"
          rules={[{ pattern: /^\s*\d{1,30}\s*$/, message: '个人编号为数字' }]}
        >
          <Input allowClear style={{ width: 190 }} />
        </Form.Item>
        <Form.Item label="备案类别" name="dcla_type">
          <Select allowClear options={[...DCLA_TYPES]} style={{ width: 150 }} placeholder="全部" />
        </Form.Item>
        <Form.Item
          label="就医地代码"
          name="mdtrtarea_admdvs"
          rules={[{ pattern: /^\s*\d{6}\s*$/, message: '区划代码为6位数字' }]}
        >
          <Input allowClear style={{ width: 100 }} placeholder="如 460000" />
        </Form.Item>
        <Form.Item label="提交日期" name="submitted">
          <DatePicker.RangePicker allowEmpty={[false, false]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Table<FilingView>
        rowKey="trt_dcla_detl_sn"
        size="middle"
        loading={loading}
        dataSource={data?.items as FilingView[] | undefined}
        locale={{ emptyText: loading ? '正在读取…' : '没有符合条件的备案' }}
        aria-label="备案查询结果"
        pagination={{
          current: paging.page,
          pageSize: paging.page_size,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (page, page_size) => setPaging({ page, page_size }),
        }}
        columns={[
          { title: '备案流水号', dataIndex: 'trt_dcla_detl_sn' },
          { title: '姓名', dataIndex: 'psn_name' },
          { title: '备案类别', render: (_, f) => `${f.dcla_type} ${f.dcla_type_name}` },
          { title: '就医地', dataIndex: 'mdtrtarea_name' },
          { title: '有效期', render: (_, f) => `${f.begndate} 至 ${f.enddate ?? '长期'}` },
          {
            title: '状态',
            render: (_, f) => <Tag color={FILING_STATUS_COLORS[f.status]}>{f.status_name}</Tag>,
          },
          { title: '提交时间', render: (_, f) => chinaTime(f.history[0]?.at) },
          {
            title: '操作',
            render: (_, f) => (
              <Space>
                <Button
                  type="link"
                  onClick={() => setOpen(f.trt_dcla_detl_sn)}
                  aria-label={`查看 ${f.trt_dcla_detl_sn}`}
                >
                  查看
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FilingDrawer sn={open} onClose={() => setOpen(null)} onChanged={reload} />
    </>
  );
}
