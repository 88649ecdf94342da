// 参保人服务首页: every service of the area, the public queries marked as needing no login.
import { Card, Col, Row, Tag, Typography } from 'antd';
import { PORTAL } from './routes.ts';

const SERVICES = [
  {
    route: PORTAL.apply,
    title: '备案申请',
    text: '跨省异地就医备案：选择就医地、阅读告知书、填写信息、提交证明',
  },
  { route: PORTAL.filings, title: '备案记录', text: '查看备案状态与历史，变更或取消备案' },
  { route: PORTAL.institutions, title: '查定点', text: '跨省联网定点医疗机构和药店', open: true },
  {
    route: PORTAL.regions,
    title: '开通情况',
    text: '各统筹区住院、普通门诊、门诊慢特病直接结算开通情况',
    open: true,
  },
  { route: PORTAL.agencies, title: '经办机构', text: '各地医保经办机构异地就医窗口的联系方式', open: true },
  { route: PORTAL.settlements, title: '费用明细', text: '我的异地就医结算记录、费用明细和报销计算过程' },
  { route: PORTAL.chronic, title: '门诊慢特病', text: '我的门诊慢特病资格及待遇告知书' },
  { route: PORTAL.evoucher, title: '医保电子凭证', text: '就医时出示的二维码' },
] as const;

export function PortalHome() {
  return (
    <>
      <Typography.Title level={4}>参保人服务</Typography.Title>
      <Typography.Paragraph type="secondary">
        跨省就医前先在参保地备案，到就医地联网定点医疗机构就医时出示医保电子凭证或社会保障卡，出院只需支付个人负担部分。
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {SERVICES.map((service) => (
          <Col key={service.route} xs={24} sm={12} xl={6}>
            <a href={`#${service.route}`} style={{ display: 'block', height: '100%' }}>
              <Card
                hoverable
                size="small"
                title={service.title}
                extra={'open' in service ? <Tag color="green">无需登录</Tag> : null}
                style={{ height: '100%' }}
              >
                {service.text}
              </Card>
            </a>
          </Col>
        ))}
      </Row>
    </>
  );
}
