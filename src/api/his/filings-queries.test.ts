// Filings hospitals make (2501–2504) and the queries (5204, 5206, 5301, 5304), through the envelope as a HIS calls them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSPITAL as HAIKOU,
  type HisWorld,
  LAOZHANG as LAOZHANG_PATIENT,
  standardBill,
  startHisWorld,
} from '../../../test/support/his-world.ts';
import type { Platform } from '../../platform.ts';
import type { HisClient } from '../../sim/his-client.ts';

const INSURED_PLACE = { insuplc_admdvs: '130100' };
const LAOZHANG = LAOZHANG_PATIENT.psn_no;
/** 李秀英: her long-term filing to 海南 starts on 2026-02-01, so in January she needs another one. */
const LIXIUYING = '13010000000000002001';
/** A 石家庄 hospital that refers its patients elsewhere (added to the small dataset here). */
const SHIJIAZHUANG = {
  fixmedins_code: 'H13010200007',
  fixmedins_name: '石家庄市第三医院',
  admdvs: '130102',
};

let world: HisWorld;
let platform: Platform;
let referrer: HisClient;
let haikou: HisClient;

beforeAll(async () => {
  world = await startHisWorld({
    adjust: (dataset) => {
      dataset.institutions.push({
        ...SHIJIAZHUANG,
        fixmedins_type: '1',
        hosp_lv: '3',
        services: { inpatient: true, outpatient: true },
      });
    },
  });
  platform = world.platform;
  haikou = world.his;
  referrer = await world.client(SHIJIAZHUANG);
});
afterAll(async () => {
  await world?.close();
});

const referral = (extra: Record<string, unknown> = {}) => ({
  refmedin: {
    psn_no: LIXIUYING,
    insutype: '310',
    tel: '13800000000',
    addr: '石家庄市长安区',
    insu_optins: '130100',
    diag_code: 'C34.900',
    diag_name: '肺恶性肿瘤',
    dise_cond_dscr: '需上级医院进一步诊治',
    reflin_medins_no: HAIKOU.fixmedins_code,
    reflin_medins_name: HAIKOU.fixmedins_name,
    mdtrtarea_admdvs: '460000',
    hosp_agre_refl_flag: '1',
    refl_type: '1',
    refl_date: '2026-01-09',
    refl_rea: '本院诊疗条件所限',
    refl_opnn: '同意转诊',
    begndate: '2026-01-10',
    enddate: '2026-01-31',
    refl_used_flag: '0',
    ...extra,
  },
});

const admission = (psnNo: string, begntime: string) => ({
  mdtrtinfo: {
    psn_no: psnNo,
    insutype: '310',
    begntime,
    mdtrt_cert_type: '02',
    mdtrt_cert_no: '130102195208201021',
    med_type: '21',
    ipt_no: `ZY${begntime.replace(/\D/g, '').slice(0, 8)}`,
    atddr_no: 'D123',
    chfpdr_name: '李医生',
    adm_diag_dscr: '肺恶性肿瘤',
    adm_dept_codg: 'A04',
    adm_dept_name: '肿瘤科',
    dise_codg: 'C34.900',
    dise_name: '肺恶性肿瘤',
  },
  diseinfo: [
    { diag_type: '1', maindiag_flag: '1', diag_srt_no: '1', diag_code: 'C34.900', diag_name: '肺恶性肿瘤' },
  ],
});

const chronic = (extra: Record<string, unknown> = {}) => ({
  data: {
    psn_no: LAOZHANG,
    insutype: '310',
    opsp_dise_code: 'M03900',
    opsp_dise_name: '高血压',
    tel: '13900000000',
    addr: '海口市美兰区',
    insu_optins: '130100',
    ide_fixmedins_no: HAIKOU.fixmedins_code,
    ide_fixmedins_name: HAIKOU.fixmedins_name,
    hosp_ide_date: '2026-05-10',
    diag_dr_codg: 'D123',
    diag_dr_name: '李医生',
    begndate: '2026-05-10',
    ...extra,
  },
});

async function counts() {
  const [row] = await platform.db.query<{ filings: number; chronic: number; indexed: number }>(`SELECT
    (SELECT count(*)::int FROM node_130000.filings) AS filings,
    (SELECT count(*)::int FROM node_130000.chronic_filings) AS chronic,
    (SELECT count(*)::int FROM hub.filing_index) AS indexed`);
  return row!;
}

/** The filing as the national index holds it, once its event (outbox → bus → hub) has arrived in the state asked. */
async function indexed(sn: string, status: string) {
  for (let waited = 0; waited < 1_000; waited += 10) {
    const found = (await platform.hub.store.filingsOf(LIXIUYING)).find((f) => f.trt_dcla_detl_sn === sn);
    if (found?.status === status) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

describe('2501/2502 转院备案', () => {
  it('a referral filing lets the patient be admitted at the target place; a duplicate is refused; 2502 cancels it', async () => {
    const refused = await haikou.call('2401', admission(LIXIUYING, '2026-01-15 09:00:00'), INSURED_PLACE);
    expect(refused.err_msg).toMatch(/^insuplc_admdvs：.*没有到460108就医的有效异地就医备案/);

    const filed = await referrer.ok('2501', referral(), INSURED_PLACE);
    const sn = filed.result.trt_dcla_detl_sn as string;
    expect(sn).toMatch(/^F13010020260512\d{6}$/);
    expect(await indexed(sn, 'approved')).toMatchObject({
      insuplc_admdvs: '130100',
      mdtrtarea_admdvs: '460000',
      dcla_type: '21',
      begndate: '2026-01-10',
      enddate: '2026-01-31',
      status: 'approved',
    });
    const person = await haikou.ok(
      '1101',
      {
        data: { mdtrt_cert_type: '02', mdtrt_cert_no: '130102195208201021', begntime: '2026-01-15 09:00:00' },
      },
      INSURED_PLACE,
    );
    expect(person.dclainfo).toEqual([expect.objectContaining({ trt_dcla_detl_sn: sn, dcla_type: '21' })]);

    const admitted = await haikou.ok('2401', admission(LIXIUYING, '2026-01-15 09:00:00'), INSURED_PLACE);
    const visit = await platform.nodes.get('460000')!.treatment.store.visit(admitted.result.mdtrt_id);
    expect(visit?.trt_dcla_detl_sn).toBe(sn);
    await haikou.ok(
      '2404',
      { data: { mdtrt_id: admitted.result.mdtrt_id, psn_no: LIXIUYING } },
      INSURED_PLACE,
    );

    // Another referral for a place and period that meet the first one (海口 lies in 海南) is a duplicate.
    const again = await referrer.call(
      '2501',
      referral({ mdtrtarea_admdvs: '460100', begndate: '2026-01-20', enddate: '2026-02-10' }),
      INSURED_PLACE,
    );
    expect(again.err_msg).toBe(
      `input.refmedin.begndate：已有备案信息，无需重复备案（备案流水号${sn}，海南省（460000），2026-01-10至2026-01-31）`,
    );

    // Only the hospital that filed may cancel; to another it does not exist.
    const notTheirs = await haikou.call(
      '2502',
      { data: { trt_dcla_detl_sn: sn, psn_no: LIXIUYING, memo: '误报' } },
      INSURED_PLACE,
    );
    expect(notTheirs.err_msg).toMatch(/^input\.data\.trt_dcla_detl_sn：本机构没有为人员.*办理备案流水号为/);

    await referrer.ok(
      '2502',
      { data: { trt_dcla_detl_sn: sn, psn_no: LIXIUYING, memo: '患者放弃转诊' } },
      INSURED_PLACE,
    );
    expect((await indexed(sn, 'cancelled'))?.status).toBe('cancelled');
    const afterCancel = await haikou.call('2401', admission(LIXIUYING, '2026-01-16 09:00:00'), INSURED_PLACE);
    expect(afterCancel.err_msg).toMatch(/^insuplc_admdvs：.*没有到460108就医的有效异地就医备案/);

    // A second cancel (say, the first answer was lost) is answered the same.
    await referrer.ok('2502', { data: { trt_dcla_detl_sn: sn, psn_no: LIXIUYING } }, INSURED_PLACE);
  });

  it('a retry of a 2501 with the same msgid returns the first filing and files nothing more', async () => {
    const msgid = referrer.nextMsgid();
    const body = referral({ begndate: '2026-01-01', enddate: '2026-01-05' });
    const first = await referrer.ok('2501', body, { ...INSURED_PLACE, msgid });
    const before = await counts();
    const second = await referrer.ok('2501', body, { ...INSURED_PLACE, msgid });
    expect(second.result.trt_dcla_detl_sn).toBe(first.result.trt_dcla_detl_sn);
    expect(await counts()).toEqual(before);
    // Below the edge too: the insured node answers a repeated key (a lost answer) with the first filing.
    const replay = await platform.nodes.get('130000')!.filings.create({
      kind: 'referral',
      insuplc_admdvs: '130100',
      psn_no: LIXIUYING,
      insutype: '310',
      request_key: `${SHIJIAZHUANG.fixmedins_code}:${msgid}`,
      fixmedins_code: SHIJIAZHUANG.fixmedins_code,
      day: '2026-05-12',
      mdtrtarea_admdvs: '460000',
      begndate: '2026-01-01',
      enddate: '2026-01-05',
      info: {},
    });
    expect(replay).toMatchObject({ trt_dcla_detl_sn: first.result.trt_dcla_detl_sn, replayed: true });
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with the field named and stores nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ enddate: '2026-01-05' }, 'input.refmedin.enddate：结束日期2026-01-05早于开始日期2026-01-10'],
      [{ enddate: '' }, 'input.refmedin.enddate：必填'],
      [{ begndate: '2026/01/10' }, 'input.refmedin.begndate：日期格式应为yyyy-MM-dd'],
      [{ mdtrtarea_admdvs: undefined }, 'input.refmedin.mdtrtarea_admdvs：必填'],
      [
        { mdtrtarea_admdvs: '130000' },
        'input.refmedin.mdtrtarea_admdvs：转往地区130000与参保地130100同省，不属于跨省异地转诊',
      ],
      [
        { mdtrtarea_admdvs: '460108' },
        'input.refmedin.mdtrtarea_admdvs：460108美兰区不是省级或统筹地区（地市级）区划，请填写省或地市代码',
      ],
      [{ mdtrtarea_admdvs: '999900' }, 'input.refmedin.mdtrtarea_admdvs：999900不是有效的医保区划代码'],
      [{ insutype: '999' }, 'input.refmedin.insutype：代码999不在字典中'],
      [{ diag_code: '' }, 'input.refmedin.diag_code：必填'],
      [
        { hosp_agre_refl_flag: '0' },
        'input.refmedin.hosp_agre_refl_flag：医院不同意转院（0），不能办理转院备案',
      ],
      [{ psn_no: '99999999' }, 'input.refmedin.psn_no：参保地未查询到人员99999999的310险种参保信息'],
    ];
    for (const [change, message] of cases) {
      const answer = await referrer.call('2501', referral(change), INSURED_PLACE);
      expect(answer.err_msg?.startsWith(message), `${answer.err_msg} ≠ ${message}`).toBe(true);
    }
    expect((await referrer.call('2501', referral())).err_msg).toMatch(/^insuplc_admdvs：必填/);
    expect((await referrer.call('2501', { data: referral().refmedin }, INSURED_PLACE)).err_msg).toBe(
      'input.refmedin：必填，应为JSON对象',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('2503/2504 人员慢特病备案 and 5301', () => {
  it('files a chronic disease, refuses a duplicate, lists it in 5301 and cancels it by the filing institution only', async () => {
    const filed = await haikou.ok('2503', chronic(), INSURED_PLACE);
    const sn = filed.result.trt_dcla_detl_sn as string;
    expect(sn).toMatch(/^C13010020260512\d{6}$/);

    const again = await haikou.call('2503', chronic({ begndate: '2026-06-01' }), INSURED_PLACE);
    expect(again.err_msg).toMatch(
      new RegExp(
        `^input\\.data\\.begndate：已有备案信息，无需重复备案（备案流水号${sn}，M03900，2026-05-10至长期）`,
      ),
    );

    const listed = await haikou.ok('5301', { data: { psn_no: LAOZHANG } }, INSURED_PLACE);
    expect(listed.feedetail).toEqual([
      expect.objectContaining({
        opsp_dise_code: 'M03900',
        opsp_dise_name: '高血压',
        begndate: '2026-05-10',
        enddate: null,
        trt_dcla_detl_sn: sn,
        status: 'approved',
        fixmedins_code: HAIKOU.fixmedins_code,
      }),
    ]);

    const notTheirs = await referrer.call(
      '2504',
      { data: { trt_dcla_detl_sn: sn, psn_no: LAOZHANG } },
      INSURED_PLACE,
    );
    expect(notTheirs.err_msg).toMatch(/^input\.data\.trt_dcla_detl_sn：本机构没有/);
    await haikou.ok(
      '2504',
      { data: { trt_dcla_detl_sn: sn, psn_no: LAOZHANG, memo: '诊断更正' } },
      INSURED_PLACE,
    );
    const after = await haikou.ok('5301', { data: { psn_no: LAOZHANG } }, INSURED_PLACE);
    expect(after.feedetail).toEqual([expect.objectContaining({ trt_dcla_detl_sn: sn, status: 'cancelled' })]);
  });

  it('5301 lists the qualifications of the person record too', async () => {
    const [row] = await platform.db.query<{ chronic: unknown }>(
      'SELECT chronic FROM node_130000.persons WHERE psn_no = $1',
      [LIXIUYING],
    );
    expect(row?.chronic).toEqual([]);
    await platform.db.query(
      `UPDATE node_130000.persons SET chronic = '[{"opsp_dise_code":"M01600","begndate":"2025-06-01","enddate":null}]'
       WHERE psn_no = $1`,
      [LIXIUYING],
    );
    const listed = await haikou.ok('5301', { data: { psn_no: LIXIUYING } }, INSURED_PLACE);
    expect(listed.feedetail).toEqual([
      expect.objectContaining({ opsp_dise_code: 'M01600', begndate: '2025-06-01', trt_dcla_detl_sn: null }),
    ]);
    const duplicate = await haikou.call(
      '2503',
      chronic({ psn_no: LIXIUYING, opsp_dise_code: 'M01600', opsp_dise_name: '糖尿病' }),
      INSURED_PLACE,
    );
    expect(duplicate.err_msg).toMatch(
      /^input\.data\.begndate：已有备案信息，无需重复备案（备案流水号参保地认定/,
    );
  });

  it('refuses bad chronic input with the field named and stores nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ opsp_dise_code: 'I10' }, 'input.data.opsp_dise_code：应为门慢门特病种代码：M加5位数字（如M03900）'],
      [{ opsp_dise_name: '' }, 'input.data.opsp_dise_name：必填'],
      [{ begndate: undefined }, 'input.data.begndate：必填'],
      [{ enddate: '2026-01-01' }, 'input.data.enddate：结束日期2026-01-01早于开始日期2026-05-10'],
      [{ hosp_ide_date: '20260510' }, 'input.data.hosp_ide_date：日期格式应为yyyy-MM-dd'],
    ];
    for (const [change, message] of cases) {
      expect((await haikou.call('2503', chronic(change), INSURED_PLACE)).err_msg).toBe(message);
    }
    expect((await haikou.call('5301', { data: {} }, INSURED_PLACE)).err_msg).toBe('input.data.psn_no：必填');
    expect((await haikou.call('5301', { data: { psn_no: LAOZHANG } })).err_msg).toMatch(
      /^insuplc_admdvs：必填/,
    );
    expect(await counts()).toEqual(before);
  });
});

describe('5304 转院信息查询', () => {
  it('lists the referral filings whose period meets the one asked', async () => {
    const filed = await referrer.ok(
      '2501',
      referral({ begndate: '2026-01-06', enddate: '2026-01-08', refl_rea: '设备所限' }),
      INSURED_PLACE,
    );
    const sn = filed.result.trt_dcla_detl_sn as string;
    const ask = (begntime: string, endtime: string) =>
      haikou.ok('5304', { data: { psn_no: LIXIUYING, begntime, endtime } }, INSURED_PLACE);

    const january = await ask('2026-01-07 00:00:00', '2026-01-07 23:59:59');
    expect(january.refmedin).toEqual([
      expect.objectContaining({
        trt_dcla_detl_sn: sn,
        psn_name: '李秀英',
        certno: '130102195208201021',
        diag_code: 'C34.900',
        reflin_medins_name: HAIKOU.fixmedins_name,
        refl_rea: '设备所限',
        out_flag: '1',
        begndate: '2026-01-06',
        enddate: '2026-01-08',
        dcla_souc: 'hospital',
        status: 'approved',
        fixmedins_code: SHIJIAZHUANG.fixmedins_code,
      }),
    ]);
    expect((await ask('2026-03-01 00:00:00', '2026-03-31 23:59:59')).refmedin).toEqual([]);
    const wholeMonth = await ask('2026-01-01 00:00:00', '2026-01-31 23:59:59');
    expect(wholeMonth.refmedin.map((r: { trt_dcla_detl_sn: string }) => r.trt_dcla_detl_sn)).toContain(sn);
    expect(wholeMonth.refmedin.length).toBeGreaterThan(1); // the cancelled one of January is shown with its status

    const backwards = await haikou.call(
      '5304',
      { data: { psn_no: LIXIUYING, begntime: '2026-02-01 00:00:00', endtime: '2026-01-01 00:00:00' } },
      INSURED_PLACE,
    );
    expect(backwards.err_msg).toBe(
      'input.data.endtime：结束时间2026-01-01 00:00:00早于开始时间2026-02-01 00:00:00',
    );
  });
});

describe('5204 费用明细查询 and 5206 人员累计信息查询', () => {
  const bill = (mdtrtId: string) => standardBill(mdtrtId, LAOZHANG_PATIENT, 'B');

  it("lists a settlement's lines and shows 老张's accumulators after a 2304; refuses a person without a visit here", async () => {
    const noVisit = await haikou.call('5206', { data: { psn_no: LAOZHANG } });
    expect(noVisit.err_msg).toBe(
      `input.data.psn_no：人员${LAOZHANG}在本机构没有就诊记录，不能查询其累计信息`,
    );

    const admitted = await haikou.ok(
      '2401',
      {
        ...admission(LAOZHANG, '2026-05-03 09:00:00'),
        mdtrtinfo: {
          ...admission(LAOZHANG, '2026-05-03 09:00:00').mdtrtinfo,
          mdtrt_cert_no: '130102197003121238',
        },
      },
      INSURED_PLACE,
    );
    const mdtrtId = admitted.result.mdtrt_id as string;
    await haikou.ok('2301', { feedetail: bill(mdtrtId) });
    const settled = await haikou.ok(
      '2304',
      {
        data: {
          psn_no: LAOZHANG,
          mdtrt_id: mdtrtId,
          insutype: '310',
          mdtrt_cert_type: '02',
          medfee_sumamt: 25000,
          psn_setlway: '01',
          acct_used_flag: '0',
          mid_setl_flag: '0',
        },
      },
      INSURED_PLACE,
    );
    const setlId = settled.setlinfo.setl_id as string;

    const fees = await haikou.ok('5204', { data: { psn_no: LAOZHANG, setl_id: setlId } });
    expect(fees.feedetail).toHaveLength(4);
    const drug = fees.feedetail.find((r: { feedetl_sn: string }) => r.feedetl_sn === 'B3');
    expect(drug).toMatchObject({
      mdtrt_id: mdtrtId,
      setl_id: setlId,
      med_list_codg: 'XC01EBN123A001010100001',
      medins_list_codg: 'HIS-3',
      fee_ocur_time: '2026-05-05 09:00:00',
      det_item_fee_sumamt: 20000,
      cnt: 200,
      pric: 100,
      preselfpay_amt: 2000,
      inscp_scp_amt: 18000,
      chrgitm_lv: '02',
      selfpay_prop: 0.1,
    });
    const byVisit = await haikou.ok('5204', { data: { psn_no: LAOZHANG, mdtrt_id: mdtrtId } });
    expect(byVisit.feedetail).toEqual(fees.feedetail);
    expect((await referrer.call('5204', { data: { psn_no: LAOZHANG, setl_id: setlId } })).err_msg).toBe(
      `input.data.setl_id：本机构没有该人员结算ID为${setlId}的结算记录`,
    );
    expect((await haikou.call('5204', { data: { psn_no: LAOZHANG } })).err_msg).toBe(
      'input.data.setl_id：结算ID与就诊ID至少填写一个',
    );

    const cumulative = await haikou.ok('5206', { data: { psn_no: LAOZHANG, cum_ym: '202605' } });
    expect(cumulative.admissions).toBe(1);
    expect(cumulative.cuminfo).toContainEqual({
      insutype: '310',
      year: '2026',
      cum_ym: '202605',
      cum_type_code: 'pool.paid',
      cum_type_name: '统筹基金累计支付',
      cum: 17500,
    });
    expect((await haikou.ok('5206', { data: { psn_no: LAOZHANG, cum_ym: '202512' } })).cuminfo).toEqual([]);
    expect((await haikou.call('5206', { data: { psn_no: LAOZHANG, cum_ym: '2026-05' } })).err_msg).toBe(
      'input.data.cum_ym：累计年月格式应为yyyyMM',
    );
    // The referring hospital in 石家庄 never treated 老张: it cannot read his accumulators.
    expect((await referrer.call('5206', { data: { psn_no: LAOZHANG } })).err_msg).toMatch(
      /^input\.data\.psn_no：/,
    );
  });
});
