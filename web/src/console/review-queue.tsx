// 备案审核: the filings waiting for review in the clerk's scope, oldest first; each opens in the filing drawer.
import { Alert, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { query } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import { type FilingView, type Page, useLoad, useRegionName } from './console-api.ts';
import { FilingDrawer } from './filing-drawer.tsx';

export function ReviewQueue() {
  const [paging, setPaging] = useState({ page: 1, page_size: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const regionName = useRegionName();
  const { data, error, loading, reload } = useLoad<Page<FilingView>>(
    `/api/console/filings/queue${query(paging)}`,
  );
  return (
    <>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Table<FilingView>
        rowKey="trt_dcla_detl_sn"
        size="middle"
        loading={loading}
        dataSource={data?.items as FilingView[] | undefined}
        locale={{ emptyText: loading ? '正在读取…' : '暂无待审核的备案' }}
        aria-label="待审核备案"
        title={() => (
          <span>
            待审核 <Tag color="processing">{data?.total ?? 0}</Tag>件（最早提交的在前）
            <Button size="small" style={{ marginInlineStart: 12 }} onClick={reload}>
              刷新
            </Button>
          </span>
        )}
        pagination={{
          current: paging.page,
          pageSize: paging.page_size,
          total: data?.total ?? 0,
          showSizeChanger: true,
          onChange: (page, page_size) => setPaging({ page, page_size }),
        }}
        columns={[
          { title: '备案流水号', dataIndex: 'trt_dcla_detl_sn' },
          { title: '姓名', dataIndex: 'psn_name' },
          { title: '参保地', render: (_, f) => regionName(f.insuplc_admdvs) },
          { title: '备案类别', render: (_, f) => `${f.dcla_type} ${f.dcla_type_name}` },
          { title: '就医地', dataIndex: 'mdtrtarea_name' },
          { title: '有效期', render: (_, f) => `${f.begndate} 至 ${f.enddate ?? '长期'}` },
          { title: '提交时间', render: (_, f) => chinaTime(f.history[0]?.at) },
          {
            title: '操作',
            render: (_, f) => (
              <Button
                type="link"
                onClick={() => setOpen(f.trt_dcla_detl_sn)}
                aria-label={`审核 ${f.trt_dcla_detl_sn}`}
              >
                审核
              </Button>
            ),
          },
        ]}
      />
      <FilingDrawer sn={open} onClose={() => setOpen(null)} onChanged={reload} />
    </>
  );
}
