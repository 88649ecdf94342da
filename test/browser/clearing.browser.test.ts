// 月度清算 and 预付金 in a real browser: 老张 is settled in 海口 in May through the HIS; on June 2nd 海南's clerk runs
// May's clearing in the console, confirms it as treatment place, 河北 confirms as insured place, the period is posted,
// the statements download, and 河北's 预付金 page and the dashboard show the fund's usage.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { admissionInput, placeOf, settleInput, standardBill } from '../support/his-world.ts';
import { STAFF, STAFF_PASSWORD } from '../support/portal-world.ts';

const available = chromiumAvailable();
const STEP_TIMEOUT_MS = 10_000;
const SESSION_S = 30 * 60;

async function openPage(world: UiWorld): Promise<Page> {
  const page = await world.newPage({ height: 1000 });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  // The session cookie's Expires is dated by the server's clock; Max-Age keeps it alive in the wall-clock cookie jar.
  await page.route('**/api/console/login', async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    const cookie = headers['set-cookie'];
    if (cookie) headers['set-cookie'] = cookie.replace(/;\s*Expires=[^;]+/i, `; Max-Age=${SESSION_S}`);
    await route.fulfill({ response, headers });
  });
  return page;
}

async function login(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

describe.skipIf(!available)('clearing and 预付金 in the console', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld();
    const admitted = await world.his.ok('2401', admissionInput(), placeOf());
    const mdtrtId = admitted.result.mdtrt_id as string;
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    await world.his.ok('2304', settleInput(mdtrtId), placeOf());
    // PostgreSQL's now() stamps the insured side's decision: put it at its settlement's time (one clock).
    await world.platform.db.query(
      `UPDATE node_130000.benefit_decisions d SET created_at = (s.setl_time || '+08')::timestamptz
       FROM node_460000.settlements s WHERE s.decision_key = d.decision_key AND s.refd_setl_flag = '0'`,
    );
    // June 2nd, 09:00 in China: May is over.
    world.clock.now = Date.parse('2026-06-02T01:00:00Z');
    const hebei = await world.staffLogin(STAFF.hebei.username);
    await world.call('POST', '/api/console/prepaid/deposits', hebei, { amount: 20_000, id: 'HB-2026-05' });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('runs, confirms and posts May, shows its statements and downloads them', async () => {
    const page = await openPage(world);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${world.baseUrl}/#/console/clearing`);
    await login(page, STAFF.hainan.username);
    await page.getByRole('heading', { name: '月度清算' }).waitFor();
    expect(await page.getByLabel('清算期').inputValue()).toBe('2026-05');
    await page.getByText('本期尚未执行清算').waitFor();

    await page.getByRole('button', { name: '执行清算' }).click();
    await expect.poll(() => page.getByTestId('clearing-status').textContent()).toBe('已对平，待双方确认');
    const pair = page.getByRole('row', { name: /海南省\s*河北省/ });
    await pair.waitFor();
    expect(await pair.textContent()).toContain('17,500.00');
    expect(await page.getByRole('row', { name: /H46/ }).count()).toBeGreaterThan(0);

    // 海南 confirms as treatment place, by keyboard.
    await page.getByRole('button', { name: '本省确认' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('本省确认完成').waitFor();
    await expect.poll(() => page.getByText(/130000（参保地）/).count()).toBeGreaterThan(0);

    // 河北 confirms as insured place (its own clerk, over the API); 海南's page reads it again and posts.
    const hebei = await world.staffLogin(STAFF.hebei.username);
    const confirmed = await world.call('POST', '/api/console/clearing/2026-05/confirm', hebei, {
      sides: ['insured'],
    });
    expect(confirmed.body.status).toBe('confirmed');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('clearing-status').textContent()).toBe('双方已确认，待过账');
    await page.getByRole('button', { name: '过账' }).click();
    await expect.poll(() => page.getByTestId('clearing-status').textContent()).toBe('已过账');
    await page.getByRole('heading', { name: '拨付指令' }).waitFor();
    expect(await page.getByRole('row', { name: /预付金抵付/ }).textContent()).toContain('17,500.00');
    await screenshot(page, 'console-clearing');

    // The export links download with the session cookie.
    const link = page.getByRole('link', { name: '下载省对清算表（XLSX）' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/api/console/clearing/2026-05/export?statement=pairs&format=xlsx');
    const xlsx = await page.request.get(`${world.baseUrl}${href}`);
    expect(xlsx.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const last = workbook.worksheets[0]!.lastRow!;
    expect(last.getCell(1).value).toBe('合计');
    const csv = await page.request.get(
      `${world.baseUrl}${await page.getByRole('link', { name: '下载拨付指令（CSV）' }).getAttribute('href')}`,
    );
    expect((await csv.text()).replace(/^\uFEFF/, '')).toContain('预付金抵付');
    expect(problems).toEqual([]);
  });

  it("shows 河北's 预付金 with its usage, and records a deposit", async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/console/prepaid`);
    await login(page, STAFF.hebei.username);
    await page.getByRole('heading', { name: '河北省预付金' }).waitFor();
    await page.getByTestId('prepaid-level').waitFor();
    await page.getByLabel('缴存金额（元）').fill('1000.5');
    await page.getByLabel('缴存编号').fill('HB-2026-06');
    await page.getByRole('button', { name: '登记缴存' }).click();
    await page.getByText('已登记缴存 1,000.50 元').waitFor();
    await screenshot(page, 'console-prepaid');

    const dashboard = await world.newPage({ height: 1200 });
    dashboard.setDefaultTimeout(STEP_TIMEOUT_MS);
    await dashboard.goto(`${world.baseUrl}/#/dashboard`);
    await dashboard.getByRole('heading', { name: /^预付金/ }).waitFor();
    await dashboard.getByTestId('prepaid-table').getByRole('row', { name: /河北/ }).waitFor();
  });
});
