// The portal's frame: the area's menu beside the screen on a wide window, behind a 菜单 button on a phone,
// and who is logged in (or a way to log in) above it.
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { navigate } from '../shared/router.ts';
import { loginRoute, PORTAL } from './routes.ts';
import { useSession } from './session.tsx';

const link = (route: string, label: string) => ({ key: route, label: <a href={`#${route}`}>{label}</a> });

const MENU_ITEMS: MenuProps['items'] = [
  link(PORTAL.home, '服务首页'),
  {
    type: 'group',
    label: '异地就医备案',
    children: [link(PORTAL.apply, '备案申请'), link(PORTAL.filings, '备案记录')],
  },
  {
    type: 'group',
    label: '公共查询',
    children: [
      link(PORTAL.institutions, '查定点'),
      link(PORTAL.regions, '开通情况'),
      link(PORTAL.agencies, '经办机构'),
    ],
  },
  {
    type: 'group',
    label: '我的医保',
    children: [
      link(PORTAL.settlements, '费用明细'),
      link(PORTAL.chronic, '门诊慢特病'),
      link(PORTAL.evoucher, '医保电子凭证'),
    ],
  },
];

function PortalMenu({ selected, onPick }: { readonly selected: string; readonly onPick?: () => void }) {
  return (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={MENU_ITEMS}
      onClick={({ key }) => {
        navigate(key);
        onPick?.();
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}

function AccountBar({ route }: { readonly route: string }) {
  const { state, logout } = useSession();
  if (state.kind === 'checking') return null;
  // On the login page itself a 登录 button would only lead where the person already is.
  if (state.kind === 'signed-out' && route.startsWith(PORTAL.login)) return null;
  if (state.kind === 'signed-out')
    return (
      <Button type="primary" icon={<UserOutlined />} href={`#${loginRoute(route)}`}>
        登录
      </Button>
    );
  return (
    <Flex align="center" gap={8} wrap>
      <Typography.Text strong aria-label="当前登录">
        <UserOutlined /> {state.me.person.psn_name}
      </Typography.Text>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        onClick={async () => {
          await logout();
          navigate(PORTAL.login);
        }}
      >
        退出
      </Button>
    </Flex>
  );
}

export function PortalLayout({
  route,
  selected,
  children,
}: {
  readonly route: string;
  readonly selected: string;
  readonly children: ReactNode;
}) {
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Until the breakpoints are known, lay out for a phone: a wide window only gains the side menu a moment later.
  const wide = screens.md === true;

  if (!wide)
    return (
      <>
        <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 12 }}>
          <Button icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label="打开参保人服务菜单">
            菜单
          </Button>
          <AccountBar route={route} />
        </Flex>
        <Drawer
          title="参保人服务"
          placement="left"
          size={260}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          styles={{ body: { padding: 0 } }}
        >
          <PortalMenu selected={selected} onPick={() => setDrawerOpen(false)} />
        </Drawer>
        {children}
      </>
    );

  // The shell's content is already the page's <main>: the side menu is a <nav> beside a plain column.
  return (
    <Flex gap={16} align="flex-start">
      <nav
        aria-label="参保人服务菜单"
        style={{ width: 200, flex: 'none', background: '#fff', borderRadius: 8, paddingTop: 8 }}
      >
        <PortalMenu selected={selected} />
      </nav>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <AccountBar route={route} />
        </Flex>
        {children}
      </div>
    </Flex>
  );
}
