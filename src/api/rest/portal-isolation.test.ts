// Portal isolation (docs/SECURITY.md): a logged-in person cannot read or change another person's data by putting
// that person's ids in the URL, the query or the body of any portal route — each answers 4xx and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint as databaseFingerprint } from '../../../test/support/db-fingerprint.ts';
import { admit, LAOZHANG, settleInput, standardBill } from '../../../test/support/his-world.ts';
import {
  application,
  LAOZHANG_CERTNO,
  LIUYANG,
  PNG,
  type PortalWorld,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';
import { HUB_SCHEMA, nodeSchema } from '../../store/schemas.ts';

type Method = 'GET' | 'POST' | 'PATCH';

let world: PortalWorld;
/** The intruder: 王芳, logged in as herself. */
let intruder: string;
/** The victims: 刘洋 (a filing with a material) and 老张 (a settlement and a 门诊慢特病 qualification). */
let liuyang: string;
let laozhang: string;
const victim = { sn: '', materialId: '', setlId: '', psnNo: LIUYANG.psn_no };

const fingerprint = () =>
  databaseFingerprint(world.platform, [nodeSchema('130000'), nodeSchema('460000'), HUB_SCHEMA]);

async function send(method: Method, url: string, token: string, body?: unknown) {
  const response = await world.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  const text = response.body;
  return { status: response.statusCode, text };
}

beforeAll(async () => {
  world = await startPortalWorld((raw) => {
    const laozhangRow = raw.persons.find((p: { psn_no: string }) => p.psn_no === LAOZHANG.psn_no);
    if (laozhangRow)
      laozhangRow.chronic = [{ opsp_dise_code: 'M03900', begndate: '2026-01-01', enddate: null }];
  });
  intruder = await world.login(WANGFANG.certno);
  liuyang = await world.login(LIUYANG.certno);
  laozhang = await world.login(LAOZHANG_CERTNO);
  const upload = await world.upload(liuyang, '居住证明.png', 'image/png', PNG);
  expect(upload.status).toBe(201);
  victim.materialId = upload.body.material_id;
  const filed = await world.call(
    'POST',
    '/api/portal/filings',
    liuyang,
    application({
      contact: { name: '刘洋', tel: '13900139000', addr: '海南省海口市美兰区某小区' },
      proof: { kind: 'materials', material_ids: [victim.materialId] },
    }),
  );
  expect(filed.status).toBe(201);
  victim.sn = filed.body.trt_dcla_detl_sn;
  expect(victim.sn).toMatch(/^[A-Z]\d{10,40}$/);
  const mdtrtId = await admit(world.his);
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
  const settled = await world.his.ok('2304', settleInput(mdtrtId));
  victim.setlId = settled.setlinfo.setl_id as string;
}, 240_000);

afterAll(async () => {
  await world?.close();
});

/** Every portal route that takes an id, with the victim's ids where the intruder could put them. */
interface Attempt {
  readonly name: string;
  readonly method: Method;
  readonly url: () => string;
  readonly body?: () => unknown;
  /** The statuses that count as refused: an id of the right shape that is not hers is 404, an unknown field 400. */
  readonly answers: readonly number[];
  /** 'own': it acts on her own data (an e-voucher of her own), which may change. */
  readonly changes?: 'own';
}

const NOT_HERS = [404];
const UNKNOWN_FIELD = [400];

const ATTEMPTS: readonly Attempt[] = [
  {
    name: "GET another person's filing",
    method: 'GET',
    url: () => `/api/portal/filings/${victim.sn}`,
    answers: NOT_HERS,
  },
  {
    name: "PATCH another person's filing",
    method: 'PATCH',
    url: () => `/api/portal/filings/${victim.sn}`,
    body: () => ({ contact: { name: '王芳', tel: '13800138000', addr: '改到别处' } }),
    answers: NOT_HERS,
  },
  {
    name: "cancel another person's filing",
    method: 'POST',
    url: () => `/api/portal/filings/${victim.sn}/cancel`,
    body: () => ({ reason: '不去了' }),
    answers: NOT_HERS,
  },
  {
    name: "download another person's material",
    method: 'GET',
    url: () => `/api/portal/materials/${victim.materialId}`,
    answers: NOT_HERS,
  },
  {
    name: "file with another person's material as proof",
    method: 'POST',
    url: () => '/api/portal/filings',
    body: () => application({ proof: { kind: 'materials', material_ids: [victim.materialId] } }),
    answers: [422],
  },
  {
    name: 'file for another person by naming them in the body',
    method: 'POST',
    url: () => '/api/portal/filings',
    body: () => ({ ...application(), psn_no: victim.psnNo }),
    answers: UNKNOWN_FIELD,
  },
  {
    name: "read another person's settlement",
    method: 'GET',
    url: () => `/api/portal/settlements/${victim.setlId}`,
    answers: NOT_HERS,
  },
  {
    name: "list another person's settlements by a query parameter",
    method: 'GET',
    url: () => `/api/portal/settlements?psn_no=${LAOZHANG.psn_no}`,
    answers: [200, ...UNKNOWN_FIELD],
  },
  {
    name: "read another person's 门诊慢特病 notice (her own list has no 1)",
    method: 'GET',
    url: () => '/api/portal/chronic/1/notice',
    answers: NOT_HERS,
  },
  {
    name: "list another person's filings by a query parameter",
    method: 'GET',
    url: () => `/api/portal/filings?psn_no=${victim.psnNo}`,
    answers: [200, ...UNKNOWN_FIELD],
  },
  {
    name: 'issue an e-voucher for another person',
    method: 'POST',
    url: () => `/api/portal/evoucher?psn_no=${victim.psnNo}`,
    body: () => ({ psn_no: victim.psnNo }),
    answers: [200, ...UNKNOWN_FIELD],
    changes: 'own',
  },
];

describe('portal isolation', () => {
  it('gives the victims data of their own to reach for', async () => {
    expect((await world.call('GET', `/api/portal/filings/${victim.sn}`, liuyang)).status).toBe(200);
    expect((await world.call('GET', `/api/portal/settlements/${victim.setlId}`, laozhang)).status).toBe(200);
    expect((await world.call('GET', '/api/portal/chronic/1/notice', laozhang)).status).toBe(200);
  });

  it.each(ATTEMPTS.map((a) => [a.name, a] as const))(
    '%s: refused or answers only her own, nothing changes',
    async (_, attempt) => {
      const before = await fingerprint();
      const victimFiling = (await world.call('GET', `/api/portal/filings/${victim.sn}`, liuyang)).body;
      const answer = await send(attempt.method, attempt.url(), intruder, attempt.body?.());
      // Nothing of the victims' in the answer (beyond an id she sent herself, which a 404 may repeat).
      const sent = `${attempt.url()} ${JSON.stringify(attempt.body?.() ?? null)}`;
      const secrets = [victim.sn, victim.materialId, victim.setlId, victim.psnNo, LAOZHANG.psn_no, '刘洋'];
      for (const secret of secrets.filter((x) => !sent.includes(x)))
        expect(answer.text).not.toContain(secret);
      expect(attempt.answers).toContain(answer.status);
      if (attempt.changes !== 'own') expect(await fingerprint()).toEqual(before);
      expect((await world.call('GET', `/api/portal/filings/${victim.sn}`, liuyang)).body).toEqual(
        victimFiling,
      );
    },
  );

  it("keeps the victim's material downloadable by its owner, unchanged", async () => {
    const own = await world.app.inject({
      method: 'GET',
      url: `/api/portal/materials/${victim.materialId}`,
      headers: { authorization: `Bearer ${liuyang}` },
    });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload).toEqual(PNG);
  });
});
