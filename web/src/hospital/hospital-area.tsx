// 医院工作站: a simulated HIS of one chosen institution, talking to the platform through the national HIS interface.
// Routes: #/hospital (机构与签到), /card (读卡), /inpatient (住院), /outpatient (门诊), /reconcile (对账).
import { Alert, Button, Result, Space, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { navigate } from '../shared/router.ts';
import { CardScreen } from './card-screen.tsx';
import { InpatientScreen } from './inpatient-screen.tsx';
import { MessageLog } from './message-log.tsx';
import { OutpatientScreen } from './outpatient-screen.tsx';
import { ReconcileScreen } from './reconcile-screen.tsx';
import { SignInScreen } from './sign-in-screen.tsx';
import { useWorkstation, WorkstationProvider } from './workstation.tsx';

const SCREENS = [
  { key: '/hospital', label: '机构与签到' },
  { key: '/hospital/card', label: '读卡' },
  { key: '/hospital/inpatient', label: '住院' },
  { key: '/hospital/outpatient', label: '门诊' },
  { key: '/hospital/reconcile', label: '对账' },
] as const;

export function HospitalArea({ route }: { readonly route: string }) {
  return (
    <WorkstationProvider>
      <Workbench route={route.replace(/\/+$/, '') || '/hospital'} />
    </WorkstationProvider>
  );
}

function Workbench({ route }: { readonly route: string }) {
  const workstation = useWorkstation();
  const known = SCREENS.some((s) => s.key === route);
  return (
    <div style={{ maxWidth: 1400, marginInline: 'auto' }}>
      <SessionBar />
      <Tabs
        activeKey={known ? route : undefined}
        onChange={navigate}
        items={SCREENS.map((s) => ({ key: s.key, label: s.label }))}
      />
      {known ? (
        <Screen route={route} />
      ) : (
        <Result
          status="404"
          title="没有这个页面"
          extra={<Button onClick={() => navigate('/hospital')}>回到工作站</Button>}
        />
      )}
      <MessageLog session={workstation.session} />
    </div>
  );
}

function Screen({ route }: { readonly route: string }) {
  const { session, signNo, patient, institution } = useWorkstation();
  if (route === '/hospital') return <SignInScreen />;
  if (!session || !signNo || !institution)
    return <Needs text="请先选择本机构并签到（9001）。" to="/hospital" action="去签到" />;
  if (route === '/hospital/card') return <CardScreen />;
  if (route === '/hospital/reconcile') return <ReconcileScreen session={session} institution={institution} />;
  if (!patient) return <Needs text="请先读卡（1101）。" to="/hospital/card" action="去读卡" />;
  if (route === '/hospital/inpatient') return <InpatientScreen session={session} patient={patient} />;
  return <OutpatientScreen session={session} patient={patient} />;
}

function Needs({
  text,
  to,
  action,
}: {
  readonly text: string;
  readonly to: string;
  readonly action: ReactNode;
}) {
  return (
    <Alert
      type="info"
      showIcon
      title={text}
      action={
        <Button size="small" onClick={() => navigate(to)}>
          {action}
        </Button>
      }
    />
  );
}

/** Who this workstation is on every screen: the institution, its sign_no, the patient. */
function SessionBar() {
  const { institution, signNo, patient } = useWorkstation();
  return (
    <Space wrap size={[24, 4]} style={{ marginBottom: 4 }}>
      <Typography.Text strong>
        {institution ? `${institution.fixmedins_name}（${institution.fixmedins_code}）` : '未选择机构'}
      </Typography.Text>
      <Typography.Text>
        sign_no：{signNo ? <Typography.Text code>{signNo}</Typography.Text> : '未签到'}
      </Typography.Text>
      {patient ? (
        <Typography.Text>
          患者：{patient.person.baseinfo.psn_name}（{patient.person.baseinfo.psn_no}，参保地{' '}
          {patient.insurance.insuplc_admdvs}）
        </Typography.Text>
      ) : null}
    </Space>
  );
}
