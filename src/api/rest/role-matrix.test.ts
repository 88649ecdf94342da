// The role matrix (docs/SECURITY.md): every console and hub route × every role, no session, and accounts of another
// pooling region or province — each denial is 401 or 403 naming a role it needs, and a denied change changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint as databaseFingerprint } from '../../../test/support/db-fingerprint.ts';
import {
  application,
  LAOZHANG_CERTNO,
  type PortalWorld,
  STAFF,
  STAFF_PASSWORD,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';
import { hashPassword } from '../../node/passwords.ts';
import { HUB_SCHEMA, nodeSchema } from '../../store/schemas.ts';
import { ROLE_NAMES, STAFF_ROLES, type StaffRole } from './sessions.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RouteCase {
  readonly method: Method;
  readonly url: string;
  readonly body?: unknown;
  /** Roles admitted; 'any' = every logged-in staff member. */
  readonly allow: readonly StaffRole[] | 'any';
  /** The route changes state: a denied call must leave the database as it was. */
  readonly changes?: boolean;
  /** Not called by an admitted role (logout would end the session the other rows use). */
  readonly onlyDenials?: boolean;
}

// Ids of the right shape (the schema is checked before the handler) in 河北; they need not exist.
const SN = 'F130000000000001';
const MATERIAL = `M01${'0'.repeat(24)}`;
const CASE = 'XC1';
const PERIOD = '2026-04';
const FILING_READ: readonly StaffRole[] = ['filing_reviewer'];
const AUDIT: readonly StaffRole[] = ['audit_officer'];
const AUDIT_READ: readonly StaffRole[] = ['audit_officer', 'auditor'];
const CLEARING_READ: readonly StaffRole[] = ['clearing_officer', 'national_admin', 'auditor'];

/** The one declared matrix: what each route admits. */
const MATRIX: readonly RouteCase[] = [
  { method: 'GET', url: '/api/console/me', allow: 'any' },
  { method: 'GET', url: '/api/console/dictionaries', allow: 'any' },
  { method: 'POST', url: '/api/console/logout', allow: 'any', onlyDenials: true },
  // 备案审核
  { method: 'GET', url: '/api/console/filings/queue', allow: FILING_READ },
  { method: 'GET', url: '/api/console/filings', allow: FILING_READ },
  { method: 'GET', url: `/api/console/filings/${SN}`, allow: FILING_READ },
  { method: 'GET', url: `/api/console/filings/${SN}/materials/${MATERIAL}`, allow: FILING_READ },
  {
    method: 'POST',
    url: `/api/console/filings/${SN}/review`,
    body: { decision: 'reject', reason: '材料不全' },
    allow: FILING_READ,
    changes: true,
  },
  {
    method: 'POST',
    url: `/api/console/filings/${SN}/cancel`,
    body: { reason: '本人申请' },
    allow: FILING_READ,
    changes: true,
  },
  {
    method: 'POST',
    url: '/api/console/filings',
    body: { ...application(), certno: WANGFANG.certno },
    allow: FILING_READ,
    changes: true,
  },
  { method: 'GET', url: '/api/console/offsite-filings', allow: FILING_READ },
  { method: 'GET', url: `/api/console/filing-notice?certno=${LAOZHANG_CERTNO}`, allow: FILING_READ },
  // 目录、结算
  {
    method: 'GET',
    url: '/api/console/catalogue',
    allow: ['catalogue_admin', 'policy_admin', 'audit_officer'],
  },
  { method: 'GET', url: '/api/console/settlements', allow: ['clearing_officer', 'audit_officer', 'auditor'] },
  // 政策
  { method: 'GET', url: '/api/console/policies', allow: ['policy_admin'] },
  { method: 'GET', url: '/api/console/policies/130100/310/2026-01-01', allow: ['policy_admin'] },
  { method: 'POST', url: '/api/console/policies/validate', body: {}, allow: ['policy_admin'] },
  {
    method: 'PUT',
    url: '/api/console/policies/130100/310',
    body: {},
    allow: ['policy_admin'],
    changes: true,
  },
  // 稽核: audit rules, monitoring, 协查
  { method: 'GET', url: '/api/console/audit/settings', allow: AUDIT_READ },
  { method: 'PUT', url: '/api/console/audit/settings', body: {}, allow: AUDIT, changes: true },
  { method: 'GET', url: '/api/console/audit/hits', allow: AUDIT_READ },
  { method: 'GET', url: '/api/console/monitoring?from=2026-05&to=2026-05', allow: AUDIT_READ },
  { method: 'GET', url: '/api/console/monitoring/settings', allow: AUDIT_READ },
  { method: 'PUT', url: '/api/console/monitoring/settings', body: {}, allow: AUDIT, changes: true },
  { method: 'GET', url: '/api/console/cross-checks', allow: AUDIT },
  { method: 'GET', url: '/api/console/cross-checks/settings', allow: AUDIT },
  {
    method: 'PUT',
    url: '/api/console/cross-checks/settings',
    body: { auto_threshold_fen: 1_000_000 },
    allow: AUDIT,
    changes: true,
  },
  { method: 'GET', url: `/api/console/cross-checks/${CASE}`, allow: AUDIT },
  { method: 'GET', url: `/api/console/cross-checks/${CASE}/documents/1`, allow: AUDIT },
  {
    method: 'POST',
    url: '/api/console/cross-checks',
    body: { setl_id: 'S-NONE', reason: '费用异常' },
    allow: AUDIT,
    changes: true,
  },
  {
    method: 'POST',
    url: `/api/console/cross-checks/${CASE}/answer`,
    body: { findings: '属实', proposal: 'confirmed' },
    allow: AUDIT,
    changes: true,
  },
  {
    method: 'POST',
    url: `/api/console/cross-checks/${CASE}/outcome`,
    body: { outcome: 'confirmed' },
    allow: AUDIT,
    changes: true,
  },
  // 清算 (the hub's national steps and each province's side of them), 预付金
  { method: 'GET', url: '/api/console/orphan-reversals', allow: ['clearing_officer', 'auditor'] },
  { method: 'GET', url: `/api/console/clearing/${PERIOD}`, allow: CLEARING_READ },
  {
    method: 'GET',
    url: `/api/console/clearing/${PERIOD}/export?statement=pairs&format=csv`,
    allow: CLEARING_READ,
  },
  {
    method: 'POST',
    url: `/api/console/clearing/${PERIOD}/run`,
    allow: ['clearing_officer', 'national_admin'],
    changes: true,
  },
  {
    method: 'POST',
    url: `/api/console/clearing/${PERIOD}/confirm`,
    body: { sides: ['treatment'] },
    allow: ['clearing_officer'],
    changes: true,
  },
  { method: 'POST', url: `/api/console/clearing/${PERIOD}/post`, allow: ['national_admin'], changes: true },
  { method: 'GET', url: '/api/console/prepaid', allow: ['clearing_officer', 'auditor'] },
  {
    method: 'POST',
    url: '/api/console/prepaid/deposits',
    body: { amount: 100, id: 'MATRIX-1' },
    allow: ['clearing_officer'],
    changes: true,
  },
  {
    method: 'POST',
    url: '/api/console/prepaid/collections',
    body: { period: PERIOD },
    allow: ['clearing_officer'],
    changes: true,
  },
  // Routes of the other parts of issue 10 that use requireRole.
  {
    method: 'DELETE',
    url: '/api/console/institutions/H13010100001/signing-key',
    allow: ['catalogue_admin'],
    changes: true,
  },
  {
    method: 'PUT',
    url: '/api/console/institutions/H13010100001/signing-key',
    body: { sign_secret: 'matrix-secret-0123456789abcdef0123456789' },
    allow: ['catalogue_admin'],
    changes: true,
  },
  { method: 'GET', url: '/api/console/audit-trail', allow: ['auditor'] },
  { method: 'GET', url: '/api/console/audit-trail/export', allow: ['auditor'] },
];

/** Changes only the province may make: a pooling region's clerk holding every role is refused each. */
const PROVINCE_WIDE_ONLY = MATRIX.filter((r) =>
  [
    'PUT /api/console/audit/settings',
    'PUT /api/console/monitoring/settings',
    'PUT /api/console/cross-checks/settings',
    `POST /api/console/clearing/${PERIOD}/confirm`,
    'POST /api/console/prepaid/deposits',
    'POST /api/console/prepaid/collections',
  ].includes(`${r.method} ${r.url}`),
);

const REGION_CLERK = {
  username: 'matrix-130200',
  scope_admdvs: '130200',
  name: '唐山市全角色',
  roles: STAFF_ROLES,
};
const roleUser = (role: StaffRole) => `matrix-${role.replaceAll('_', '-')}`;

let world: PortalWorld;
const tokens = new Map<string, string>();

async function send(method: Method, url: string, token?: string, body?: unknown) {
  const response = await world.app.inject({
    method,
    url,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  const json = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, body: json ? response.json() : undefined };
}

/** 河北's node, 海南's node and the hub. */
const fingerprint = () =>
  databaseFingerprint(world.platform, [nodeSchema('130000'), nodeSchema('460000'), HUB_SCHEMA]);

/** `METHOD /api/console/...` of each route registered in the route files beside this one. */
function consoleRoutes(): string[] {
  const dir = dirname(fileURLToPath(import.meta.url));
  const found: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(/'(\/api\/console\/[^']*)'/g)) {
      const method = [...text.slice(0, match.index).matchAll(/app\.(get|post|put|delete|patch)\b/g)].at(-1);
      if (method) found.push(`${method[1]!.toUpperCase()} ${match[1]}`);
    }
  }
  return found;
}

const admits = (route: RouteCase, role: StaffRole) => route.allow === 'any' || route.allow.includes(role);

beforeAll(async () => {
  world = await startPortalWorld();
  const pwd_hash = await hashPassword(STAFF_PASSWORD);
  const hebei = world.platform.nodes.get('130000')!.portal.store;
  for (const role of STAFF_ROLES)
    await hebei.upsertStaff({
      username: roleUser(role),
      name: `河北省${ROLE_NAMES[role]}`,
      scope_admdvs: '130000',
      pwd_hash,
      roles: [role],
    });
  await hebei.upsertStaff({ ...REGION_CLERK, pwd_hash });
  for (const role of STAFF_ROLES) tokens.set(role, await world.staffLogin(roleUser(role)));
  tokens.set('region', await world.staffLogin(REGION_CLERK.username));
  tokens.set('hainan', await world.staffLogin(STAFF.hainan.username));
}, 240_000);

afterAll(async () => {
  await world?.close();
});

describe('the role matrix', () => {
  it('declares every console route of src/api/rest (a new route needs its row)', () => {
    const declared = MATRIX.map((r) => `${r.method} ${r.url.split('?')[0]}`);
    const missing = consoleRoutes()
      .filter((route) => route !== 'POST /api/console/login')
      .filter((route) => {
        const pattern = new RegExp(`^${route.replaceAll(/:[a-z_]+/g, '[^/]+')}$`);
        return !declared.some((d) => pattern.test(d));
      });
    expect(missing).toEqual([]);
  });

  it.each(MATRIX.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s answers 401 without a session',
    async (_, route) => {
      const before = route.changes ? await fingerprint() : undefined;
      const answer = await send(route.method, route.url, undefined, route.body);
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toContain('请先登录');
      if (before) expect(await fingerprint()).toEqual(before);
    },
  );

  it.each(MATRIX.filter((r) => r.allow !== 'any').map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s refuses every role it does not admit with 403 naming the role, and changes nothing',
    async (_, route) => {
      const denied = STAFF_ROLES.filter((role) => !admits(route, role));
      expect(denied.length).toBeGreaterThan(0);
      const before = route.changes ? await fingerprint() : undefined;
      for (const role of denied) {
        const answer = await send(route.method, route.url, tokens.get(role), route.body);
        expect({ role, status: answer.status }).toEqual({ role, status: 403 });
        expect(answer.body.code).toBe('forbidden');
        const needed = (route.allow as readonly StaffRole[]).map((r) => `“${ROLE_NAMES[r]}”`);
        for (const name of needed) expect(answer.body.detail).toContain(name);
        expect(answer.body.detail).toMatch(/^须具备.*角色$/);
      }
      if (before) expect(await fingerprint()).toEqual(before);
    },
  );

  it.each(MATRIX.filter((r) => !r.onlyDenials).map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s lets each role it admits past the role check',
    async (_, route) => {
      for (const role of STAFF_ROLES.filter((r) => admits(route, r))) {
        const answer = await send(route.method, route.url, tokens.get(role), route.body);
        expect({ role, status: answer.status, detail: answer.body?.detail }).not.toMatchObject({
          status: expect.toSatisfy((s: number) => s === 401 || s === 403),
        });
      }
    },
  );
});

describe('scope', () => {
  it.each(PROVINCE_WIDE_ONLY.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s is refused to a pooling region clerk holding every role, and changes nothing',
    async (_, route) => {
      const before = await fingerprint();
      const answer = await send(route.method, route.url, tokens.get('region'), route.body);
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toContain('须由全省经办人员办理');
      expect(answer.body.detail).toContain('130200');
      expect(await fingerprint()).toEqual(before);
    },
  );

  it("keeps a pooling region's clerk to its region: another region's person and policies are refused", async () => {
    const token = tokens.get('region');
    // 老张 is insured in 石家庄 (130100); the clerk is 唐山's (130200).
    const notice = await send('GET', `/api/console/filing-notice?certno=${LAOZHANG_CERTNO}`, token);
    expect(notice.status).toBe(403);
    expect(notice.body.detail).toContain('130200');
    const before = await fingerprint();
    const policy = await send('PUT', '/api/console/policies/130100/310', token, {});
    expect(policy.status).toBe(403);
    expect(await fingerprint()).toEqual(before);
    const policies = await send('GET', '/api/console/policies?admdvs=130100', token);
    expect(policies.status).toBe(403);
  });

  it("keeps another province's staff (every role) out of 河北's filings and policies", async () => {
    const token = tokens.get('hainan');
    const filing = await send('GET', `/api/console/filings/${SN}`, token);
    expect(filing.status).toBe(403);
    expect(filing.body.detail).toContain('460000');
    const before = await fingerprint();
    const review = await send('POST', `/api/console/filings/${SN}/review`, token, { decision: 'approve' });
    expect(review.status).toBe(403);
    const policy = await send('PUT', '/api/console/policies/130100/310', token, {});
    expect(policy.status).toBe(403);
    expect(await fingerprint()).toEqual(before);
    // 老张 is 河北's: 海南's node does not hold him.
    const notice = await send('GET', `/api/console/filing-notice?certno=${LAOZHANG_CERTNO}`, token);
    expect([403, 404]).toContain(notice.status);
  });

  it('answers /api/console/me with the roles, so the console shows only their screens', async () => {
    const me = await send('GET', '/api/console/me', tokens.get('clearing_officer'));
    expect(me.body).toMatchObject({ scope_admdvs: '130000', roles: ['clearing_officer'] });
  });
});
