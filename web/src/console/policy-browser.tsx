// 政策查询: the benefit policy versions of the clerk's pooling regions (参保地待遇), each readable in a drawer, and
// the 政策文件校验 that checks a new policy file and puts it into effect.
import { Alert, Button, Drawer, Form, Select, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { query } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import { optionsOf, type PolicyVersion, useDictionaries, useLoad, useSession } from './console-api.ts';
import { PolicyCheck } from './policy-check.tsx';
import { type PolicyDocument, PolicyView } from './policy-view.tsx';

export function PolicyBrowser() {
  const { staff } = useSession();
  const d = useDictionaries();
  const [criteria, setCriteria] = useState<{ admdvs?: string; insutype?: string }>({});
  const [open, setOpen] = useState<PolicyVersion | null>(null);
  const { data, error, loading, reload } = useLoad<{ items: PolicyVersion[] }>(
    `/api/console/policies${query(criteria)}`,
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Form
          layout="inline"
          onFinish={(v: { admdvs?: string; insutype?: string }) => setCriteria(v)}
          style={{ marginBottom: 16, rowGap: 8 }}
          aria-label="政策查询条件"
        >
          <Form.Item label="统筹区" name="admdvs">
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder="全部"
              options={staff.regions.map((r) => ({ value: r.admdvs, label: `${r.admdvs} ${r.name}` }))}
            />
          </Form.Item>
          <Form.Item label="险种" name="insutype">
            <Select allowClear style={{ width: 220 }} placeholder="全部" options={optionsOf(d.insutype)} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
        <Table<PolicyVersion>
          rowKey={(v) => `${v.admdvs}-${v.insutype}-${v.begndate}`}
          size="middle"
          loading={loading}
          aria-label="政策版本"
          dataSource={data?.items}
          pagination={false}
          locale={{ emptyText: loading ? '正在读取…' : '没有符合条件的政策版本' }}
          columns={[
            { title: '统筹区', render: (_, v) => `${v.admdvs_name}（${v.admdvs}）` },
            { title: '险种', render: (_, v) => `${v.insutype} ${v.insutype_name}` },
            { title: '政策名称', dataIndex: 'name' },
            { title: '有效期', render: (_, v) => `${v.begndate} 至 ${v.enddate ?? '长期'}` },
            {
              title: '状态',
              render: (_, v) => (v.valid_today ? <Tag color="success">今日有效</Tag> : <Tag>非今日</Tag>),
            },
            { title: '写入时间', render: (_, v) => chinaTime(v.loaded_at) },
            {
              title: '操作',
              render: (_, v) => (
                <Button type="link" onClick={() => setOpen(v)} aria-label={`查看 ${v.name} ${v.begndate}`}>
                  查看
                </Button>
              ),
            },
          ]}
        />
      </div>
      <PolicyCheck d={d} onApplied={reload} />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={1000}
        title={open ? `${open.name}（${open.begndate} 至 ${open.enddate ?? '长期'}）` : '政策'}
        destroyOnHidden
      >
        {open && <PolicyDocumentView url={open.document} />}
      </Drawer>
    </Space>
  );
}

function PolicyDocumentView({ url }: { readonly url: string }) {
  const d = useDictionaries();
  const { data, error, loading } = useLoad<{ doc: PolicyDocument }>(url);
  if (loading) return <Spin description="正在读取政策文件…" style={{ display: 'block', margin: 24 }} />;
  if (error) return <Alert type="error" title={error} showIcon />;
  return data ? <PolicyView doc={data.doc} d={d} /> : null;
}
