// The end of 备案申请: approved at once, or waiting for the agency's review — with the way to the record.
import { Button, Result, Space } from 'antd';
import type { Filing } from '../api-types.ts';
import { filingRoute, PORTAL } from '../routes.ts';

export function ApplyResult({ filing, onAgain }: { readonly filing: Filing; readonly onAgain: () => void }) {
  const approved = filing.status === 'approved';
  const period = `${filing.begndate} 至 ${filing.enddate ?? '长期'}`;
  return (
    <Result
      status={approved ? 'success' : 'info'}
      // A heading, so that the outcome is where a screen reader's heading list lands.
      title={
        <h2 style={{ font: 'inherit', margin: 0 }}>{approved ? '备案成功' : '备案申请已提交，等待审核'}</h2>
      }
      subTitle={
        <>
          备案流水号 {filing.trt_dcla_detl_sn}：{filing.dcla_type_name}，就医地{filing.mdtrtarea_name}，
          {period}。
          {approved
            ? '现在起可在就医地联网定点医疗机构直接结算。'
            : '参保地医保经办机构审核后，结果会显示在备案记录中。'}
        </>
      }
      extra={
        <Space wrap>
          <Button type="primary" href={`#${filingRoute(filing.trt_dcla_detl_sn)}`}>
            查看备案记录
          </Button>
          <Button href={`#${PORTAL.institutions}`}>查就医地定点机构</Button>
          <Button onClick={onAgain}>再办一笔备案</Button>
        </Space>
      }
    />
  );
}
