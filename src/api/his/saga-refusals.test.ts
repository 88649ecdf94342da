// Bad input refused with the field named in err_msg and nothing stored; the filing rules at 2401/2201 (his.md
// "Off-site specifics"): no valid filing for the place is refused, an emergency counts as filed, 补办 counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import {
  admissionInput,
  admit,
  cancelInput,
  feeLine,
  type HisWorld,
  HOSPITAL,
  LAOZHANG,
  LIXIUYING,
  type Patient,
  placeOf,
  SECOND_HOSPITAL,
  settleInput,
  standardBill,
  startHisWorld,
  withSecondHospital,
} from '../../../test/support/his-world.ts';
import { loadDataset } from '../../platform.ts';
import type { HisAnswer, HisClient } from '../../sim/his-client.ts';

/** 王 of 石家庄: filed (13) for 三亚 only, so 海口 is not covered. */
const WANG: Patient = {
  psn_no: '13010000000000003001',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
};
/** 陈 of 海口: insured in 海南 itself, treated in 海口 — no filing needed. */
const CHEN: Patient = {
  psn_no: '46010000000000000101',
  insutype: '310',
  insuplc: '460100',
  node: 'node_460000',
};

function person(psnNo: string, name: string, insuplc: string, certno: string) {
  return {
    psn_no: psnNo,
    psn_cert_type: '01',
    certno,
    psn_name: name,
    gend: '1',
    brdy: '1975-06-01',
    naty: '01',
    insuplc_admdvs: insuplc,
    insutype: '310',
    psn_type: '1101',
    psn_insu_stas: '1',
    psn_insu_date: '2000-01-01',
    cvlserv_flag: '0',
    acct_balc: 0,
  };
}

function adjust(raw: Mutable): void {
  withSecondHospital(raw);
  raw.persons.push(person(WANG.psn_no, '王志强', '130100', '130102197506011233'));
  raw.persons.push(person(CHEN.psn_no, '陈海生', '460100', '460100197506011237'));
  raw.filings.push({
    trt_dcla_detl_sn: 'F130100202603010009',
    psn_no: WANG.psn_no,
    insutype: '310',
    dcla_type: '13',
    mdtrtarea_admdvs: '460200',
    begndate: '2026-03-01',
    enddate: null,
    dcla_souc: 'app',
    commitment: true,
    status: 'approved',
  });
  // 海口's own employees' policy: 石家庄's parameters, so the amounts read the same.
  raw.policies['460100-310'] = {
    ...structuredClone(raw.policies['130100-310']),
    admdvs: '460100',
    name: '海口市职工医保（测试）',
  };
}

let world: HisWorld;

beforeAll(async () => {
  world = await startHisWorld({ adjust });
});
afterAll(async () => {
  await world?.close();
});

/** Sends a message that must be refused with err_msg `<field>：…`, and checks that nothing was stored. */
async function refused(
  send: () => Promise<HisAnswer>,
  field: string,
  reason?: RegExp | string,
): Promise<string> {
  const before = await world.stored();
  const answer = await send();
  expect(answer.infcode, `expected a refusal naming ${field}`).toBe(-1);
  expect(answer.output).toBeNull();
  const message = answer.err_msg ?? '';
  expect(message.startsWith(`${field}：`), `err_msg "${message}" should name ${field}`).toBe(true);
  if (typeof reason === 'string') expect(message).toBe(`${field}：${reason}`);
  else if (reason) expect(message).toMatch(reason);
  expect(await world.stored()).toEqual(before);
  return message;
}

async function billedVisit(his: HisClient = world.his): Promise<string> {
  const mdtrtId = await admit(his);
  await his.ok('2301', { feedetail: standardBill(mdtrtId) });
  return mdtrtId;
}

describe('envelope refusals', () => {
  const envelope = (change: Record<string, unknown>) => ({
    ...world.his.envelope('2401', admissionInput(), placeOf()),
    ...change,
  });
  const without = (field: string) => {
    const body: Record<string, unknown> = world.his.envelope('2401', admissionInput(), placeOf());
    delete body[field];
    return body;
  };

  it('refuses a missing infno, msgid, mdtrtarea_admvs, fixmedins_code, inf_time or opter, naming it', async () => {
    for (const field of ['infno', 'msgid', 'mdtrtarea_admvs', 'fixmedins_code', 'inf_time', 'opter'])
      await refused(() => world.send(without(field)), field, '必填');
  });

  it('refuses invalid envelope fields, naming them', async () => {
    await refused(() => world.send(envelope({ msgid: 'M'.repeat(31) })), 'msgid', '长度不能超过30位');
    await refused(
      () => world.send(envelope({ mdtrtarea_admvs: '4601' })),
      'mdtrtarea_admvs',
      '应为6位医保区划代码',
    );
    await refused(
      () => world.send(envelope({ insuplc_admdvs: '13010X' })),
      'insuplc_admdvs',
      '应为6位医保区划代码',
    );
    await refused(
      () => world.send(envelope({ inf_time: '2026/05/12 10:30' })),
      'inf_time',
      /yyyy-MM-dd HH:mm:ss/,
    );
    await refused(() => world.send(envelope({ input: [] })), 'input', '应为JSON对象');
    await refused(() => world.send(envelope({ infno: '2999' })), 'infno', '不支持的交易编号2999');
    await refused(() => world.send(envelope({ mdtrtarea_admvs: '110101' })), 'mdtrtarea_admvs');
    await refused(() => world.send(envelope({ fixmedins_code: 'H13010000001' })), 'fixmedins_code');
    await refused(() => world.send(envelope({ sign_no: undefined })), 'sign_no');
    await refused(() => world.send(envelope({ sign_no: 'not-a-session' })), 'sign_no');
  });

  it('refuses a 2401 without insuplc_admdvs', async () => {
    await refused(
      () => world.his.call('2401', admissionInput(), {}),
      'insuplc_admdvs',
      /^insuplc_admdvs：必填/,
    );
  });
});

describe('admission refusals', () => {
  it('refuses an unknown insutype, naming input.mdtrtinfo.insutype', async () => {
    await refused(
      () => world.his.call('2401', admissionInput({}, { insutype: '999' }), placeOf()),
      'input.mdtrtinfo.insutype',
      /代码999不在字典中/,
    );
  });

  it('refuses an outpatient med_type at 2401 and a malformed one', async () => {
    await refused(
      () => world.his.call('2401', admissionInput({ med_type: '11' }), placeOf()),
      'input.mdtrtinfo.med_type',
      '11不是住院医疗类别',
    );
    await refused(
      () => world.his.call('2401', admissionInput({ med_type: 'X1' }), placeOf()),
      'input.mdtrtinfo.med_type',
    );
  });

  it('refuses a bad or missing begntime', async () => {
    for (const begntime of ['2026-05-03', '2026-13-03 09:00:00', '2026-05-03T09:00:00'])
      await refused(
        () => world.his.call('2401', admissionInput({ begntime }), placeOf()),
        'input.mdtrtinfo.begntime',
        '时间格式应为yyyy-MM-dd HH:mm:ss',
      );
    await refused(
      () => world.his.call('2401', admissionInput({}, { begntime: undefined }), placeOf()),
      'input.mdtrtinfo.begntime',
      '必填',
    );
  });

  it('refuses a person the insured side does not know, naming psn_no', async () => {
    await refused(
      () => world.his.call('2401', admissionInput({}, { psn_no: '13010000000000009999' }), placeOf()),
      'input.mdtrtinfo.psn_no',
    );
  });
});

describe('fee line refusals', () => {
  let mdtrtId: string;
  beforeAll(async () => {
    mdtrtId = await admit(world.his);
  });
  const upload = (rows: Record<string, unknown>[]) => () => world.his.call('2301', { feedetail: rows });
  const line = (sn: string, amount: unknown, cnt: unknown, pric: unknown, time = '2026-05-04 10:00:00') =>
    feeLine(mdtrtId, LAOZHANG, sn, '003312000030000', amount, cnt, pric, time);

  it('refuses an amount with 3 decimals', async () => {
    await refused(
      upload([line('1', '100.00', 1, 100), line('2', '100.005', 1, '100.005')]),
      'input.feedetail[1].det_item_fee_sumamt',
      '小数位超过2位',
    );
  });

  it('refuses a price with 7 decimals', async () => {
    await refused(upload([line('1', 100, 3, '33.3333333')]), 'input.feedetail[0].pric', '小数位超过6位');
  });

  it('refuses an amount that is not cnt × pric', async () => {
    await refused(
      upload([line('1', 100, 1, 100), line('2', 250, 2, 100)]),
      'input.feedetail[1].det_item_fee_sumamt',
      /数量×单价/,
    );
  });

  it('refuses a fee time outside the visit', async () => {
    await refused(
      upload([line('1', 100, 1, 100, '2026-05-02 23:59:59')]),
      'input.feedetail[0].fee_ocur_time',
      /费用发生时间不在本次就诊期间/,
    );
    await refused(upload([line('1', 100, 1, 100, '2026-05-04')]), 'input.feedetail[0].fee_ocur_time');
  });

  it('refuses a feedetl_sn used twice in one upload or already uploaded', async () => {
    await refused(
      upload([line('1', 100, 1, 100), line('1', 200, 1, 200)]),
      'input.feedetail[1].feedetl_sn',
      /重复/,
    );
    await world.his.ok('2301', { feedetail: [line('7', 100, 1, 100)] });
    await refused(
      upload([line('8', 100, 1, 100), line('7', 100, 1, 100)]),
      'input.feedetail[1].feedetl_sn',
      '费用明细流水号7已上传，不能重复上传',
    );
    await world.his.ok('2302', {
      data: [{ mdtrt_id: mdtrtId, feedetl_sn: '0000', psn_no: LAOZHANG.psn_no }],
    });
  });

  it("refuses lines of another institution's visit as if it did not exist", async () => {
    const second = await world.client(SECOND_HOSPITAL);
    const unknown = await refused(
      () =>
        second.call('2301', {
          feedetail: [
            feeLine('469999999999', LAOZHANG, '1', '003312000030000', 100, 1, 100, '2026-05-04 10:00:00'),
          ],
        }),
      'input.mdtrt_id',
    );
    const foreign = await refused(
      () => second.call('2301', { feedetail: [line('1', 100, 1, 100)] }),
      'input.mdtrt_id',
    );
    expect(foreign).toBe(unknown.replace('469999999999', mdtrtId));
  });
});

describe('settlement refusals', () => {
  it('refuses a medfee_sumamt that disagrees with the uploaded lines', async () => {
    const mdtrtId = await billedVisit();
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { medfee_sumamt: '25000.01' })),
      'input.data.medfee_sumamt',
      '25000.01与已上传费用明细按就医地目录计算的25000.00不一致',
    );
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { fulamt_ownpay_amt: 1999 })),
      'input.data.fulamt_ownpay_amt',
    );
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { medfee_sumamt: '25000.001' })),
      'input.data.medfee_sumamt',
      '小数位超过2位',
    );
  });

  it("refuses another institution's mdtrt_id exactly as an unknown one, so nothing leaks", async () => {
    const mdtrtId = await billedVisit();
    const second = await world.client(SECOND_HOSPITAL);
    const unknown = await refused(
      () => second.call('2304', settleInput('469999999999')),
      'input.data.mdtrt_id',
    );
    const foreign = await refused(() => second.call('2304', settleInput(mdtrtId)), 'input.data.mdtrt_id');
    expect(foreign).toBe(unknown.replace('469999999999', mdtrtId));
    expect(foreign).not.toMatch(/张|1234|H46010800012/);
    // Trial settlement and cancel leak nothing either.
    await refused(
      () => second.call('2303', settleInput(mdtrtId)),
      'input.data.mdtrt_id',
      foreign.slice(foreign.indexOf('：') + 1),
    );
  });

  it("refuses a psn_no that is not the visit's", async () => {
    const mdtrtId = await billedVisit();
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { psn_no: LIXIUYING.psn_no })),
      'input.data.psn_no',
      `与就诊${mdtrtId}的人员编号不一致`,
    );
  });

  it('refuses a 2304 with nothing to settle', async () => {
    const mdtrtId = await admit(world.his);
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId)),
      'input.data.mdtrt_id',
      '没有待结算的费用明细，请先上传费用（2301/2204）',
    );
  });

  it('refuses a second 2304 of a settled visit', async () => {
    const mdtrtId = await billedVisit();
    const first = await world.his.ok('2304', settleInput(mdtrtId));
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId)),
      'input.data.mdtrt_id',
      `已结算（结算ID ${first.setlinfo.setl_id}），如需重新结算请先撤销`,
    );
    await world.his.ok('2305', cancelInput(mdtrtId, first.setlinfo.setl_id));
  });

  it('refuses a 2305 of an unknown setl_id, and of a setl_id cancelled already', async () => {
    const mdtrtId = await billedVisit();
    await refused(
      () => world.his.call('2305', cancelInput(mdtrtId, '460000099999')),
      'input.data.setl_id',
      `就诊${mdtrtId}没有结算ID为460000099999的结算`,
    );
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    await world.his.ok('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
    await refused(
      () => world.his.call('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id)),
      'input.data.setl_id',
      /已撤销/,
    );
  });

  it('refuses mid_setl_flag 1 (中途结算)', async () => {
    const mdtrtId = await billedVisit();
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { mid_setl_flag: '1' })),
      'input.data.mid_setl_flag',
    );
    await refused(
      () => world.his.call('2304', settleInput(mdtrtId, { mid_setl_flag: '2' })),
      'input.data.mid_setl_flag',
      '应为0或1',
    );
  });
});

describe('filing rules at 2401 and 2201', () => {
  const outpatient = (patient: Patient, begntime: string, extra: Record<string, unknown> = {}) => ({
    data: {
      psn_no: patient.psn_no,
      insutype: patient.insutype,
      begntime,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: patient.psn_no,
      ipt_otp_no: 'MZ0001',
      atddr_no: 'D123',
      dr_name: '李医生',
      dept_code: 'A03',
      dept_name: '心内科',
      caty: 'A03',
      ...extra,
    },
  });

  /** The deductible of 老张's next stay at a 3rd-level hospital: 1,000.00 for the first of the year, then 500.00. */
  async function nextDeductible(): Promise<number> {
    return (await world.readings(LAOZHANG)).admissions === 0 ? 1000 : 500;
  }

  it('refuses 老张 admitted before his filing begins (2026-01-05), naming insuplc_admdvs', async () => {
    const message = await refused(
      () => world.his.call('2401', admissionInput({ begntime: '2026-01-04 23:00:00' }), placeOf()),
      'insuplc_admdvs',
    );
    expect(message).toContain('2026-01-04');
    expect(message).toContain('备案');
    await refused(
      () => world.his.call('2201', outpatient(LAOZHANG, '2026-01-04 09:00:00'), placeOf()),
      'insuplc_admdvs',
      /备案/,
    );
  });

  it('refuses a patient whose filing covers another place (三亚, not 海口)', async () => {
    const message = await refused(
      () => world.his.call('2401', admissionInput({ patient: WANG }), placeOf({ patient: WANG })),
      'insuplc_admdvs',
    );
    expect(message).toContain('460108');
  });

  it('admits an emergency (med_type 24) without a valid filing, and settles it under category 22', async () => {
    const mdtrtId = await admit(world.his, { med_type: '24', begntime: '2026-01-03 02:00:00' });
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const dedc = await nextDeductible();
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    // Category 22 is not reduced in 石家庄's off-site table: 85% / 90% as at home.
    expect(settled.setlinfo).toMatchObject({
      dcla_type: '22',
      trt_dcla_detl_sn: null,
      act_pay_dedc: dedc,
      fund_pay_sumamt: dedc === 1000 ? 17500 : 17950,
      pay_loc: '4',
    });
    await world.his.ok('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
  });

  it('admits an emergency flagged by exp_content er_flag 1, and settles it under category 22', async () => {
    for (const exp_content of ['{"er_flag":"1"}', { er_flag: '1' }]) {
      const mdtrtId = await admit(world.his, { begntime: '2026-01-02 22:00:00', exp_content });
      await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
      const settled = await world.his.ok('2304', settleInput(mdtrtId));
      expect(settled.setlinfo).toMatchObject({ dcla_type: '22', trt_dcla_detl_sn: null, med_type: '21' });
      await world.his.ok('2305', cancelInput(mdtrtId, settled.setlinfo.setl_id));
    }
    // exp_content without the flag is not an emergency.
    await refused(
      () =>
        world.his.call(
          '2401',
          admissionInput({ begntime: '2026-01-02 22:00:00', exp_content: '{"er_flag":"0"}' }),
          placeOf(),
        ),
      'insuplc_admdvs',
    );
  });

  it('registers an emergency outpatient (med_type 13) without a valid filing', async () => {
    const output = await world.his.ok(
      '2201',
      outpatient(LAOZHANG, '2026-01-03 09:00:00', { med_type: '13' }),
      placeOf(),
    );
    expect(output.data.mdtrt_id).toMatch(/^46\d{10}$/);
  });

  it('judges the filing on the admission day: a filing approved later (补办) covering that day lets the stay settle directly', async () => {
    // 李秀英's filing (11) begins 2026-02-01: an admission on 2026-01-20 is refused …
    const admittedOn = { patient: LIXIUYING, begntime: '2026-01-20 08:00:00' };
    await refused(
      () => world.his.call('2401', admissionInput(admittedOn), placeOf(admittedOn)),
      'insuplc_admdvs',
    );
    // … until 石家庄 approves a temporary filing (23) made afterwards whose period covers the admission day.
    const raw = smallDataset() as Mutable;
    adjust(raw);
    raw.filings.push({
      trt_dcla_detl_sn: 'F130100202605120002',
      psn_no: LIXIUYING.psn_no,
      insutype: '310',
      dcla_type: '23',
      mdtrtarea_admdvs: '460000',
      begndate: '2026-01-15',
      enddate: '2026-07-15',
      dcla_souc: 'app',
      commitment: true,
      status: 'approved',
    });
    await loadDataset(world.platform.db, raw);
    const mdtrtId = await admit(world.his, admittedOn);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId, LIXIUYING) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId, {}, LIXIUYING));
    // Retired (1201): 95% at home, 20 points less on a category-23 filing: 75%. Her second stay of the year:
    // deductible 500.00; (21,000.00 − 500.00) × 75% = 15,375.00.
    expect(settled.setlinfo).toMatchObject({
      dcla_type: '23',
      trt_dcla_detl_sn: 'F130100202605120002',
      act_pay_dedc: 500,
      fund_pay_sumamt: 15375,
      psn_part_amt: 9625,
    });
  });

  it('needs no filing for a patient insured in the same province', async () => {
    const mdtrtId = await admit(world.his, { patient: CHEN, begntime: '2026-01-03 09:00:00' });
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId, CHEN) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId, {}, CHEN));
    expect(settled.setlinfo).toMatchObject({
      insuplc_admdvs: '460100',
      pay_loc: '2',
      dcla_type: null,
      trt_dcla_detl_sn: null,
      act_pay_dedc: 1000,
      fund_pay_sumamt: 17500,
    });
    expect(await world.readings(CHEN)).toMatchObject({ admissions: 1 });
  });

  it('the same admission at another hospital of the place is judged the same way', async () => {
    const second = await world.client(SECOND_HOSPITAL);
    expect(second.institution.fixmedins_code).not.toBe(HOSPITAL.fixmedins_code);
    await refused(
      () => second.call('2401', admissionInput({ begntime: '2026-01-04 23:00:00' }), placeOf()),
      'insuplc_admdvs',
    );
    expect(await admit(second, { begntime: '2026-01-05 00:00:00' })).toMatch(/^46\d{10}$/);
  });
});
