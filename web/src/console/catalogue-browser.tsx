// 目录查询: the province's 就医地目录 as valid on a day — code, name, list type and class — with the pre-self-pay share
// and the price limit that decide how a bill line is split.
import { Alert, Button, DatePicker, Form, Input, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { query } from '../shared/api.ts';
import { amount, chinaToday, percent } from '../shared/format.ts';
import { type CatalogueItem, optionsOf, type Page, useDictionaries, useLoad } from './console-api.ts';

interface SearchValues {
  code?: string;
  name?: string;
  list_type?: string;
  chrgitm_lv?: string;
  on?: Dayjs | null;
}

const LEVEL_COLORS: Readonly<Record<string, string>> = { '01': 'green', '02': 'blue', '03': 'orange' };

export function CatalogueBrowser() {
  const dictionaries = useDictionaries();
  const [criteria, setCriteria] = useState<Record<string, string | undefined>>({ on: chinaToday() });
  const [paging, setPaging] = useState({ page: 1, page_size: 20 });
  const { data, error, loading } = useLoad<Page<CatalogueItem> & { on: string; province: string }>(
    `/api/console/catalogue${query({ ...criteria, ...paging })}`,
  );
  const search = (v: SearchValues) => {
    setCriteria({
      code: v.code?.trim(),
      name: v.name?.trim(),
      list_type: v.list_type,
      chrgitm_lv: v.chrgitm_lv,
      on: (v.on ?? dayjs(chinaToday())).format('YYYY-MM-DD'),
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  return (
    <>
      <Form
        layout="inline"
        onFinish={search}
        initialValues={{ on: dayjs(chinaToday()) }}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label="目录查询条件"
      >
        <Form.Item label="医保目录编码" name="code" rules={[{ max: 50, message: '编码不超过50位' }]}>
          <Input allowClear style={{ width: 200 }} placeholder="编码开头部分" />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={[{ max: 50, message: '名称不超过50字' }]}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="目录类别" name="list_type">
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder="全部"
            options={optionsOf(dictionaries.list_type)}
          />
        </Form.Item>
        <Form.Item label="收费等级" name="chrgitm_lv">
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder="全部"
            options={optionsOf(dictionaries.chrgitm_lv)}
          />
        </Form.Item>
        <Form.Item label="有效日期" name="on">
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Table<CatalogueItem>
        rowKey={(r) => `${r.hilist_code}/${r.begndate}`}
        size="middle"
        loading={loading}
        aria-label="就医地目录"
        dataSource={data?.items as CatalogueItem[] | undefined}
        locale={{ emptyText: loading ? '正在读取…' : `${criteria.on ?? ''} 没有符合条件的有效目录项` }}
        title={() => (data ? `${data.on} 有效的目录项（${data.province}）` : '就医地目录')}
        pagination={{
          current: paging.page,
          pageSize: paging.page_size,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 项`,
          onChange: (page, page_size) => setPaging({ page, page_size }),
        }}
        columns={[
          { title: '医保目录编码', dataIndex: 'hilist_code' },
          { title: '名称', dataIndex: 'hilist_name' },
          { title: '目录类别', dataIndex: 'list_type_name' },
          { title: '收费类别', dataIndex: 'med_chrgitm_type_name' },
          {
            title: '等级',
            render: (_, r) => <Tag color={LEVEL_COLORS[r.chrgitm_lv]}>{r.chrgitm_lv_name}</Tag>,
          },
          { title: '先行自付比例', align: 'right', render: (_, r) => percent(r.selfpay_prop) },
          { title: '最高限价（元）', align: 'right', render: (_, r) => amount(r.pric_uplmt_amt) },
          { title: '限制使用', render: (_, r) => (r.lmt_used_flag === '1' ? '是' : '否') },
          { title: '有效期', render: (_, r) => `${r.begndate} 至 ${r.enddate ?? '长期'}` },
        ]}
      />
    </>
  );
}
