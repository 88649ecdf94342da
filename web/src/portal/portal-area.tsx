// 参保人服务: the area's screens by route (#/portal/…); the public queries open to anyone, the rest after login.
import { ConfigProvider, Result, Spin } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { ApplyPage } from './apply/apply-page.tsx';
import { FilingDetailPage } from './filings/filing-detail-page.tsx';
import { FilingsPage } from './filings/filings-page.tsx';
import { LoginPage } from './login-page.tsx';
import { PortalHome } from './portal-home.tsx';
import { PortalLayout } from './portal-layout.tsx';
import { AgenciesPage } from './public/agencies-page.tsx';
import { InstitutionsPage } from './public/institutions-page.tsx';
import { RegionsPage } from './public/regions-page.tsx';
import { ChronicNoticePage } from './records/chronic-notice-page.tsx';
import { ChronicPage } from './records/chronic-page.tsx';
import { EvoucherPage } from './records/evoucher-page.tsx';
import { SettlementDetailPage } from './records/settlement-detail-page.tsx';
import { SettlementsPage } from './records/settlements-page.tsx';
import {
  loginRoute,
  menuKeyOf,
  PORTAL,
  type PortalScreen,
  PUBLIC_SCREENS,
  parsePortalRoute,
} from './routes.ts';
import { SessionProvider, useSession } from './session.tsx';

export function PortalArea({ route }: { readonly route: string }) {
  // Ant Design spaces out two-character button labels (登 录), and its required star is CSS content that screen
  // readers read as part of the field's name (* 就医地): the words shown should be the names heard.
  return (
    <ConfigProvider button={{ autoInsertSpace: false }} form={{ requiredMark: markRequired }}>
      <SessionProvider>
        <PortalScreens route={route} />
      </SessionProvider>
    </ConfigProvider>
  );
}

/** A required field's star, visible but not part of its name (the input says aria-required itself). */
function markRequired(label: ReactNode, { required }: { required: boolean }): ReactNode {
  return (
    <>
      {label}
      {required && (
        <span aria-hidden="true" style={{ color: '#ff4d4f', marginInlineStart: 4 }}>
          *
        </span>
      )}
    </>
  );
}

function PortalScreens({ route }: { readonly route: string }) {
  const screen = parsePortalRoute(route);
  const body = PUBLIC_SCREENS.has(screen.name) ? (
    screenFor(screen)
  ) : (
    <RequireLogin route={route}>{screenFor(screen)}</RequireLogin>
  );
  return (
    <PortalLayout route={route} selected={menuKeyOf(screen)}>
      {body}
    </PortalLayout>
  );
}

/** Sends a person who is not logged in to the login page, which brings them back here afterwards. */
function RequireLogin({ route, children }: { readonly route: string; readonly children: ReactNode }) {
  const { state } = useSession();
  useEffect(() => {
    // replace, not push: going back from the login page must not land on a page that sends there again.
    if (state.kind === 'signed-out') window.location.replace(`#${loginRoute(route)}`);
  }, [state.kind, route]);
  if (state.kind !== 'signed-in')
    return <Spin description="正在确认登录状态…" style={{ width: '100%', marginTop: 48 }} />;
  return children;
}

function screenFor(screen: PortalScreen): ReactNode {
  switch (screen.name) {
    case 'home':
      return <PortalHome />;
    case 'login':
      return <LoginPage next={screen.next} />;
    case 'apply':
      return <ApplyPage />;
    case 'filings':
      return <FilingsPage />;
    case 'filing':
      return <FilingDetailPage key={screen.sn} sn={screen.sn} />;
    case 'institutions':
      return <InstitutionsPage />;
    case 'regions':
      return <RegionsPage />;
    case 'agencies':
      return <AgenciesPage />;
    case 'settlements':
      return <SettlementsPage />;
    case 'settlement':
      return <SettlementDetailPage key={screen.setlId} setlId={screen.setlId} />;
    case 'chronic':
      return <ChronicPage />;
    case 'chronic-notice':
      return <ChronicNoticePage key={screen.id} id={screen.id} />;
    case 'evoucher':
      return <EvoucherPage />;
    case 'unknown':
      return (
        <Result
          status="404"
          title="页面不存在"
          subTitle={`没有地址为 ${screen.path} 的页面`}
          extra={<a href={`#${PORTAL.home}`}>返回参保人服务首页</a>}
        />
      );
  }
}
