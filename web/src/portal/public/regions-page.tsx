// 开通情况 (public): for each pooling region of a province, which kinds of cross-province settlement are open.
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Card, Grid, Table, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { getJson, query } from '../../shared/api.ts';
import type { RegionStatus } from '../api-types.ts';
import { diseaseName } from '../dictionaries.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { provincesOf, useAllRegions } from '../places.ts';
import { PlainList } from '../plain-list.tsx';
import { useLoad } from '../use-load.ts';
import { ProvincePicker } from './province-picker.tsx';

function Open({ open }: { readonly open: boolean }) {
  return open ? (
    <Typography.Text type="success">
      <CheckCircleFilled /> 已开通
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">
      <MinusCircleOutlined /> 未开通
    </Typography.Text>
  );
}

const chronicText = (codes: readonly string[]): string =>
  codes.length > 0 ? codes.map(diseaseName).join('、') : '未开通';

function RegionCards({ regions }: { readonly regions: readonly RegionStatus[] }) {
  return (
    <PlainList
      items={regions}
      itemKey={(r) => r.admdvs}
      renderItem={(r) => (
        <>
          <Typography.Text strong>{r.name}</Typography.Text>
          <div>
            住院 <Open open={r.inpatient} />
            　普通门诊 <Open open={r.outpatient} />
          </div>
          <div>门诊慢特病：{chronicText(r.chronic)}</div>
          <Typography.Text type="secondary">
            联网医疗机构 {r.hospitals} 家，定点药店 {r.pharmacies} 家
          </Typography.Text>
        </>
      )}
    />
  );
}

function RegionTable({ regions }: { readonly regions: readonly RegionStatus[] }) {
  return (
    <Table<RegionStatus>
      rowKey="admdvs"
      dataSource={[...regions]}
      pagination={false}
      columns={[
        { title: '统筹区', dataIndex: 'name' },
        { title: '住院', dataIndex: 'inpatient', render: (open: boolean) => <Open open={open} /> },
        { title: '普通门诊', dataIndex: 'outpatient', render: (open: boolean) => <Open open={open} /> },
        { title: '门诊慢特病', dataIndex: 'chronic', render: (codes: string[]) => chronicText(codes) },
        { title: '联网医疗机构', dataIndex: 'hospitals', align: 'right', render: (n: number) => `${n} 家` },
        { title: '定点药店', dataIndex: 'pharmacies', align: 'right', render: (n: number) => `${n} 家` },
      ]}
    />
  );
}

export function RegionsPage() {
  const all = useAllRegions();
  const [chosen, setChosen] = useState<string>();
  const wide = Grid.useBreakpoint().md === true;
  const provinces = all.data ? provincesOf(all.data) : [];
  // Until the person picks, show the first province with a networked institution: an all-closed list says little.
  const province =
    chosen ??
    provinces.find((p) => p.regions.some((r) => r.hospitals + r.pharmacies > 0))?.admdvs ??
    provinces[0]?.admdvs;
  const regions = useLoad(
    () =>
      province
        ? getJson<{ items: RegionStatus[] }>(`/api/public/regions${query({ province })}`).then((a) => a.items)
        : Promise.resolve([]),
    [province],
  );

  let body: ReactNode;
  if (all.error) body = <LoadError error={all.error} retry={all.reload} />;
  else if (regions.error) body = <LoadError error={regions.error} retry={regions.reload} />;
  else if (!all.data || !regions.data || regions.loading) body = <Loading what="开通情况" />;
  else if (regions.data.length === 0) body = <Nothing>该省份没有统筹区信息</Nothing>;
  else {
    const open = regions.data.filter((r) => r.inpatient).length;
    body = (
      <>
        <Typography.Paragraph>
          {regions.data[0]?.province_name}共 {regions.data.length} 个统筹区，其中 {open}{' '}
          个已开通住院费用跨省直接结算。
        </Typography.Paragraph>
        {wide ? <RegionTable regions={regions.data} /> : <RegionCards regions={regions.data} />}
      </>
    );
  }

  return (
    <>
      <Typography.Title level={4}>开通情况</Typography.Title>
      <Typography.Paragraph type="secondary">
        各统筹区住院、普通门诊和门诊慢特病费用跨省直接结算的开通情况（有联网定点医疗机构即为开通）。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <ProvincePicker provinces={provinces} value={province} onChange={setChosen} />
      </Card>
      {body}
    </>
  );
}
