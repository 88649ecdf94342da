// 跨省异地就医门诊慢特病待遇告知书 of one qualification: where it settles, what to bring, and the text to print.
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, getJson } from '../../shared/api.ts';
import type { ChronicNotice } from '../api-types.ts';
import { CardTitle, LoadError, Loading } from '../feedback.tsx';
import { PlainList } from '../plain-list.tsx';
import { PORTAL } from '../routes.ts';
import { useLoad } from '../use-load.ts';
import { STATE_COLORS } from './chronic-page.tsx';

function Places({ notice }: { readonly notice: ChronicNotice }) {
  if (notice.places.length === 0)
    return (
      <Alert
        type="warning"
        showIcon
        title={
          notice.qualification.state === 'valid'
            ? '还没有可用于该病种的异地就医备案，请先办理备案'
            : '该资格目前不能用于跨省直接结算'
        }
        action={
          notice.qualification.state === 'valid' ? (
            <Button size="small" href={`#${PORTAL.apply}`}>
              去备案
            </Button>
          ) : undefined
        }
      />
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {notice.places.map((place) => (
        <Card
          key={place.trt_dcla_detl_sn}
          size="small"
          title={
            <CardTitle>
              {place.place_name}（{place.dcla_type_name}，{place.begndate} 至 {place.enddate ?? '长期'}）
            </CardTitle>
          }
        >
          <PlainList
            items={place.institutions}
            itemKey={(i) => i.fixmedins_code}
            empty={<Typography.Text type="secondary">{'该地暂无开通此病种的定点医疗机构'}</Typography.Text>}
            renderItem={(i) => (
              <>
                <Typography.Text strong>{i.fixmedins_name}</Typography.Text>（{i.hosp_lv_name}，{i.place_name}
                ）{(i.addr || i.tel) && <div>{[i.addr, i.tel].filter(Boolean).join('　')}</div>}
              </>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}

export function ChronicNoticePage({ id }: { readonly id: string }) {
  const loaded = useLoad(
    () => getJson<ChronicNotice>(`/api/portal/chronic/${encodeURIComponent(id)}/notice`),
    [id],
  );
  let body: ReactNode;
  if (loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 400))
    body = <Result status="404" title="没有这项门诊慢特病资格" />;
  else if (loaded.error) body = <LoadError error={loaded.error} retry={loaded.reload} />;
  else if (!loaded.data) body = <Loading what="待遇告知书" />;
  else {
    const n = loaded.data;
    const q = n.qualification;
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={<CardTitle>{n.title}</CardTitle>}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'name', label: '参保人', children: n.person.psn_name },
              { key: 'certno', label: '证件号码', children: n.person.certno },
              { key: 'insuplc', label: '参保地', children: n.person.insuplc_name },
              { key: 'insutype', label: '险种', children: n.person.insutype_name },
              {
                key: 'disease',
                label: '病种',
                children: `${q.opsp_dise_name ?? q.opsp_dise_code}（${q.opsp_dise_code}）`,
              },
              {
                key: 'state',
                label: '资格状态',
                children: <Tag color={STATE_COLORS[q.state]}>{q.state_name}</Tag>,
              },
              { key: 'source', label: '认定', children: q.source_name },
              { key: 'period', label: '有效期', children: `${q.begndate} 至 ${q.enddate ?? '长期'}` },
              { key: 'version', label: '告知书版本', children: n.notice_version },
              { key: 'issued', label: '出具日期', children: n.issued_on },
            ]}
          />
        </Card>
        <Card size="small" title={<CardTitle>可直接结算的地方</CardTitle>}>
          <Places notice={n} />
        </Card>
        <Card size="small" title={<CardTitle>就医时请携带</CardTitle>}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {n.bring.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </Card>
        {n.notes.length > 0 && (
          <Card size="small" title={<CardTitle>温馨提示</CardTitle>}>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {n.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </Card>
        )}
        <Card
          size="small"
          title={<CardTitle>告知书全文</CardTitle>}
          extra={
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>
          }
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {n.text}
          </Typography.Paragraph>
        </Card>
      </Space>
    );
  }
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          门诊慢特病待遇告知书
        </Typography.Title>
        <a href={`#${PORTAL.chronic}`}>返回门诊慢特病资格</a>
      </Flex>
      {body}
    </>
  );
}
