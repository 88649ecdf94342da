// 备案记录: one's filings, newest first — status, category, place and validity; a table on a wide window,
// cards on a phone.

import { Button, Card, Flex, Grid, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { getJson } from '../../shared/api.ts';
import type { Filing } from '../api-types.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { PlainList } from '../plain-list.tsx';
import { filingRoute, PORTAL } from '../routes.ts';
import { useLoad } from '../use-load.ts';
import { FilingStatusTag, periodOf } from './filing-status-tag.tsx';

function FilingTable({ filings }: { readonly filings: readonly Filing[] }) {
  return (
    <Table<Filing>
      rowKey="trt_dcla_detl_sn"
      dataSource={[...filings]}
      pagination={false}
      columns={[
        {
          title: '备案流水号',
          dataIndex: 'trt_dcla_detl_sn',
          render: (sn: string) => <a href={`#${filingRoute(sn)}`}>{sn}</a>,
        },
        { title: '备案类别', dataIndex: 'dcla_type_name' },
        { title: '就医地', dataIndex: 'mdtrtarea_name' },
        { title: '有效期', key: 'period', render: (_, f) => periodOf(f) },
        { title: '状态', dataIndex: 'status', render: (_, f) => <FilingStatusTag status={f.status} /> },
      ]}
    />
  );
}

function FilingCards({ filings }: { readonly filings: readonly Filing[] }) {
  return (
    <PlainList
      items={filings}
      itemKey={(f) => f.trt_dcla_detl_sn}
      divided={false}
      renderItem={(f) => (
        <Card
          size="small"
          style={{ width: '100%' }}
          title={`${f.dcla_type_name} · ${f.mdtrtarea_name}`}
          extra={<FilingStatusTag status={f.status} />}
        >
          <div>有效期：{periodOf(f)}</div>
          <div style={{ wordBreak: 'break-all' }}>
            备案流水号：<a href={`#${filingRoute(f.trt_dcla_detl_sn)}`}>{f.trt_dcla_detl_sn}</a>
          </div>
        </Card>
      )}
    />
  );
}

export function FilingsPage() {
  const filings = useLoad(() => getJson<Filing[]>('/api/portal/filings'), []);
  const wide = Grid.useBreakpoint().md === true;
  let body: ReactNode;
  if (filings.error) body = <LoadError error={filings.error} retry={filings.reload} />;
  else if (!filings.data) body = <Loading what="备案记录" />;
  else if (filings.data.length === 0)
    body = (
      <Nothing>
        还没有备案记录。<a href={`#${PORTAL.apply}`}>去办理备案</a>
      </Nothing>
    );
  else body = wide ? <FilingTable filings={filings.data} /> : <FilingCards filings={filings.data} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          备案记录
        </Typography.Title>
        <Button type="primary" href={`#${PORTAL.apply}`}>
          办理新备案
        </Button>
      </Flex>
      {body}
    </>
  );
}
