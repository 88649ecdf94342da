// The portal's addresses (#/portal/…) and how a hash route is read into the screen it names.

export const PORTAL = {
  home: '/portal',
  login: '/portal/login',
  apply: '/portal/apply',
  filings: '/portal/filings',
  institutions: '/portal/institutions',
  regions: '/portal/regions',
  agencies: '/portal/agencies',
  settlements: '/portal/settlements',
  chronic: '/portal/chronic',
  evoucher: '/portal/evoucher',
} as const;

export const filingRoute = (sn: string): string => `${PORTAL.filings}/${encodeURIComponent(sn)}`;
export const settlementRoute = (setlId: string): string =>
  `${PORTAL.settlements}/${encodeURIComponent(setlId)}`;
export const chronicNoticeRoute = (id: string): string => `${PORTAL.chronic}/${encodeURIComponent(id)}`;
/** The login page, coming back to `next` afterwards. */
export const loginRoute = (next?: string): string =>
  next && next !== PORTAL.login ? `${PORTAL.login}?next=${encodeURIComponent(next)}` : PORTAL.login;

export type PortalScreen =
  | { readonly name: 'home' }
  | { readonly name: 'login'; readonly next: string | null }
  | { readonly name: 'apply' }
  | { readonly name: 'filings' }
  | { readonly name: 'filing'; readonly sn: string }
  | { readonly name: 'institutions' }
  | { readonly name: 'regions' }
  | { readonly name: 'agencies' }
  | { readonly name: 'settlements' }
  | { readonly name: 'settlement'; readonly setlId: string }
  | { readonly name: 'chronic' }
  | { readonly name: 'chronic-notice'; readonly id: string }
  | { readonly name: 'evoucher' }
  | { readonly name: 'unknown'; readonly path: string };

/** Screens anyone may open; every other one needs a logged-in person. */
export const PUBLIC_SCREENS: ReadonlySet<PortalScreen['name']> = new Set([
  'home',
  'login',
  'institutions',
  'regions',
  'agencies',
  'unknown',
]);

/** Reads `/portal/filings/F130…?x=y` into its screen. */
export function parsePortalRoute(route: string): PortalScreen {
  const [rawPath = '', rawQuery = ''] = route.split('?', 2);
  const path = rawPath.replace(/\/+$/, '') || PORTAL.home;
  const queryParams = new URLSearchParams(rawQuery);
  const [, , section, id] = path.split('/').map((part) => decodeURIComponent(part));
  switch (section) {
    case undefined:
      return { name: 'home' };
    case 'login':
      return { name: 'login', next: queryParams.get('next') };
    case 'apply':
      return { name: 'apply' };
    case 'filings':
      return id ? { name: 'filing', sn: id } : { name: 'filings' };
    case 'institutions':
      return { name: 'institutions' };
    case 'regions':
      return { name: 'regions' };
    case 'agencies':
      return { name: 'agencies' };
    case 'settlements':
      return id ? { name: 'settlement', setlId: id } : { name: 'settlements' };
    case 'chronic':
      return id ? { name: 'chronic-notice', id } : { name: 'chronic' };
    case 'evoucher':
      return { name: 'evoucher' };
    default:
      return { name: 'unknown', path };
  }
}

/** The menu entry a screen belongs to (a detail belongs to its list). */
export function menuKeyOf(screen: PortalScreen): string {
  switch (screen.name) {
    case 'filing':
      return PORTAL.filings;
    case 'settlement':
      return PORTAL.settlements;
    case 'chronic-notice':
      return PORTAL.chronic;
    case 'unknown':
      return '';
    default:
      return PORTAL[screen.name];
  }
}
