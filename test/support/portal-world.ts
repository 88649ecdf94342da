// The portal's test world: the HIS world's platform with persons who have not filed yet, agency staff, a clock the
// test moves, and a JSON client that logs in by one-time code as the demo does.
import type { LightMyRequestResponse } from 'fastify';
import { LEGACY_ROLES } from '../../src/core/staff-roles.ts';
import { hashPassword } from '../../src/node/passwords.ts';
import type { Mutable } from './datasets.ts';
import { type HisWorld, NOW, type Patient, startHisWorld } from './his-world.ts';

/** 王芳 of 石家庄, employee, no filing yet: the person who files in these suites. */
export const WANGFANG: Patient & { certno: string } = {
  psn_no: '13010000000000003001',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
  certno: '130102198506153025',
};
/** 刘洋 of 石家庄, employee, no filing: a second person, to show that one cannot see the other's filings. */
export const LIUYANG: Patient & { certno: string } = {
  psn_no: '13010000000000003002',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
  certno: '130102197811112022',
};
export const LAOZHANG_CERTNO = '130102197003121238';

export const STAFF_PASSWORD = 'review-2026';
/** 河北 province-wide, 唐山 only, and 海南 province-wide. */
/** Each holds every role (as accounts did before roles), so tests of one screen need not pick; role-matrix.test.ts narrows. */
export const STAFF = {
  hebei: { username: 'reviewer-130000', scope_admdvs: '130000', name: '河北省审核员', roles: LEGACY_ROLES },
  tangshan: {
    username: 'reviewer-130200',
    scope_admdvs: '130200',
    name: '唐山市审核员',
    roles: LEGACY_ROLES,
  },
  hainan: { username: 'reviewer-460000', scope_admdvs: '460000', name: '海南省审核员', roles: LEGACY_ROLES },
} as const;

function person(p: Patient & { certno: string }, name: string, gend: string, brdy: string) {
  return {
    psn_no: p.psn_no,
    psn_cert_type: '01',
    certno: p.certno,
    psn_name: name,
    gend,
    brdy,
    naty: '01',
    insuplc_admdvs: p.insuplc,
    insutype: p.insutype,
    psn_type: '1101',
    psn_insu_stas: '1',
    psn_insu_date: '2008-07-01',
    cvlserv_flag: '0',
    emp_name: '石家庄某公司',
    acct_balc: 800,
  };
}

export function withNewcomers(raw: Mutable): void {
  raw.persons.push(person(WANGFANG, '王芳', '2', '1985-06-15'), person(LIUYANG, '刘洋', '2', '1978-11-11'));
}

export interface JsonAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions.
  readonly body: any;
}

export interface PortalWorld extends HisWorld {
  /** The server's clock: tests move it by setting `clock.now`. */
  readonly clock: { now: number };
  /** Logs a person in by one-time code and answers the session token. */
  login(certno: string): Promise<string>;
  staffLogin(username: string): Promise<string>;
  call(method: 'GET' | 'POST' | 'PATCH', url: string, token?: string, payload?: unknown): Promise<JsonAnswer>;
  upload(token: string, filename: string, contentType: string, bytes: Buffer): Promise<JsonAnswer>;
  /** Waits until `probe` answers something, as long as `timeoutMs`; answers it and the time it took. */
  eventually<T>(probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<{ value: T; ms: number }>;
}

export async function startPortalWorld(
  adjust?: (raw: Mutable) => void,
  options: { readonly databaseUrl?: string } = {},
): Promise<PortalWorld> {
  const clock = { now: NOW };
  const world = await startHisWorld({
    ...options,
    adjust: (raw) => {
      withNewcomers(raw);
      adjust?.(raw);
    },
    clock: () => new Date(clock.now),
    showLoginCodes: true,
  });
  const pwdHash = await hashPassword(STAFF_PASSWORD);
  for (const staff of Object.values(STAFF))
    await world.platform.nodes
      .get(`${staff.scope_admdvs.slice(0, 2)}0000`)!
      .portal.store.upsertStaff({ ...staff, pwd_hash: pwdHash });
  const answer = (response: LightMyRequestResponse): JsonAnswer => ({
    status: response.statusCode,
    body: response.body === '' ? undefined : response.json(),
  });
  const call: PortalWorld['call'] = async (method, url, token, payload) =>
    answer(
      await world.app.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
    );
  return {
    ...world,
    clock,
    call,
    async login(certno) {
      const code = await call('POST', '/api/portal/login-code', undefined, { certno });
      const login = await call('POST', '/api/portal/login', undefined, { certno, code: code.body.demo_code });
      if (login.status !== 200) throw new Error(`login of ${certno} failed: ${JSON.stringify(login.body)}`);
      return login.body.token;
    },
    async staffLogin(username) {
      const login = await call('POST', '/api/console/login', undefined, {
        username,
        password: STAFF_PASSWORD,
      });
      if (login.status !== 200) throw new Error(`login of ${username} failed: ${JSON.stringify(login.body)}`);
      return login.body.token;
    },
    async upload(token, filename, contentType, bytes) {
      return answer(
        await world.app.inject({
          method: 'POST',
          url: `/api/portal/materials?filename=${encodeURIComponent(filename)}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          payload: bytes,
        }),
      );
    },
    async eventually(probe, timeoutMs = 1_000) {
      const started = performance.now();
      for (;;) {
        const value = await probe();
        const ms = performance.now() - started;
        if (value !== undefined) return { value, ms };
        if (ms > timeoutMs) throw new Error(`nothing after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** An application as the mini-program sends it, for 王芳 unless changed. */
export function application(extra: Record<string, unknown> = {}) {
  return {
    insutype: '310',
    dcla_type: '13',
    mdtrtarea_admdvs: '460000',
    begndate: '2026-05-12',
    contact: { name: '王芳', tel: '13800138000', addr: '海南省海口市龙华区某小区' },
    notice_version: 'GJ-2024-01',
    proof: { kind: 'commitment', text_version: 'GJ-CN-2024-01', signed_name: '王芳' },
    ...extra,
  };
}

export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const PDF = Buffer.from('%PDF-1.4\n% 居住证明\n');
