// 经办机构 (public): the off-site medical treatment desks of the agencies, by province, with how to reach them.
import { Card, Col, Row, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { getJson, query } from '../../shared/api.ts';
import type { Agency } from '../api-types.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { provincesOf, useAllRegions } from '../places.ts';
import { useLoad } from '../use-load.ts';
import { ProvincePicker } from './province-picker.tsx';

function AgencyCard({ agency }: { readonly agency: Agency }) {
  return (
    <Card size="small" title={`${agency.province_name} · ${agency.region_name}`} style={{ height: '100%' }}>
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        {agency.name}
      </Typography.Paragraph>
      <div>
        电话：
        {agency.tel ? <a href={`tel:${agency.tel.replace(/[^\d-]/g, '')}`}>{agency.tel}</a> : '—'}
      </div>
      <div>地址：{agency.addr ?? '—'}</div>
      <div>办公时间：{agency.hours ?? '—'}</div>
    </Card>
  );
}

export function AgenciesPage() {
  const all = useAllRegions();
  const [province, setProvince] = useState<string>();
  const agencies = useLoad(
    () => getJson<{ items: Agency[] }>(`/api/public/agencies${query({ province })}`).then((a) => a.items),
    [province],
  );
  const provinces = all.data ? provincesOf(all.data) : [];

  let body: ReactNode;
  if (agencies.error) body = <LoadError error={agencies.error} retry={agencies.reload} />;
  else if (!agencies.data || agencies.loading) body = <Loading what="经办机构" />;
  else if (agencies.data.length === 0) body = <Nothing>该省份暂无经办机构联系方式</Nothing>;
  else
    body = (
      <Row gutter={[12, 12]}>
        {agencies.data.map((agency) => (
          <Col key={`${agency.admdvs}-${agency.name}`} xs={24} md={12} xl={8}>
            <AgencyCard agency={agency} />
          </Col>
        ))}
      </Row>
    );

  return (
    <>
      <Typography.Title level={4}>经办机构</Typography.Title>
      <Typography.Paragraph type="secondary">
        备案、报销和异地就医咨询，可联系参保地或就医地医保经办机构的异地就医窗口。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        {all.error ? (
          <LoadError error={all.error} retry={all.reload} />
        ) : (
          <ProvincePicker provinces={provinces} value={province} onChange={setProvince} allowAll />
        )}
      </Card>
      {body}
    </>
  );
}
