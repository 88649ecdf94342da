// The frame every screen sits in: the four areas in the header, the area's own screen below.
import { Layout, Menu, Typography } from 'antd';
import { ConsoleArea } from './console/console-area.tsx';
import { DashboardArea } from './dashboard/dashboard-area.tsx';
import { HomePage } from './home.tsx';
import { HospitalArea } from './hospital/hospital-area.tsx';
import { PortalArea } from './portal/portal-area.tsx';
import { navigate, useRoute } from './shared/router.ts';

const AREAS = [
  { key: '/portal', label: '参保人服务' },
  { key: '/hospital', label: '医院工作站' },
  { key: '/console', label: '经办机构' },
  { key: '/dashboard', label: '全国监测' },
] as const;

export function Shell() {
  const route = useRoute();
  const area = AREAS.find((a) => route === a.key || route.startsWith(`${a.key}/`))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Typography.Link href="#/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          异地就医直接结算
        </Typography.Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={area ? [area] : []}
          items={AREAS.map((a) => ({ key: a.key, label: <a href={`#${a.key}`}>{a.label}</a> }))}
          onClick={({ key }) => navigate(key)}
          style={{ flex: 1, minWidth: 0 }}
        />
      </Layout.Header>
      <Layout.Content style={{ padding: 'clamp(8px, 2vw, 24px)' }}>
        {area === '/portal' ? (
          <PortalArea route={route} />
        ) : area === '/hospital' ? (
          <HospitalArea route={route} />
        ) : area === '/console' ? (
          <ConsoleArea route={route} />
        ) : area === '/dashboard' ? (
          <DashboardArea route={route} />
        ) : (
          <HomePage />
        )}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#888' }}>
        Yidi — 跨省异地就医直接结算的开源实现 · 演示数据（非官方参数）
      </Layout.Footer>
    </Layout>
  );
}
