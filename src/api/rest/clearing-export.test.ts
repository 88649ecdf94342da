// 清算报表下载 over the API: 老张's May bill in 海口, cleared, confirmed by both provinces and posted; each statement
// downloads as XLSX (read back with exceljs) and as CSV with a BOM, with the 合计 row and the period in the sheet.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, settleInput, standardBill } from '../../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';
import { XLSX_TYPE } from './clearing-export.ts';

let world: PortalWorld;
let fundFen: number;

/** PostgreSQL's now() stamps the insured side's decisions: put them at their settlement's time (one clock). */
async function alignInsuredClock(): Promise<void> {
  await world.platform.db.query(
    `UPDATE node_130000.benefit_decisions d SET created_at = (s.setl_time || '+08')::timestamptz
     FROM node_460000.settlements s WHERE s.decision_key = d.decision_key AND s.refd_setl_flag = '0'`,
  );
}

beforeAll(async () => {
  world = await startPortalWorld();
  const mdtrtId = await admit(world.his);
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
  const settled = await world.his.ok('2304', settleInput(mdtrtId));
  fundFen = Math.round(Number(settled.setlinfo.fund_pay_sumamt) * 100);
  await alignInsuredClock();
  // June 2nd: May is over and can be cleared.
  world.clock.now = Date.parse('2026-06-02T01:00:00Z');
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const download = async (token: string | undefined, query: string) =>
  world.app.inject({
    method: 'GET',
    url: `/api/console/clearing/2026-05/export${query}`,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

async function readXlsx(body: Buffer): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === undefined || v === null ? null : (v as string | number))));
  });
  return rows;
}

describe('clearing exports', () => {
  it('answers 401 without a staff session and 400 for an unknown statement', async () => {
    expect((await download(undefined, '?statement=pairs&format=csv')).statusCode).toBe(401);
    const hebei = await world.staffLogin(STAFF.hebei.username);
    expect((await download(hebei, '?statement=people&format=csv')).statusCode).toBe(400);
  });

  it('downloads every statement of a posted May as XLSX and CSV with headers, the period and a 合计 row', async () => {
    const hebei = await world.staffLogin(STAFF.hebei.username);
    const hainan = await world.staffLogin(STAFF.hainan.username);
    const run = await world.call('POST', '/api/console/clearing/2026-05/run', hebei);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('reconciled');
    expect(
      (await world.call('POST', '/api/console/clearing/2026-05/confirm', hainan, { sides: ['treatment'] }))
        .status,
    ).toBe(200);
    const confirmed = await world.call('POST', '/api/console/clearing/2026-05/confirm', hebei, {
      sides: ['insured'],
    });
    expect(confirmed.body.status).toBe('confirmed');
    await world.call('POST', '/api/console/prepaid/deposits', hebei, { amount: 100, id: 'HB-EXPORT-1' });
    const posted = await world.call('POST', '/api/console/clearing/2026-05/post', hebei);
    expect(posted.body.status).toBe('posted');

    // 省对清算表 as XLSX: title, meta, header, 海南→河北, 合计 equal to it.
    const xlsx = await download(hebei, '?statement=pairs&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    expect(xlsx.headers['content-disposition']).toContain('clearing-2026-05-pairs.xlsx');
    const rows = await readXlsx(xlsx.rawPayload);
    expect(rows[0]?.[0]).toBe('2026-05 跨省异地就医清算表（省对）');
    expect(rows).toContainEqual(['清算期', '2026-05']);
    expect(rows).toContainEqual(['状态', '已过账']);
    expect(rows).toContainEqual(['生成时间', '2026-06-02 09:00:00']);
    const headerAt = rows.findIndex((r) => r[0] === '就医地');
    const header = rows[headerAt]!;
    expect(header.slice(0, 7)).toEqual([
      '就医地',
      '参保地',
      '人次',
      '结算笔数',
      '撤销笔数',
      '医疗费总额(元)',
      '基金支付(元)',
    ]);
    const fund = header.indexOf('基金支付(元)');
    const data = rows[headerAt + 1]!;
    expect(data.slice(0, 3)).toEqual(['460000 海南省', '130000 河北省', 1]);
    expect(data[fund]).toBe(fundFen / 100);
    const totals = rows.at(-1)!;
    expect(totals[0]).toBe('合计');
    expect(totals[fund]).toBe(fundFen / 100);

    // The same as CSV: UTF-8 with a BOM, yuan with two decimals.
    const csv = await download(hebei, '?statement=pairs&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = csv.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('就医地,参保地,人次');
    const yuan = (fundFen / 100).toFixed(2);
    expect(text).toMatch(
      new RegExp(`\\r\\n460000 海南省,130000 河北省,1,1,0,[\\d.]+,${yuan.replace('.', '\\.')},`),
    );
    expect(text.trimEnd().split('\r\n').at(-1)).toMatch(
      new RegExp(`^合计,,1,1,0,[\\d.]+,${yuan.replace('.', '\\.')}`),
    );

    // 医院月度结算单 and 拨付指令: one hospital; the instructions' 合计 is the sum of their amounts.
    const hospitals = await readXlsx((await download(hebei, '?statement=hospitals&format=xlsx')).rawPayload);
    const hHeader = hospitals.findIndex((r) => r[1] === '定点医药机构编码');
    expect(hospitals.length - hHeader - 1).toBe(2);
    expect(hospitals.at(-1)?.[0]).toBe('合计');
    const instructions = await readXlsx(
      (await download(hebei, '?statement=instructions&format=xlsx')).rawPayload,
    );
    const iHeader = instructions.findIndex((r) => r[0] === '指令编号');
    const iRows = instructions.slice(iHeader + 1, -1);
    expect(iRows.map((r) => r[1])).toEqual(expect.arrayContaining(['预付金抵付', '拨付财政专户']));
    const sum = iRows.reduce((n, r) => n + Math.round(Number(r[5]) * 100), 0);
    expect(Math.round(Number(instructions.at(-1)?.[5]) * 100)).toBe(sum);
    const iCsv = (await download(hebei, '?statement=instructions&format=csv')).rawPayload.toString('utf8');
    expect(iCsv).toContain('prepaid-draw:2026-05:130000,预付金抵付,基金,130000 河北省,国家级经办机构,100.00');
  });
});
