// 签到: choose the institution this workstation is (public directory), then 9001 — its sign_no goes on every message.
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, getJson, query } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { HisError } from './his-error.tsx';
import type { Institution } from './his-session.ts';
import { coded } from './labels.ts';
import { demoSecret } from './signing.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

const OPERATOR = 'D001';
const PAGE_SIZE = 50;

interface Region {
  readonly province: string;
  readonly province_name: string;
}

export function SignInScreen() {
  const workstation = useWorkstation();
  const signIn = useHisCall(workstation.session);
  const signOut = useHisCall(workstation.session);
  const institution = workstation.institution;

  const sendSignIn = () =>
    signIn.send('9001', { signIn: { opter_no: OPERATOR, mac: '', ip: '' } }, (output) =>
      workstation.signedIn(output.signinoutb.sign_no, output.signinoutb.sign_time),
    );
  const sendSignOut = () =>
    signOut.send('9002', { signOut: { sign_no: workstation.signNo, opter_no: OPERATOR } }, () =>
      workstation.signedOut(),
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <InstitutionSearch onChoose={workstation.choose} chosen={institution?.fixmedins_code} />
      {institution ? (
        <Card title="签到（9001）" size="small">
          <Descriptions
            size="small"
            column={3}
            items={[
              { key: 'name', label: '定点医药机构', children: institution.fixmedins_name },
              { key: 'code', label: '机构编码', children: institution.fixmedins_code },
              { key: 'admdvs', label: '就医地区划', children: institution.admdvs },
              { key: 'opter', label: '操作员', children: OPERATOR },
              {
                key: 'sign_no',
                label: '签到编号 sign_no',
                children: workstation.signNo ? (
                  <Typography.Text code copyable>
                    {workstation.signNo}
                  </Typography.Text>
                ) : (
                  '未签到'
                ),
              },
              { key: 'time', label: '签到时间', children: workstation.signTime ?? '—' },
            ]}
          />
          <SigningKey />
          <HisError call={signIn} />
          <HisError call={signOut} />
          <Space>
            {workstation.signNo ? (
              <>
                <Button type="primary" onClick={() => navigate('/hospital/card')}>
                  去读卡
                </Button>
                <Button loading={signOut.busy} onClick={() => void sendSignOut()}>
                  签退（9002）
                </Button>
              </>
            ) : (
              <Button type="primary" loading={signIn.busy} onClick={() => void sendSignIn()}>
                签到（9001）
              </Button>
            )}
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}

/**
 * 报文签名: the institution's HMAC-SM3 secret, entered here (as the agency issued it) and kept in this tab only. In the
 * demo world a demo institution's secret is filled in from the demo-only endpoint.
 */
function SigningKey() {
  const workstation = useWorkstation();
  const code = workstation.institution?.fixmedins_code;
  const secret = workstation.session?.signSecret;
  const [draft, setDraft] = useState('');
  const [demo, setDemo] = useState(false);
  // The workstation object is new on every render; the effect wants its setter, not a reason to run again.
  const setSecret = useRef(workstation.setSignSecret);
  setSecret.current = workstation.setSignSecret;

  useEffect(() => {
    if (!code || secret) return;
    let current = true;
    void demoSecret(code).then((found) => {
      if (!current || !found) return;
      setDemo(true);
      setSecret.current(found);
    });
    return () => {
      current = false;
    };
  }, [code, secret]);

  return (
    <Space style={{ margin: '8px 0' }} wrap>
      <Typography.Text>报文签名（HMAC-SM3）：</Typography.Text>
      {secret ? (
        <>
          <Typography.Text type="success">
            {demo ? '已使用演示密钥签名' : '已设置密钥，报文均签名'}
          </Typography.Text>
          <Button size="small" onClick={() => workstation.setSignSecret(undefined)}>
            清除密钥
          </Button>
        </>
      ) : (
        <>
          <Input.Password
            aria-label="签名密钥"
            placeholder="经办机构登记的共享密钥；未登记的机构可不填"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            style={{ width: 320 }}
          />
          <Button
            size="small"
            disabled={draft.trim() === ''}
            onClick={() => {
              workstation.setSignSecret(draft.trim());
              setDraft('');
            }}
          >
            使用此密钥
          </Button>
        </>
      )}
    </Space>
  );
}

function InstitutionSearch({
  onChoose,
  chosen,
}: {
  readonly onChoose: (institution: Institution) => void;
  readonly chosen: string | undefined;
}) {
  const [provinces, setProvinces] = useState<{ value: string; label: string }[]>([]);
  const [found, setFound] = useState<{ total: number; items: Institution[] }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    getJson<{ items: Region[] }>('/api/public/regions')
      .then(({ items }) => {
        const names = new Map(items.map((r) => [r.province, r.province_name]));
        setProvinces([...names].sort().map(([value, label]) => ({ value, label })));
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.detail : String(e)));
  }, []);

  const search = async (values: { province?: string; name?: string }) => {
    setLoading(true);
    setError(undefined);
    try {
      setFound(
        await getJson(
          `/api/public/institutions${query({ province: values.province, name: values.name?.trim(), page_size: PAGE_SIZE })}`,
        ),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card title="选择本机构（跨省联网定点医药机构目录）" size="small">
      <Form layout="inline" name="institution-search" onFinish={search}>
        <Form.Item label="省份" name="province">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全国"
            options={provinces}
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item label="机构名称" name="name">
          <Input placeholder="名称的一部分" allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={loading}>
            查询机构
          </Button>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      {found ? (
        <Table<Institution>
          aria-label="查询结果"
          size="small"
          style={{ marginTop: 12 }}
          rowKey="fixmedins_code"
          dataSource={found.items}
          pagination={false}
          locale={{ emptyText: '没有符合条件的联网定点医药机构' }}
          columns={[
            { title: '机构编码', dataIndex: 'fixmedins_code', width: 140 },
            { title: '名称', dataIndex: 'fixmedins_name' },
            { title: '类型', dataIndex: 'fixmedins_type', render: (t: string) => coded('fixmedins_type', t) },
            { title: '等级', dataIndex: 'hosp_lv', render: (l: string) => coded('hosp_lv', l) },
            { title: '区划', dataIndex: 'admdvs', width: 90 },
            { title: '地址', dataIndex: 'addr', render: (a: string | null) => a ?? '—' },
            {
              title: '操作',
              key: 'choose',
              width: 110,
              render: (_: unknown, i) =>
                i.fixmedins_code === chosen ? (
                  <Typography.Text type="success">当前机构</Typography.Text>
                ) : (
                  <Button size="small" aria-label={`选择 ${i.fixmedins_name}`} onClick={() => onChoose(i)}>
                    选择
                  </Button>
                ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
