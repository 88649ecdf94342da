// 经办机构: staff login, then the console's screens by route (#/console/review, …/filings, …/counter, …/catalogue,
// …/policies, …/settlements, …/clearing, …/prepaid, …/audit, …/monitoring, …/cross-checks), each within the clerk's
// province or pooling region.
import {
  Alert,
  Button,
  Card,
  ConfigProvider,
  Form,
  Input,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, getJson, sendJson } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { AuditScreen } from './audit-screen.tsx';
import { CatalogueBrowser } from './catalogue-browser.tsx';
import { ClearingScreen } from './clearing-screen.tsx';
import { errorText, SessionContext, type Staff } from './console-api.ts';
import { CounterFiling } from './counter-filing.tsx';
import { CrossCheckScreen } from './cross-check-screen.tsx';
import { FilingSearch } from './filing-search.tsx';
import { MonitoringScreen } from './monitoring-screen.tsx';
import { PolicyBrowser } from './policy-browser.tsx';
import { PrepaidScreen } from './prepaid-screen.tsx';
import { ReviewQueue } from './review-queue.tsx';
import { SettlementSearch } from './settlement-search.tsx';

const FILING = ['filing_reviewer'];
const AUDIT_READ = ['audit_officer', 'auditor'];

/**
 * Each screen with the roles that open it — the roles its API calls admit (src/api/rest/role-matrix.test.ts); a
 * screen whose reads are open but whose changes are not (审计员 on 审核记录) still shows the server's 403 on saving.
 */
const SCREENS = [
  { key: '/console/review', label: '备案审核', Screen: ReviewQueue, roles: FILING },
  { key: '/console/filings', label: '备案查询', Screen: FilingSearch, roles: FILING },
  { key: '/console/counter', label: '窗口备案', Screen: CounterFiling, roles: FILING },
  {
    key: '/console/catalogue',
    label: '目录查询',
    Screen: CatalogueBrowser,
    roles: ['catalogue_admin', 'policy_admin', 'audit_officer'],
  },
  { key: '/console/policies', label: '政策查询', Screen: PolicyBrowser, roles: ['policy_admin'] },
  {
    key: '/console/settlements',
    label: '结算查询',
    Screen: SettlementSearch,
    roles: ['clearing_officer', 'audit_officer', 'auditor'],
  },
  {
    key: '/console/clearing',
    label: '月度清算',
    Screen: ClearingScreen,
    roles: ['clearing_officer', 'national_admin', 'auditor'],
  },
  { key: '/console/prepaid', label: '预付金', Screen: PrepaidScreen, roles: ['clearing_officer', 'auditor'] },
  { key: '/console/audit', label: '审核记录', Screen: AuditScreen, roles: AUDIT_READ },
  { key: '/console/monitoring', label: '就医地监控', Screen: MonitoringScreen, roles: AUDIT_READ },
  { key: '/console/cross-checks', label: '协查', Screen: CrossCheckScreen, roles: ['audit_officer'] },
] as const;

/** The screens the account's roles open, in menu order. */
const screensOf = (staff: Staff) =>
  SCREENS.filter((s) => s.roles.some((role) => (staff.roles ?? []).includes(role)));

/** Button labels as written (antd spaces out two-character ones: 登 录), so that a label reads and is found as one word. */
const BUTTONS = { autoInsertSpace: false } as const;

export function ConsoleArea({ route }: { readonly route: string }) {
  return (
    <ConfigProvider button={BUTTONS}>
      <ConsoleScreens route={route} />
    </ConfigProvider>
  );
}

function ConsoleScreens({ route }: { readonly route: string }) {
  // undefined: still asking whether a session exists; null: nobody is logged in.
  const [staff, setStaff] = useState<Staff | null | undefined>(undefined);
  const [problem, setProblem] = useState<string>();
  const loadMe = useCallback(() => {
    getJson<Staff>('/api/console/me').then(setStaff, (error: unknown) => {
      setStaff(null);
      if (!(error instanceof ApiError && error.status === 401)) setProblem(errorText(error));
    });
  }, []);
  useEffect(loadMe, [loadMe]);
  const expired = useCallback(() => {
    setStaff(null);
    setProblem('登录已过期，请重新登录');
  }, []);
  const session = useMemo(() => (staff ? { staff, expired } : null), [staff, expired]);

  if (staff === undefined)
    return <Spin description="正在读取登录状态…" style={{ display: 'block', margin: 48 }} />;
  if (!session)
    return (
      <LoginForm
        problem={problem}
        onLoggedIn={() => {
          setProblem(undefined);
          loadMe();
        }}
      />
    );
  const allowed = screensOf(session.staff);
  const asked = SCREENS.find((s) => route === s.key || route.startsWith(`${s.key}/`));
  const screen = asked && allowed.includes(asked) ? asked : allowed[0];
  const logout = async () => {
    await sendJson('POST', '/api/console/logout').catch(() => {});
    setStaff(null);
  };
  return (
    <SessionContext.Provider value={session}>
      <Layout style={{ background: 'transparent', gap: 16 }}>
        <Layout.Sider width={168} theme="light" style={{ background: 'transparent' }} aria-label="经办功能">
          <Menu
            mode="inline"
            selectedKeys={screen ? [screen.key] : []}
            items={allowed.map((s) => ({ key: s.key, label: <a href={`#${s.key}`}>{s.label}</a> }))}
            onClick={({ key }) => navigate(key)}
          />
        </Layout.Sider>
        <Layout.Content style={{ minWidth: 0 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {screen?.label ?? '经办系统'}
            </Typography.Title>
            <Space>
              <span>
                {session.staff.name}（{session.staff.username}）
              </span>
              <Tag color="blue">经办范围：{session.staff.scope_name}</Tag>
              <Button onClick={logout}>退出登录</Button>
            </Space>
          </Space>
          {asked && asked !== screen && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`本账号的角色不能使用“${asked.label}”`}
            />
          )}
          {screen ? (
            <screen.Screen />
          ) : (
            <Alert type="info" showIcon title="本账号没有可用的经办功能，请联系管理员分配角色" />
          )}
        </Layout.Content>
      </Layout>
    </SessionContext.Provider>
  );
}

function LoginForm({ problem, onLoggedIn }: { readonly problem?: string; readonly onLoggedIn: () => void }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { username: string; password: string }) => {
    setSending(true);
    setError(undefined);
    try {
      await sendJson('POST', '/api/console/login', values);
      onLoggedIn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <Card title="经办人员登录" style={{ maxWidth: 420, margin: '48px auto' }}>
      {problem && <Alert type="warning" title={problem} showIcon style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          label="用户名"
          name="username"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[A-Za-z0-9._-]{1,64}$/, message: '用户名由字母、数字和 . _ - 组成' },
          ]}
        >
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={sending} block>
          登录
        </Button>
      </Form>
    </Card>
  );
}
