// 门诊慢特病资格: the person's qualifications (参保地认定 and hospitals' filings), each with its 告知书.
import { Card, Col, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { getJson } from '../../shared/api.ts';
import type { Qualification } from '../api-types.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { chronicNoticeRoute } from '../routes.ts';
import { useLoad } from '../use-load.ts';

export const STATE_COLORS: Readonly<Record<Qualification['state'], string>> = {
  valid: 'success',
  'not-yet-valid': 'processing',
  expired: 'default',
  cancelled: 'default',
};

export function QualificationCard({ q }: { readonly q: Qualification }) {
  return (
    <Card
      size="small"
      title={q.opsp_dise_name ?? q.opsp_dise_code}
      extra={<Tag color={STATE_COLORS[q.state]}>{q.state_name}</Tag>}
      style={{ height: '100%' }}
    >
      <div>病种代码：{q.opsp_dise_code}</div>
      <div>认定：{q.source_name}</div>
      {q.hosp_ide_date && <div>医院鉴定日期：{q.hosp_ide_date}</div>}
      <div>
        有效期：{q.begndate} 至 {q.enddate ?? '长期'}
      </div>
      {q.memo && <div>备注：{q.memo}</div>}
      <a
        href={`#${chronicNoticeRoute(q.id)}`}
        aria-label={`查看${q.opsp_dise_name ?? q.opsp_dise_code}的待遇告知书`}
      >
        查看待遇告知书
      </a>
    </Card>
  );
}

export function ChronicPage() {
  const list = useLoad(() => getJson<{ qualifications: Qualification[] }>('/api/portal/chronic'), []);
  let body: ReactNode;
  if (list.error) body = <LoadError error={list.error} retry={list.reload} />;
  else if (!list.data) body = <Loading what="门诊慢特病资格" />;
  else if (list.data.qualifications.length === 0)
    body = <Nothing>没有门诊慢特病资格。资格由参保地医保部门认定，或由就医地定点医院鉴定后备案。</Nothing>;
  else
    body = (
      <Row gutter={[12, 12]}>
        {list.data.qualifications.map((q) => (
          <Col key={q.id} xs={24} md={12} xl={8}>
            <QualificationCard q={q} />
          </Col>
        ))}
      </Row>
    );
  return (
    <>
      <Typography.Title level={4}>门诊慢特病资格</Typography.Title>
      <Typography.Paragraph type="secondary">
        有门诊慢特病资格并已办理异地就医备案的，可在就医地开通该病种的定点医疗机构直接结算门诊慢特病费用。
      </Typography.Paragraph>
      {body}
    </>
  );
}
