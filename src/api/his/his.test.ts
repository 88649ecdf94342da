// The HIS interface through the real platform (PGlite in memory, in-process bus), as a hospital calls it.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HisServer, startHisServer } from '../../../test/support/his-world.ts';
import { HIS_PATH } from './route.ts';

const HOSPITAL = 'H46010800012'; // 海口市第一人民医院 (level 3)
let server: HisServer;
let app: FastifyInstance;
let sequence = 0;

beforeAll(async () => {
  // The server's own clock: these envelopes carry their msgids and times themselves.
  server = await startHisServer({ realClock: true });
  app = server.app;
});
afterAll(async () => {
  await server?.close();
});

interface Envelope {
  infcode: number;
  inf_refmsgid: string;
  err_msg: string | null;
  output: Record<string, unknown> | null;
}

function envelope(infno: string, input: unknown, extra: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    infno,
    msgid: `${HOSPITAL}20260512103000${String(sequence).padStart(4, '0')}`,
    mdtrtarea_admvs: '460100',
    recer_sys_code: 'YBXT',
    infver: 'V1.0',
    opter_type: '1',
    opter: 'D001',
    opter_name: '王护士',
    inf_time: '2026-05-12 10:30:00',
    fixmedins_code: HOSPITAL,
    fixmedins_name: '海口市第一人民医院',
    input,
    ...extra,
  };
}

async function call(body: unknown): Promise<Envelope> {
  const response = await app.inject({ method: 'POST', url: HIS_PATH, payload: body as object });
  expect(response.statusCode).toBe(200);
  return response.json() as Envelope;
}

async function signIn(): Promise<string> {
  const answer = await call(envelope('9001', { signIn: { opter_no: 'D001', mac: '00-00', ip: '10.0.0.1' } }));
  expect(answer.infcode).toBe(0);
  return (answer.output!.signinoutb as { sign_no: string }).sign_no;
}

describe('HIS envelope and sessions', () => {
  it('refuses a call without sign-in, naming sign_no', async () => {
    const answer = await call(envelope('1901', { data: { type: 'med_type' } }));
    expect(answer).toMatchObject({
      infcode: -1,
      err_msg: 'sign_no：未签到或签到已失效，请先签到（9001）',
      output: null,
    });
  });

  it('9001 gives a 30-character sign_no, and 9002 ends it', async () => {
    const signNo = await signIn();
    expect(signNo).toMatch(/^\d{30}$/);
    expect((await call(envelope('1901', { data: { type: 'insutype' } }, { sign_no: signNo }))).infcode).toBe(
      0,
    );
    const out = await call(
      envelope('9002', { signOut: { sign_no: signNo, opter_no: 'D001' } }, { sign_no: signNo }),
    );
    expect(out.infcode).toBe(0);
    const after = await call(envelope('1901', { data: { type: 'insutype' } }, { sign_no: signNo }));
    expect(after.err_msg).toBe('sign_no：未签到或签到已失效，请先签到（9001）');
  });

  it('names a missing envelope field and an unknown institution', async () => {
    const { msgid: _dropped, ...noMsgid } = envelope('9001', { signIn: { opter_no: 'D001' } });
    expect((await call(noMsgid)).err_msg).toBe('msgid：必填');
    const stranger = await call(
      envelope('9001', { signIn: { opter_no: 'D001' } }, { fixmedins_code: 'H46010899999' }),
    );
    expect(stranger.err_msg).toBe('fixmedins_code：H46010899999不是本统筹地区的联网定点医药机构');
  });

  it('answers unparseable JSON with HTTP 400 and the same envelope', async () => {
    const response = await app.inject({
      method: 'POST',
      url: HIS_PATH,
      headers: { 'content-type': 'application/json' },
      payload: '{"infno": "9001",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ infcode: -1, output: null });
    expect(response.json().err_msg).toMatch(/^请求报文不是合法的JSON/);
  });

  it('returns the first answer to a repeated msgid and refuses another body under it', async () => {
    const signNo = await signIn();
    const first = envelope('1901', { data: { type: 'dcla_type' } }, { sign_no: signNo });
    const answer = await call(first);
    expect(await call(first)).toEqual(answer);
    const changed = await call({ ...first, input: { data: { type: 'med_type' } } });
    expect(changed.err_msg).toBe('msgid：该报文ID已使用，且报文内容不同');
  });
});

describe('1101 人员信息获取 for a patient from another province', () => {
  let signNo: string;
  beforeAll(async () => {
    signNo = await signIn();
  });
  const ask = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    call(envelope('1101', { data }, { sign_no: signNo, ...extra }));

  it('finds 老张 by e-voucher token, ID number and card, with his filing for 海南', async () => {
    const credentials = [
      { mdtrt_cert_type: '01', mdtrt_cert_no: 'ec0123456789abcdef0123456789abcd' },
      { mdtrt_cert_type: '02', mdtrt_cert_no: '130102197003121238' },
      { mdtrt_cert_type: '03', mdtrt_cert_no: 'A13010001', card_sn: '130100D156000005123456780000ABCD' },
    ];
    for (const data of credentials) {
      const answer = await ask({ ...data, begntime: '2026-05-03 09:00:00' });
      expect(answer.err_msg).toBeNull();
      expect(answer.output).toMatchObject({
        baseinfo: {
          psn_no: '13010000000000001234',
          psn_name: '张建国',
          certno: '130102197003121238',
          age: 56,
        },
        insuinfo: [{ insutype: '310', insuplc_admdvs: '130100', balc: 3200 }],
        dclainfo: [{ trt_dcla_detl_sn: 'F130100202601050001', dcla_type: '13', mdtrtarea_admdvs: '460000' }],
      });
    }
  });

  it('routes straight to the insured province when the envelope names it', async () => {
    const answer = await ask(
      { mdtrt_cert_type: '02', mdtrt_cert_no: '130102197003121238' },
      { insuplc_admdvs: '130100' },
    );
    expect(answer.infcode).toBe(0);
  });

  it('shows no filing valid before the filing begins', async () => {
    const answer = await ask({
      mdtrt_cert_type: '02',
      mdtrt_cert_no: '130102197003121238',
      begntime: '2026-01-04 08:00:00',
    });
    expect(answer.output?.dclainfo).toEqual([]);
  });

  it('needs the card_sn with a social security card, and it must match', async () => {
    expect((await ask({ mdtrt_cert_type: '03', mdtrt_cert_no: 'A13010001' })).err_msg).toBe(
      'input.data.card_sn：必填',
    );
    const wrong = await ask({ mdtrt_cert_type: '03', mdtrt_cert_no: 'A13010001', card_sn: 'WRONG' });
    expect(wrong.err_msg).toBe('input.data.mdtrt_cert_no：未查询到参保人员信息');
  });

  it('refuses an unknown credential type, naming the field', async () => {
    const answer = await ask({ mdtrt_cert_type: '09', mdtrt_cert_no: 'x' });
    expect(answer.err_msg).toBe(
      'input.data.mdtrt_cert_type：应为01（医保电子凭证）、02（居民身份证）或03（社会保障卡）',
    );
  });
});

describe('reference transactions', () => {
  it('1901 lists a national dictionary with Chinese labels', async () => {
    const signNo = await signIn();
    const answer = await call(envelope('1901', { data: { type: 'dcla_type' } }, { sign_no: signNo }));
    expect(answer.output?.list).toContainEqual(
      expect.objectContaining({ value: '13', label: '常驻异地工作' }),
    );
  });

  it('1201 finds networked institutions by part of the name', async () => {
    const signNo = await signIn();
    const answer = await call(
      envelope('1201', { medinsinfo: { fixmedins_name: '人民医院' } }, { sign_no: signNo }),
    );
    expect(answer.output?.medinsinfo).toEqual([
      {
        fixmedins_code: 'H46010800012',
        fixmedins_name: '海口市第一人民医院',
        fixmedins_type: '1',
        hosp_lv: '3',
        admdvs: '460108',
        uscc: null,
      },
    ]);
  });

  it("1312 pages through the treatment province's catalogue; 1318 lists price caps; 1319 乙类 shares", async () => {
    const signNo = await signIn();
    const ask = async (infno: string, data: Record<string, unknown>) =>
      (await call(envelope(infno, { data }, { sign_no: signNo }))).output as {
        recordCounts: number;
        pages: number;
        data: Record<string, unknown>[];
      };
    const all = await ask('1312', { page_num: '1', page_size: '4', query_date: '2026-05-12' });
    expect(all).toMatchObject({ recordCounts: 6, pages: 2 });
    expect(all.data).toHaveLength(4);
    const classB = await ask('1312', { chrgitm_lv: '2' });
    expect(classB.data.map((r) => r.chrgitm_lv)).toEqual(['02', '02', '02']);
    expect((await ask('1319', { hilist_code: 'XC01EBN123A001010100001' })).data).toEqual([
      expect.objectContaining({ selfpay_prop: 0.1, insu_admdvs: '460000' }),
    ]);
    const capped = await ask('1318', {});
    expect(capped.recordCounts).toBe(2);
    for (const row of capped.data) expect(row.hilist_pric_uplmt_amt).toEqual(expect.any(Number));
    const bad = await call(envelope('1312', { data: { page_size: 5000 } }, { sign_no: signNo }));
    expect(bad.err_msg).toBe('input.data.page_size：应为1至1000的整数');
  });
});
