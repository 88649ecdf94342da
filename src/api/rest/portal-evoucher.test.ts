// 医保电子凭证 end to end: a person logs in to the portal, issues a token, and a 海南 hospital reads it with 1101.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset } from '../../../test/support/datasets.ts';
import { HOSPITAL, NOW } from '../../../test/support/his-world.ts';
import { createInProcessBus } from '../../bus/in-process.ts';
import { EVOUCHER_TTL_MS } from '../../node/evoucher-service.ts';
import { loadDataset, type Platform, startPlatform } from '../../platform.ts';
import { HisClient } from '../../sim/his-client.ts';
import { HIS_PATH } from '../his/route.ts';
import { buildServer } from '../server.ts';

const LAOZHANG_CERTNO = '130102197003121238';
const STATIC_ECTOKEN = 'ec0123456789abcdef0123456789abcd';
const EXPIRED = 'input.data.mdtrt_cert_no：医保电子凭证已过期，请参保人在医保App刷新二维码后重新出示';
const NOT_FOUND = 'input.data.mdtrt_cert_no：未查询到参保人员信息';

let platform: Platform;
let app: FastifyInstance;
let his: HisClient;
/** The server's and the hospital's clock: fixed, moved forward by the tests. */
let clockMs = NOW;
const clock = () => new Date(clockMs);

beforeAll(async () => {
  platform = await startPlatform({
    memory: true,
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  await loadDataset(platform.db, smallDataset());
  app = await buildServer(platform, { logger: false, clock, showLoginCodes: true });
  his = new HisClient(
    async (body) => (await app.inject({ method: 'POST', url: HIS_PATH, payload: body })).json(),
    HOSPITAL,
    clock,
  );
  await his.signIn();
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
});

/** Logs 老张 in with a one-time code (shown by the demo server) and returns his session token. */
async function logIn(): Promise<string> {
  const sent = await app.inject({
    method: 'POST',
    url: '/api/portal/login-code',
    payload: { certno: LAOZHANG_CERTNO },
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/portal/login',
    payload: { certno: LAOZHANG_CERTNO, code: sent.json().demo_code },
  });
  expect(login.statusCode).toBe(200);
  return login.json().token as string;
}

async function issue(session: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/portal/evoucher',
    headers: { authorization: `Bearer ${session}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    token: string;
    expires_at: string;
    insuplc_admdvs: string;
    psn_name_masked: string;
  };
}

const readByToken = (token: string) =>
  his.call('1101', {
    data: { mdtrt_cert_type: '01', mdtrt_cert_no: token, begntime: '2026-05-12 10:30:00' },
  });

describe('POST /api/portal/evoucher and 1101 with mdtrt_cert_type 01', () => {
  it("issues a logged-in person a token that a 海南 hospital's 1101 reads, filings for 海南 included", async () => {
    clockMs = NOW;
    const voucher = await issue(await logIn());
    expect(voucher).toEqual({
      token: expect.stringMatching(/^EC13[0-9a-f]{28}$/),
      expires_at: new Date(NOW + EVOUCHER_TTL_MS).toISOString(),
      insuplc_admdvs: '130100',
      psn_name_masked: '张*国',
    });
    const answer = await readByToken(voucher.token);
    expect(answer.err_msg).toBeNull();
    expect(answer.output).toMatchObject({
      baseinfo: { psn_no: '13010000000000001234', psn_name: '张建国', certno: LAOZHANG_CERTNO },
      insuinfo: [{ insutype: '310', insuplc_admdvs: '130100' }],
      dclainfo: [{ trt_dcla_detl_sn: 'F130100202601050001', dcla_type: '13', mdtrtarea_admdvs: '460000' }],
    });
  });

  it('refuses the same token after the TTL with the expiry message naming mdtrt_cert_no', async () => {
    clockMs = NOW;
    const voucher = await issue(await logIn());
    clockMs = NOW + EVOUCHER_TTL_MS - 1_000;
    expect((await readByToken(voucher.token)).infcode).toBe(0);
    clockMs = NOW + EVOUCHER_TTL_MS + 1_000;
    expect(await readByToken(voucher.token)).toMatchObject({ infcode: -1, err_msg: EXPIRED, output: null });
    clockMs = NOW;
  });

  it('keeps an earlier token valid after the person issues a new one', async () => {
    clockMs = NOW;
    const session = await logIn();
    const first = await issue(session);
    const second = await issue(session);
    expect(second.token).not.toBe(first.token);
    expect((await readByToken(first.token)).infcode).toBe(0);
    expect((await readByToken(second.token)).infcode).toBe(0);
  });

  it('answers a made-up token of the right shape, or any other text, as not found', async () => {
    clockMs = NOW;
    expect((await readByToken(`EC13${'ab'.repeat(14)}`)).err_msg).toBe(NOT_FOUND);
    expect((await readByToken(`EC46${'ab'.repeat(14)}`)).err_msg).toBe(NOT_FOUND);
    expect((await readByToken('not-a-token')).err_msg).toBe(NOT_FOUND);
  });

  it('still reads the static dataset ectoken', async () => {
    const answer = await readByToken(STATIC_ECTOKEN);
    expect(answer.err_msg).toBeNull();
    expect(answer.output.baseinfo.psn_no).toBe('13010000000000001234');
  });

  it('refuses the endpoint without a login with 401 problem+json', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/portal/evoucher' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('describes the endpoint in /openapi.json under portal, with its answer', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = document.paths['/api/portal/evoucher'].post;
    expect(operation.tags).toEqual(['portal']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual([
      'token',
      'expires_at',
      'insuplc_admdvs',
      'psn_name_masked',
    ]);
  });

  it('keeps the retryable message when the insured node does not answer, and stores nothing under the msgid', async () => {
    clockMs = NOW;
    const voucher = await issue(await logIn());
    const hebei = platform.nodes.get('130000')!;
    await hebei.stop();
    const envelope = his.envelope('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: voucher.token } });
    try {
      const silent = await his.send(envelope);
      expect(silent.err_msg).toBe('参保地未在规定时间内响应，请稍后使用相同msgid重试');
    } finally {
      await hebei.start();
    }
    expect((await his.send(envelope)).infcode).toBe(0);
  });
});
