// 我的结算, 异地就医费用明细 and 门诊慢特病 through the portal API, after a hospital settled through the HIS envelope.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admit,
  cancelInput,
  type HisWorld,
  HOSPITAL,
  LAOZHANG,
  NOW,
  NOW_TEXT,
  settleInput,
  standardBill,
  startHisWorld,
} from '../../../test/support/his-world.ts';
import { buildServer } from '../server.ts';

const LAOZHANG_CERTNO = '130102197003121238';
const LIXIUYING_CERTNO = '130102195208201021';
const INSURED_PLACE = { insuplc_admdvs: '130100' };

let world: HisWorld;
/** The server a person's browser talks to: the same platform, with the demo's on-screen login codes. */
let portal: FastifyInstance;
let laozhang: string;
let lixiuying: string;

beforeAll(async () => {
  world = await startHisWorld({
    adjust: (raw) => {
      // 参保地认定: 高血压 standing, 糖尿病 that ran out at the end of 2025.
      raw.persons[0].chronic = [
        { opsp_dise_code: 'M03900', begndate: '2026-01-01', enddate: null },
        { opsp_dise_code: 'M01600', begndate: '2024-01-01', enddate: '2025-12-31' },
      ];
    },
  });
  portal = await buildServer(world.platform, {
    logger: false,
    clock: () => new Date(NOW),
    showLoginCodes: true,
  });
  laozhang = await login(LAOZHANG_CERTNO);
  lixiuying = await login(LIXIUYING_CERTNO);
});
afterAll(async () => {
  await portal?.close();
  await world?.close();
});

async function login(certno: string): Promise<string> {
  const code = await portal.inject({ method: 'POST', url: '/api/portal/login-code', payload: { certno } });
  const session = await portal.inject({
    method: 'POST',
    url: '/api/portal/login',
    payload: { certno, code: code.json().demo_code },
  });
  return session.json().token;
}

async function get(url: string, token?: string) {
  const answer = await portal.inject({
    method: 'GET',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: answer.statusCode, body: answer.json(), type: answer.headers['content-type'] };
}

/** Admits 老张, uploads the standard 25,000.00 bill and settles it; answers the setl_id. */
async function settleLaozhang(): Promise<{ mdtrtId: string; setlId: string }> {
  const mdtrtId = await admit(world.his);
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
  const settled = await world.his.ok('2304', settleInput(mdtrtId));
  return { mdtrtId, setlId: settled.setlinfo.setl_id as string };
}

let first: { mdtrtId: string; setlId: string };

describe('我的结算', () => {
  it('refuses every record route without a session', async () => {
    for (const url of [
      '/api/portal/settlements',
      '/api/portal/settlements/460000000001',
      '/api/portal/chronic',
      '/api/portal/chronic/1/notice',
    ]) {
      const answer = await get(url);
      expect(answer.status).toBe(401);
      expect(answer.type).toMatch(/^application\/problem\+json/);
    }
  });

  it("lists 老张's settlement with the amounts the saga settled, and what he did not have to advance", async () => {
    expect((await get('/api/portal/settlements', laozhang)).body.settlements).toEqual([]);
    first = await settleLaozhang();
    const listed = await get('/api/portal/settlements', laozhang);
    expect(listed.status).toBe(200);
    expect(listed.body.settlements).toEqual([
      {
        setl_id: first.setlId,
        mdtrt_id: first.mdtrtId,
        kind: 'settlement',
        status: 'settled',
        status_name: '已结算',
        cancel: null,
        init_setl_id: null,
        cross_province: true,
        insutype: '310',
        insutype_name: '职工基本医疗保险',
        treatment: {
          admdvs: '460108',
          name: '海南省海口市美兰区',
          province: '460000',
          province_name: '海南省',
        },
        fixmedins_code: HOSPITAL.fixmedins_code,
        fixmedins_name: '海口市第一人民医院',
        med_type: '21',
        med_type_name: '普通住院',
        inpatient: true,
        begntime: '2026-05-03 09:00:00',
        endtime: null,
        setl_time: NOW_TEXT,
        medfee_sumamt: '25000.00',
        fund_pay_sumamt: '17500.00',
        psn_part_amt: '7500.00',
        acct_pay: '0.00',
        psn_cash_pay: '7500.00',
        hosp_part_amt: '0.00',
        advance_avoided: '17500.00',
        detail: `/api/portal/settlements/${first.setlId}`,
      },
    ]);
    expect(listed.body.summary).toEqual({
      settled: 1,
      cancelled: 0,
      medfee_sumamt: '25000.00',
      fund_pay_sumamt: '17500.00',
      psn_part_amt: '7500.00',
      advance_avoided: '17500.00',
    });
    expect((await get('/api/portal/settlements?year=2026', laozhang)).body.settlements).toHaveLength(1);
    expect((await get('/api/portal/settlements?year=2025', laozhang)).body).toMatchObject({
      year: 2025,
      settlements: [],
    });
    const badYear = await get('/api/portal/settlements?year=soon', laozhang);
    expect(badYear.status).toBe(400);
    expect(badYear.body.field).toBe('querystring.year');
  });

  it('details the fee lines by the catalogue, each fund with its explanation, and the sums that must hold', async () => {
    const detail = await get(`/api/portal/settlements/${first.setlId}`, laozhang);
    expect(detail.status).toBe(200);
    const d = detail.body;
    expect(d.catalogue).toEqual({
      medfee_sumamt: '25000.00',
      fulamt_ownpay_amt: '2000.00',
      overlmt_selfpay: '0.00',
      preselfpay_amt: '2000.00',
      inscp_scp_amt: '21000.00',
    });
    expect(
      d.lines.map((l: { name: string; chrgitm_lv_name: string }) => [l.name, l.chrgitm_lv_name]),
    ).toEqual([
      ['经皮冠状动脉支架置入术', '甲类'],
      ['某自费耗材', '丙类/自费'],
      ['注射用某乙类药', '乙类'],
      ['床位费(三人间)', '甲类'],
    ]);
    expect(d.lines[3]).toMatchObject({
      feedetl_sn: '1',
      med_chrgitm_type_name: '床位费',
      cnt: 10,
      pric: '100.00',
      pric_uplmt_amt: '100.00',
      det_item_fee_sumamt: '1000.00',
      inscp_scp_amt: '1000.00',
    });
    expect(d.lines[2]).toMatchObject({
      selfpay_prop: 0.1,
      det_item_fee_sumamt: '20000.00',
      preselfpay_amt: '2000.00',
      inscp_scp_amt: '18000.00',
    });
    expect(d.lines[1]).toMatchObject({ fulamt_ownpay_amt: '2000.00', inscp_scp_amt: '0.00' });
    expect(d.funds[0]).toEqual({
      fund_pay_type: '310100',
      fund_pay_type_name: '职工基本医疗保险统筹基金',
      inscp_scp_amt: expect.stringMatching(/^\d+\.\d{2}$/),
      crt_payb_lmt_amt: expect.stringMatching(/^\d+\.\d{2}$/),
      fund_payamt: '17500.00',
      setl_proc_info: '起付线1000.00；10000.00×85%+10000.00×90%=17500.00',
    });
    expect(d).toMatchObject({
      act_pay_dedc: '1000.00',
      pool_prop_selfpay: 0.85,
      balc: '3200.00',
      lines_note: null,
    });
    expect(d.conservation.holds).toBe(true);
    expect(d.conservation.checks.map((c: { text: string }) => c.text)).toEqual([
      '医疗费总额25000.00 = 基金支付17500.00 + 个人负担7500.00 + 医院负担0.00',
      '个人负担7500.00 = 个人账户0.00 + 个人现金7500.00',
      '医疗费总额25000.00 = 全自费2000.00 + 超限价0.00 + 先行自付2000.00 + 符合范围21000.00',
      '医疗费总额25000.00 = 各项费用明细之和25000.00',
    ]);
  });

  it("answers 李秀英 that 老张's settlement does not exist, exactly as for an id nobody has", async () => {
    const theirs = await get(`/api/portal/settlements/${first.setlId}`, lixiuying);
    const nobodys = await get('/api/portal/settlements/469999999999', lixiuying);
    expect(theirs.status).toBe(404);
    expect(nobodys.status).toBe(404);
    expect(theirs.body.code).toBe(nobodys.body.code);
    expect(theirs.body.detail.replace(first.setlId, 'X')).toBe(
      nobodys.body.detail.replace('469999999999', 'X'),
    );
    expect((await get('/api/portal/settlements', lixiuying)).body.settlements).toEqual([]);
    const malformed = await get('/api/portal/settlements/46-1', laozhang);
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('params.setl_id');
  });

  it('shows a cancelled settlement as cancelled, beside the settlement that replaced it, newest first', async () => {
    const cancel = await world.his.ok('2305', cancelInput(first.mdtrtId, first.setlId));
    const cancelId = cancel.setlinfo.setl_id as string;
    const again = await world.his.ok('2304', settleInput(first.mdtrtId));
    const secondId = again.setlinfo.setl_id as string;

    const listed = (await get('/api/portal/settlements', laozhang)).body;
    expect(listed.settlements.map((s: { setl_id: string; status: string }) => [s.setl_id, s.status])).toEqual(
      [
        [secondId, 'settled'],
        [first.setlId, 'cancelled'],
      ],
    );
    expect(listed.settlements[1]).toMatchObject({
      status_name: '已撤销',
      cancel: { setl_id: cancelId, setl_time: NOW_TEXT },
      advance_avoided: '0.00',
      fund_pay_sumamt: '17500.00',
    });
    expect(listed.summary).toMatchObject({ settled: 1, cancelled: 1, advance_avoided: '17500.00' });

    const cancelled = (await get(`/api/portal/settlements/${first.setlId}`, laozhang)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', lines: [], cancel: { setl_id: cancelId } });
    expect(cancelled.lines_note).toContain('已撤销');
    expect(cancelled.funds[0].setl_proc_info).toBe('起付线1000.00；10000.00×85%+10000.00×90%=17500.00');

    const record = (await get(`/api/portal/settlements/${cancelId}`, laozhang)).body;
    expect(record).toMatchObject({
      kind: 'cancel',
      status: 'cancelled',
      status_name: '撤销记录',
      init_setl_id: first.setlId,
      medfee_sumamt: '-25000.00',
      fund_pay_sumamt: '-17500.00',
      psn_cash_pay: '-7500.00',
      advance_avoided: '0.00',
    });
    expect(record.conservation.holds).toBe(true);
    expect((await get(`/api/portal/settlements/${cancelId}`, lixiuying)).status).toBe(404);

    const replacing = (await get(`/api/portal/settlements/${secondId}`, laozhang)).body;
    expect(replacing.lines).toHaveLength(4);
    expect(replacing.conservation.holds).toBe(true);
  });
});

describe('门诊慢特病', () => {
  let filed: string;

  it("lists 老张's qualifications: the insured place's own, and a hospital's filing, with their states", async () => {
    const filing = await world.his.ok(
      '2503',
      {
        data: {
          psn_no: LAOZHANG.psn_no,
          insutype: '310',
          opsp_dise_code: 'M01600',
          opsp_dise_name: '2型糖尿病',
          insu_optins: '130100',
          ide_fixmedins_no: HOSPITAL.fixmedins_code,
          ide_fixmedins_name: HOSPITAL.fixmedins_name,
          hosp_ide_date: '2026-05-10',
          begndate: '2026-05-10',
        },
      },
      INSURED_PLACE,
    );
    filed = filing.result.trt_dcla_detl_sn as string;
    const listed = await get('/api/portal/chronic', laozhang);
    expect(listed.status).toBe(200);
    expect(listed.body.qualifications).toEqual([
      expect.objectContaining({
        id: '1',
        index: 1,
        trt_dcla_detl_sn: null,
        opsp_dise_code: 'M03900',
        opsp_dise_name: '高血压',
        source: 'insured-place',
        source_name: '参保地认定',
        begndate: '2026-01-01',
        enddate: null,
        state: 'valid',
        state_name: '有效',
        notice: '/api/portal/chronic/1/notice',
      }),
      expect.objectContaining({ id: '2', opsp_dise_name: '糖尿病', state: 'expired', state_name: '已过期' }),
      expect.objectContaining({
        id: filed,
        index: 3,
        opsp_dise_name: '2型糖尿病',
        source: 'hospital',
        source_name: '医院备案（海口市第一人民医院）',
        fixmedins_name: '海口市第一人民医院',
        hosp_ide_date: '2026-05-10',
        state: 'valid',
        notice: `/api/portal/chronic/${filed}/notice`,
      }),
    ]);
    expect((await get('/api/portal/chronic', lixiuying)).body.qualifications).toEqual([]);
  });

  it('gives the 告知书 of a qualification: where it settles under his filing, what to bring, the full text', async () => {
    const answer = await get('/api/portal/chronic/1/notice', laozhang);
    expect(answer.status).toBe(200);
    const notice = answer.body;
    expect(notice).toMatchObject({
      title: '跨省异地就医门诊慢特病待遇告知书',
      notice_version: 'MTB-2026.1',
      issued_on: '2026-05-12',
      person: {
        psn_no: LAOZHANG.psn_no,
        psn_name: '张建国',
        certno: '1301**********1238',
        insuplc_name: '河北省石家庄市',
        insutype_name: '职工基本医疗保险',
      },
      qualification: { opsp_dise_code: 'M03900', opsp_dise_name: '高血压', source_name: '参保地认定' },
    });
    // His long-term filing (13) is for all of 海南; of its two networked institutions only the hospital settles 高血压.
    expect(notice.places).toEqual([
      expect.objectContaining({
        trt_dcla_detl_sn: 'F130100202601050001',
        dcla_type_name: '常驻异地工作',
        place_name: '海南省',
        institutions: [
          expect.objectContaining({
            fixmedins_code: HOSPITAL.fixmedins_code,
            fixmedins_name: '海口市第一人民医院',
            hosp_lv_name: '三级',
            place_name: '海南省海口市美兰区',
            tel: '0898-66000000',
          }),
        ],
      }),
    ]);
    expect(notice.bring.length).toBeGreaterThan(0);
    for (const text of [
      '张建国',
      '1301**********1238',
      '“高血压”',
      '参保地认定',
      '2026-01-01至长期',
      '海口市第一人民医院',
      '就医时请携带',
      '医保电子凭证',
      'MTB-2026.1',
    ])
      expect(notice.text).toContain(text);
    expect(notice.text).not.toContain(LAOZHANG_CERTNO);

    const bySerial = (await get(`/api/portal/chronic/${filed}/notice`, laozhang)).body;
    expect(bySerial.qualification).toMatchObject({ opsp_dise_name: '2型糖尿病', source: 'hospital' });
    expect(bySerial.places[0].institutions).toHaveLength(1);
  });

  it('says an expired qualification no longer settles directly, and lists no place for it', async () => {
    const notice = (await get('/api/portal/chronic/2/notice', laozhang)).body;
    expect(notice.qualification.state).toBe('expired');
    expect(notice.places).toEqual([]);
    expect(notice.text).toContain('该资格目前不能用于跨省直接结算');
  });

  it("answers 404 for a qualification the person does not have, and for somebody else's filing", async () => {
    expect((await get('/api/portal/chronic/9/notice', laozhang)).status).toBe(404);
    expect((await get(`/api/portal/chronic/${filed}/notice`, lixiuying)).status).toBe(404);
    expect((await get('/api/portal/chronic/1/notice', lixiuying)).status).toBe(404);
    expect((await get('/api/portal/chronic/C-1/notice', laozhang)).status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes the record routes under the portal tag with their answers', async () => {
    const doc = (await portal.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/api/portal/settlements',
      '/api/portal/settlements/{setl_id}',
      '/api/portal/chronic',
      '/api/portal/chronic/{ref}/notice',
    ]) {
      expect(doc.paths[path]?.get?.tags).toEqual(['portal']);
      expect(doc.paths[path].get.responses['200']).toBeDefined();
    }
  });
});
