// The landing page: what each area is for, one click away.
import { Card, Col, Row, Typography } from 'antd';

const CARDS = [
  {
    href: '#/portal',
    title: '参保人服务',
    text: '异地就医备案、备案记录、查定点、开通情况、费用明细、门诊慢特病资格、医保电子凭证',
  },
  {
    href: '#/hospital',
    title: '医院工作站',
    text: '读卡/电子凭证（1101）、入院登记、费用上传、预结算、结算、打印结算单、对账',
  },
  { href: '#/console', title: '经办机构', text: '备案审核、目录与政策查询、政策文件校验、结算查询' },
  {
    href: '#/dashboard',
    title: '全国监测',
    text: '结算人次、基金支付、人均减少垫付、实际报销比例、跨省流向、联网覆盖',
  },
];

export function HomePage() {
  return (
    <>
      <Typography.Title level={3}>跨省异地就医直接结算</Typography.Title>
      <Typography.Paragraph type="secondary">
        参保地备案，就医地联网定点医疗机构持卡就医，出院只付个人负担部分；全国平台按月清算。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {CARDS.map((c) => (
          <Col key={c.href} xs={24} sm={12} lg={6}>
            <a href={c.href} style={{ display: 'block', height: '100%' }}>
              <Card hoverable title={c.title} style={{ height: '100%' }}>
                {c.text}
              </Card>
            </a>
          </Col>
        ))}
      </Row>
    </>
  );
}
