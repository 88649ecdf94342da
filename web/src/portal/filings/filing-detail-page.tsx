// 备案详情: the filing, its proof, the reason of a rejection, its status history, and 变更/取消 when allowed.
import { Alert, Button, Card, Descriptions, Flex, Result, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, getJson } from '../../shared/api.ts';
import { chinaTime, chinaToday } from '../../shared/format.ts';
import type { Filing } from '../api-types.ts';
import { insutypeName } from '../dictionaries.ts';
import { CardTitle, LoadError, Loading } from '../feedback.tsx';
import { PORTAL } from '../routes.ts';
import { useLoad } from '../use-load.ts';
import { FilingCancelModal } from './filing-cancel-modal.tsx';
import { FilingChangeModal } from './filing-change-modal.tsx';
import { FilingHistory } from './filing-history.tsx';
import { FilingProof } from './filing-proof.tsx';
import { CHANNEL_NAMES, FilingStatusTag, periodOf } from './filing-status-tag.tsx';

/** Where the filing stands, in a sentence: waiting, refused and why, ended. */
function StatusNotice({ filing }: { readonly filing: Filing }) {
  switch (filing.status) {
    case 'submitted':
      return <Alert type="info" showIcon title="已提交，等待参保地医保经办机构审核" />;
    case 'rejected':
      return (
        <Alert type="error" showIcon title="审核未通过" description={`原因：${filing.reason ?? '未说明'}`} />
      );
    case 'cancelled':
      return (
        <Alert
          type="warning"
          showIcon
          title="备案已撤销"
          description={filing.reason ? `原因：${filing.reason}` : undefined}
        />
      );
    case 'expired':
      return <Alert type="warning" showIcon title={`备案已于 ${filing.enddate} 到期`} />;
    case 'approved':
      return <Alert type="success" showIcon title="已备案：可在就医地联网定点医药机构直接结算" />;
  }
}

function FilingActions({
  filing,
  onChange,
  onCancel,
}: {
  readonly filing: Filing;
  readonly onChange: () => void;
  readonly onCancel: () => void;
}) {
  if (filing.status !== 'approved' && filing.status !== 'submitted') return null;
  const waitUntil = filing.change_allowed_from;
  const waiting = waitUntil !== null && chinaToday() < waitUntil;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {waitUntil && (
        <Alert
          type={waiting ? 'warning' : 'info'}
          showIcon
          title={
            waiting
              ? `长期居住类备案在等待期内，${waitUntil} 起可以变更或取消`
              : `等待期已满（${waitUntil} 起），可以变更或取消`
          }
        />
      )}
      <Space wrap>
        <Button onClick={onChange} disabled={waiting}>
          变更备案
        </Button>
        <Button danger onClick={onCancel} disabled={waiting}>
          {filing.status === 'submitted' ? '撤回申请' : '取消备案'}
        </Button>
      </Space>
    </Space>
  );
}

export function FilingDetailPage({ sn }: { readonly sn: string }) {
  const loaded = useLoad(() => getJson<Filing>(`/api/portal/filings/${encodeURIComponent(sn)}`), [sn]);
  // A change or cancel answers the filing as it now is; it replaces what was loaded.
  const [updated, setUpdated] = useState<Filing>();
  const [dialog, setDialog] = useState<'change' | 'cancel' | null>(null);
  const filing = updated ?? loaded.data;

  let body: ReactNode;
  if (loaded.error instanceof ApiError && loaded.error.status === 404)
    body = <Result status="404" title="没有这条备案" subTitle={`没有备案流水号为 ${sn} 的本人备案`} />;
  else if (loaded.error) body = <LoadError error={loaded.error} retry={loaded.reload} />;
  else if (!filing) body = <Loading what="备案详情" />;
  else
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <StatusNotice filing={filing} />
        <Card title={<CardTitle>备案信息</CardTitle>} size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'sn', label: '备案流水号', children: filing.trt_dcla_detl_sn },
              { key: 'status', label: '状态', children: <FilingStatusTag status={filing.status} /> },
              { key: 'person', label: '参保人', children: filing.psn_name },
              { key: 'insutype', label: '险种类型', children: insutypeName(filing.insutype) },
              {
                key: 'category',
                label: '备案类别',
                children: `${filing.dcla_type_name}（${filing.long_term ? '长期居住' : '临时外出就医'}）`,
              },
              { key: 'place', label: '就医地', children: filing.mdtrtarea_name },
              { key: 'period', label: '有效期', children: periodOf(filing) },
              {
                key: 'channel',
                label: '办理渠道',
                children: CHANNEL_NAMES[filing.dcla_souc] ?? filing.dcla_souc,
              },
              {
                key: 'contact',
                label: '联系方式',
                children: filing.contact
                  ? [filing.contact.name, filing.contact.tel, filing.contact.addr].filter(Boolean).join('，')
                  : '—',
              },
              { key: 'notice', label: '告知书版本', children: filing.notice_version ?? '—' },
              { key: 'approved', label: '备案通过时间', children: chinaTime(filing.approved_at) },
              ...(filing.reviewer ? [{ key: 'reviewer', label: '审核人', children: filing.reviewer }] : []),
              {
                key: 'proof',
                label: '证明',
                span: 'filled' as const,
                children: <FilingProof proof={filing.proof} />,
              },
            ]}
          />
        </Card>
        <FilingActions
          filing={filing}
          onChange={() => setDialog('change')}
          onCancel={() => setDialog('cancel')}
        />
        <Card title={<CardTitle>状态历史</CardTitle>} size="small">
          <FilingHistory filing={filing} />
        </Card>
        <FilingChangeModal
          filing={filing}
          open={dialog === 'change'}
          onClose={() => setDialog(null)}
          onChanged={setUpdated}
        />
        <FilingCancelModal
          filing={filing}
          open={dialog === 'cancel'}
          onClose={() => setDialog(null)}
          onCancelled={setUpdated}
        />
      </Space>
    );

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          备案详情
        </Typography.Title>
        <a href={`#${PORTAL.filings}`}>返回备案记录</a>
      </Flex>
      {body}
    </>
  );
}
