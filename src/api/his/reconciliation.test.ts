// Reconciliation through the envelope: 海口市第一人民医院 states its totals (3201) and its detail file (9101 → 3202 → 9102).
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  LAOZHANG_CARD as CERT,
  cancelInput,
  type HisWorld,
  LAOZHANG,
  placeOf,
  settleInput,
  standardBill,
  startHisWorld,
} from '../../../test/support/his-world.ts';
import { formatYuan } from '../../core/money.ts';
import type { Platform } from '../../platform.ts';
import type { HisClient } from '../../sim/his-client.ts';

const DAY = { stmt_begndate: '2026-05-12', stmt_enddate: '2026-05-12' };
const PHARMACY = { fixmedins_code: 'P46010500003', fixmedins_name: '海口市某大药房', admdvs: '460105' };

let world: HisWorld;
let platform: Platform;
let his: HisClient;
let pharmacy: HisClient;
let setlOptins: string;

interface Settled {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly medfee_sumamt: number;
  readonly fund_pay_sumamt: number;
  readonly acct_pay: number;
  readonly psn_cash_pay: number;
}
/** S1 stands; S2 was cancelled by C2 (the same amounts negated). */
let s1: Settled;
let s2: Settled;
let c2: Settled;

/** The standard bill without its 全自费 line (23,000.00), with feedetl_sn unique to the visit. */
const bill = (mdtrtId: string) => standardBill(mdtrtId, LAOZHANG, `${mdtrtId}-`).slice(0, 3);

/** An inpatient stay of 老张 settled by 2304 (and discharged, so that the next one can be admitted). */
async function settledStay(acctUsed: '0' | '1'): Promise<Settled> {
  const admitted = await his.ok('2401', admissionInput({}, { ...CERT, ipt_no: `ZY${acctUsed}` }), placeOf());
  const mdtrtId = admitted.result.mdtrt_id as string;
  await his.ok('2301', { feedetail: bill(mdtrtId) }, placeOf());
  const settled = await his.ok(
    '2304',
    settleInput(mdtrtId, { ...CERT, medfee_sumamt: 23000, acct_used_flag: acctUsed }),
    placeOf(),
  );
  await his.ok(
    '2402',
    {
      dscginfo: {
        mdtrt_id: mdtrtId,
        psn_no: LAOZHANG.psn_no,
        insutype: LAOZHANG.insutype,
        endtime: '2026-05-12 10:00:00',
        dscg_way: '1',
      },
    },
    placeOf(),
  );
  return settled.setlinfo as Settled;
}

const sum = (field: keyof Settled, ...records: Settled[]) =>
  Math.round(records.reduce((total, r) => total + (r[field] as number) * 100, 0));

/** 3201 input for 住院, 职工 on the statement day, with the hospital's totals of the given records. */
const totalsInput = (records: Settled[], count: number, extra: Record<string, unknown> = {}) => ({
  data: {
    insutype: '310',
    clr_type: '21',
    setl_optins: setlOptins,
    ...DAY,
    medfee_sumamt: formatYuan(sum('medfee_sumamt', ...records)),
    fund_pay_sumamt: formatYuan(sum('fund_pay_sumamt', ...records)),
    acct_pay: formatYuan(sum('acct_pay', ...records)),
    fixmedins_setl_cnt: count,
    ...extra,
  },
});

const line = (r: Settled, flag: '0' | '1', medfee = r.medfee_sumamt) =>
  [
    r.setl_id,
    r.mdtrt_id,
    LAOZHANG.psn_no,
    medfee.toFixed(2),
    r.fund_pay_sumamt.toFixed(2),
    r.acct_pay.toFixed(2),
    flag,
  ].join('\t');

const zipOf = (name: string, text: string) => zipSync({ [name]: new TextEncoder().encode(text) });

async function upload(client: HisClient, bytes: Uint8Array | string, filename = 'detail.zip') {
  return client.call('9101', {
    fsUploadIn: {
      in: typeof bytes === 'string' ? bytes : [...bytes],
      filename,
      fixmedins_code: client.institution.fixmedins_code,
    },
  });
}

/** 3202 input: the header totals of the given records, the detail file by its file_qury_no. */
const detailInput = (
  fileQuryNo: string,
  records: Settled[],
  count: number,
  extra: Record<string, unknown> = {},
) => ({
  data: {
    setl_optins: setlOptins,
    file_qury_no: fileQuryNo,
    ...DAY,
    medfee_sumamt: formatYuan(sum('medfee_sumamt', ...records)),
    fund_pay_sumamt: formatYuan(sum('fund_pay_sumamt', ...records)),
    cash_payamt: formatYuan(sum('psn_cash_pay', ...records)),
    fixmedins_setl_cnt: count,
    clr_type: '21',
    ...extra,
  },
});

/** Fetches a file by 9102: the output is the file's bytes, base64. */
async function downloadBytes(client: HisClient, fileinfo: { file_qury_no: string; filename: string }) {
  const base64 = await client.ok('9102', {
    fsDownloadIn: { ...fileinfo, fixmedins_code: client.institution.fixmedins_code },
  });
  return new Uint8Array(Buffer.from(base64 as string, 'base64'));
}

/** Fetches a result file by 9102 and reads the rows of the .txt inside the zip. */
async function download(client: HisClient, fileinfo: { file_qury_no: string; filename: string }) {
  const files = unzipSync(await downloadBytes(client, fileinfo));
  const [name] = Object.keys(files);
  expect(name).toMatch(/\.txt$/);
  return new TextDecoder()
    .decode(files[name!])
    .split('\n')
    .filter((row) => row !== '')
    .map((row) => row.split('\t'));
}

const fileCount = async () =>
  Number((await platform.db.query<{ n: number }>('SELECT count(*) AS n FROM node_460000.files'))[0]!.n);

beforeAll(async () => {
  world = await startHisWorld();
  platform = world.platform;
  his = world.his;
  pharmacy = await world.client(PHARMACY);
  setlOptins = (await platform.nodes.get('460000')!.store.institution('H46010800012'))!.pooling_admdvs;

  s1 = await settledStay('1');
  s2 = await settledStay('0');
  const cancelled = await his.ok('2305', cancelInput(s2.mdtrt_id, s2.setl_id), placeOf());
  c2 = { ...cancelled.setlinfo, mdtrt_id: s2.mdtrt_id } as Settled;
});
afterAll(async () => {
  await world?.close();
});

describe('3201 对总账', () => {
  it('answers stmt_rslt 0 when the hospital’s totals agree with the node’s', async () => {
    expect(s1.acct_pay).toBeGreaterThan(0);
    const output = await his.ok('3201', totalsInput([s1, s2, c2], 1));
    expect(output).toEqual({
      stmtinfo: { setl_optins: setlOptins, stmt_rslt: '0', stmt_rslt_dscr: expect.stringMatching(/^平/) },
    });
  });

  it('answers stmt_rslt 1 and names the total that differs, both figures and the difference in yuan', async () => {
    const medfee = sum('medfee_sumamt', s1) + 10050;
    const output = await his.ok('3201', totalsInput([s1], 2, { medfee_sumamt: formatYuan(medfee) }));
    expect(output.stmtinfo.stmt_rslt).toBe('1');
    expect(output.stmtinfo.stmt_rslt_dscr).toBe(
      `不平：医疗费总额不符：医药机构${formatYuan(medfee)}，中心${formatYuan(sum('medfee_sumamt', s1))}，相差+100.50；` +
        '结算笔数不符：医药机构2，中心1，相差+1',
    );
  });

  it('nets a settlement and its cancel to zero: the cancelled stay adds nothing, in amounts or in count', async () => {
    expect(sum('medfee_sumamt', s2, c2)).toBe(0);
    // settlements alone (refd_setl_flag 0) count both stays; cancel records alone (1) are the negated S2.
    const settlements = await his.ok('3201', totalsInput([s1, s2], 2, { refd_setl_flag: '0' }));
    expect(settlements.stmtinfo.stmt_rslt).toBe('0');
    const cancels = await his.ok('3201', totalsInput([c2], 1, { refd_setl_flag: '1' }));
    expect(cancels.stmtinfo.stmt_rslt).toBe('0');
    // a hospital that forgot the cancel is told the difference is exactly S2.
    const forgot = await his.ok('3201', totalsInput([s1, s2], 2));
    expect(forgot.stmtinfo.stmt_rslt_dscr).toContain(`相差+${formatYuan(sum('medfee_sumamt', s2))}`);
  });

  it('answers 0 for a period with nothing settled when the hospital states zeros', async () => {
    const output = await his.ok(
      '3201',
      totalsInput([], 0, { stmt_begndate: '2026-04-01', stmt_enddate: '2026-04-30' }),
    );
    expect(output.stmtinfo.stmt_rslt).toBe('0');
  });
});

describe('3202 对明细账 with files by 9101 and 9102', () => {
  it('finds a settlement missing from the file, an extra one and an amount that differs, each in the result file', async () => {
    const text = [
      line(s1, '0'),
      line(s2, '0', s2.medfee_sumamt + 1), // amount differs
      ['469999999999', '460000000099', LAOZHANG.psn_no, '88.00', '50.00', '0.00', '0'].join('\t'), // not on the node
      // C2 (the cancel record) is missing from the file
    ].join('\r\n');
    const uploaded = await upload(his, zipOf('detail.txt', `${text}\r\n`));
    expect(uploaded.err_msg).toBeNull();
    expect(uploaded.output).toMatchObject({ filename: 'detail.zip', dld_endtime: '2026-05-19 10:30:00' });

    const output = await his.ok('3202', detailInput(uploaded.output.file_qury_no, [s1, s2, c2], 1));
    expect(output.summary).toMatchObject({ stmt_rslt: '1', mismatches: 3, settlements: 4 });
    expect(output.fileinfo).toMatchObject({
      filename: 'detail_result.zip',
      dld_endtime: '2026-05-19 10:30:00',
    });

    const rows = await download(his, output.fileinfo);
    const bySetlId = new Map(rows.map((r) => [r[2], r]));
    expect(rows).toHaveLength(4);
    // psn_no, mdtrt_id, setl_id, msgid, stmt_rslt, refd_setl_flag, memo, medfee_sumamt, fund_pay_sumamt, acct_pay
    expect(bySetlId.get(s1.setl_id)).toEqual([
      LAOZHANG.psn_no,
      s1.mdtrt_id,
      s1.setl_id,
      expect.stringMatching(/^H46010800012/),
      '0',
      '0',
      '平',
      s1.medfee_sumamt.toFixed(2),
      s1.fund_pay_sumamt.toFixed(2),
      s1.acct_pay.toFixed(2),
    ]);
    expect(bySetlId.get(s2.setl_id)!.slice(4, 7)).toEqual([
      '1',
      '0',
      `医疗费总额不符：医药机构${(s2.medfee_sumamt + 1).toFixed(2)}，中心${s2.medfee_sumamt.toFixed(2)}，相差+1.00`,
    ]);
    expect(bySetlId.get('469999999999')!.slice(3, 7)).toEqual([
      '',
      '1',
      '0',
      '医药机构有、中心无：中心对账范围内没有该结算记录',
    ]);
    expect(bySetlId.get(c2.setl_id)!.slice(4, 8)).toEqual([
      '1',
      '1',
      '中心有、医药机构无：医药机构明细文件中没有该结算记录',
      (-s2.medfee_sumamt).toFixed(2),
    ]);
  });

  it('balances a plain .txt upload (base64) that lists every record, and says why a later settlement is not counted', async () => {
    const text = [line(s1, '0'), line(s2, '0'), line(c2, '1')].join('\n');
    const uploaded = await upload(his, Buffer.from(text).toString('base64'), 'detail.txt');
    expect(uploaded.err_msg).toBeNull();
    const output = await his.ok('3202', detailInput(uploaded.output.file_qury_no, [s1, s2, c2], 1));
    expect(output.summary).toMatchObject({ stmt_rslt: '0', mismatches: 0, settlements: 3 });
    const rows = await download(his, output.fileinfo);
    expect(rows.map((r) => r[6])).toEqual(['平', '平', '平']);

    const earlier = await his.ok(
      '3202',
      detailInput(uploaded.output.file_qury_no, [], 0, {
        stmt_begndate: '2026-05-01',
        stmt_enddate: '2026-05-11',
      }),
    );
    const memos = (await download(his, earlier.fileinfo)).map((r) => r[6]);
    expect(memos[0]).toBe(
      '医药机构有、中心无：中心对账范围内没有该结算记录（该结算时间为2026-05-12 10:30:00，不在对账期间内）',
    );
  });

  it('shows files only to their own institution', async () => {
    const uploaded = await upload(his, Buffer.from(line(s1, '0')).toString('base64'), 'mine.txt');
    const fileinfo = { file_qury_no: uploaded.output.file_qury_no, filename: 'mine.txt' };
    // a file comes back as it was uploaded (here a plain .txt)
    expect(Buffer.from(await downloadBytes(his, fileinfo)).toString()).toBe(line(s1, '0'));

    const stranger = await pharmacy.call('9102', {
      fsDownloadIn: { ...fileinfo, fixmedins_code: 'P46010500003' },
    });
    expect(stranger.err_msg).toBe(
      `input.fsDownloadIn.file_qury_no：本机构没有文件查询号为${fileinfo.file_qury_no}的文件，或已过下载截止时间`,
    );
    const posing = await pharmacy.call('9102', {
      fsDownloadIn: { ...fileinfo, fixmedins_code: 'H46010800012' },
    });
    expect(posing.err_msg).toBe('input.fsDownloadIn.fixmedins_code：应为本机构编号P46010500003');
    const pharmacyOptins = (await platform.nodes.get('460000')!.store.institution('P46010500003'))!
      .pooling_admdvs;
    const reconciled = await pharmacy.call(
      '3202',
      detailInput(fileinfo.file_qury_no, [], 0, { setl_optins: pharmacyOptins, clr_type: '41' }),
    );
    expect(reconciled.err_msg).toMatch(/^input\.data\.file_qury_no：本机构没有文件查询号为/);
  });
});

describe('refusals name the field and store nothing', () => {
  it('refuses bad 3201 input with the field named', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ stmt_begndate: '2026/05/12' }, 'input.data.stmt_begndate：日期格式应为yyyy-MM-dd'],
      [{ stmt_begndate: '2026-05-13' }, 'input.data.stmt_enddate：不能早于对账开始日期2026-05-13'],
      [{ medfee_sumamt: '10.005' }, 'input.data.medfee_sumamt：小数位超过2位'],
      [{ acct_pay: 'abc' }, 'input.data.acct_pay：应为数值'],
      [{ fixmedins_setl_cnt: 1.5 }, 'input.data.fixmedins_setl_cnt：应为整数'],
      [{ insutype: '' }, 'input.data.insutype：必填'],
      [{ refd_setl_flag: '2' }, 'input.data.refd_setl_flag：应为0（结算）或1（退费结算），不填为两者合计'],
      [
        { setl_optins: '110100' },
        `input.data.setl_optins：110100不是本机构的结算经办机构（应为${setlOptins}）`,
      ],
      [
        { stmt_begndate: '2026-01-01', stmt_enddate: '2026-05-12' },
        'input.data.stmt_enddate：对账期间不能超过92天（实为132天）',
      ],
    ];
    for (const [change, message] of cases) {
      const answer = await his.call('3201', totalsInput([s1], 1, change));
      expect(answer.err_msg, JSON.stringify(change)).toBe(message);
    }
  });

  it('refuses a file that is not a zip of one .txt nor a text, and stores nothing', async () => {
    const before = await fileCount();
    const twoFiles = zipSync({ 'a.txt': new Uint8Array([49]), 'b.txt': new Uint8Array([50]) });
    expect((await upload(his, twoFiles)).err_msg).toBe(
      'input.fsUploadIn.in：zip文件应只含一个.txt文件（实有：a.txt、b.txt）',
    );
    const binary = new Uint8Array([0, 159, 146, 150]);
    expect((await upload(his, binary, 'x.bin')).err_msg).toBe(
      'input.fsUploadIn.in：文件内容应为UTF-8编码的文本（或含一个.txt的zip）',
    );
    const badByte = await his.call('9101', {
      fsUploadIn: { in: [49, 256], filename: 'a.txt', fixmedins_code: 'H46010800012' },
    });
    expect(badByte.err_msg).toBe('input.fsUploadIn.in[1]：应为0至255（或-128至127）的整数字节');
    const path = await upload(his, Buffer.from('1').toString('base64'), '../a.txt');
    expect(path.err_msg).toBe('input.fsUploadIn.filename：应为文件名，不能含路径或控制字符');
    expect(await fileCount()).toBe(before);
  });

  it('refuses a detail file with a bad line, naming its line and column, and stores no result', async () => {
    const text = `${line(s1, '0')}\n${line(s2, '0').replace(s2.medfee_sumamt.toFixed(2), '12.345')}\n`;
    const uploaded = await upload(his, zipOf('d.txt', text));
    const before = await fileCount();
    const answer = await his.call('3202', detailInput(uploaded.output.file_qury_no, [s1], 1));
    expect(answer.err_msg).toBe(
      'input.data.file_qury_no：明细文件第2行第4列（medfee_sumamt）：小数位超过2位',
    );
    const short = await upload(his, zipOf('d.txt', `${line(s1, '0')}\nonly\ttwo\n`));
    expect((await his.call('3202', detailInput(short.output.file_qury_no, [s1], 1))).err_msg).toBe(
      'input.data.file_qury_no：明细文件第2行：应有7列（以制表符分隔），实有2列',
    );
    expect(await fileCount()).toBe(before + 1);
    const unknown = await his.call('3202', detailInput('nosuchfile', [s1], 1));
    expect(unknown.err_msg).toBe(
      'input.data.file_qury_no：本机构没有文件查询号为nosuchfile的有效文件，请先用9101上传明细文件',
    );
  });
});
