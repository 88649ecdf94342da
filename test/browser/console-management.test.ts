// 就医地管理 in the agency console, in a real browser: 海南's clerk reads the audit hit of 老张's bill at 海口 (bed-days
// beyond the stay), switches a rule off and sees a broken settings document refused with its problems; then reads the
// monitoring figures of the month, lowers the self-paid threshold so that an alert appears, and sees a threshold the
// server refuses shown at its field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { admit, settleInput, standardBill } from '../support/his-world.ts';
import { STAFF, STAFF_PASSWORD } from '../support/portal-world.ts';

const available = chromiumAvailable();
const STEP_TIMEOUT_MS = 8_000;
/** A console session's life (docs/portal.md). */
const SESSION_S = 30 * 60;

/** As the console suite: the session cookie keeps the server's clock through Max-Age. */
async function openPage(world: UiWorld): Promise<Page> {
  const page = await world.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
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

describe.skipIf(!available)('就医地管理 in the console', () => {
  let world: UiWorld;
  let mdtrtId: string;
  beforeAll(async () => {
    world = await startUiWorld();
    // 老张 admitted on 05-03 at 海口 and charged 10 bed-days on 05-12 (9 days of stay): a review hit; settled 25,000.00.
    mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    await world.his.ok('2304', settleInput(mdtrtId));
  });
  afterAll(async () => {
    await world?.close();
  });

  it("shows 海南's audit hits and rule settings, saves a switched-off rule and lists a refused document's problems", async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/console/audit`);
    await login(page, STAFF.hainan.username);
    await page.getByRole('heading', { name: '审核记录' }).waitFor();

    const hits = page.getByRole('table').filter({ hasText: '审核时间' });
    const row = hits.getByRole('row').filter({ hasText: mdtrtId });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('床位天数超住院天数');
    await expect(row.textContent()).resolves.toContain('转人工复核');
    await expect(row.textContent()).resolves.toContain('H46010800012');

    const rules = page.getByRole('table').filter({ hasText: '参数（生效值' });
    await rules.getByRole('row').filter({ hasText: 'daily-repeat' }).waitFor();
    expect(await rules.getByRole('row').count()).toBe(11);
    await page.getByRole('switch', { name: '启用 年龄限制项目' }).click();
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('设置已生效').waitFor();
    const stored = await world.call(
      'GET',
      '/api/console/audit/settings',
      await world.staffLogin(STAFF.hainan.username),
    );
    expect(stored.body.doc).toEqual({ rules: { 'age-restricted': { enabled: false } } });
    await screenshot(page, 'console-audit');

    await page.getByRole('button', { name: /编辑设置文档/ }).click();
    await page
      .getByLabel('设置文档')
      .fill('{"rules": {"price-cap": {}, "daily-repeat": {"severity": "block"}}}');
    await page.getByRole('button', { name: '按文档保存' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '设置未生效' });
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('body.rules["price-cap"]');
    await expect(refused.textContent()).resolves.toContain('body.rules["daily-repeat"].severity');
  });

  it('shows the monitoring cards, chart, table and alerts, and changes the alerts by a new threshold', async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/console/monitoring`);
    await login(page, STAFF.hainan.username);
    await page.getByRole('heading', { name: '就医地监控' }).waitFor();

    await expect.poll(() => page.getByTestId('monitoring-结算笔数').textContent()).toBe('1');
    await expect(page.getByTestId('monitoring-住院次均费用').textContent()).resolves.toBe('25,000.00 元');
    // 先行自付 2,000.00 + 全自费 2,000.00 of 25,000.00.
    await expect(page.getByTestId('monitoring-自付比例').textContent()).resolves.toBe('16%');
    await expect(page.getByTestId('monitoring-预警条数').textContent()).resolves.toBe('0');
    await page.getByTestId('monitoring-cost-chart').waitFor();

    const table = page.getByRole('table').filter({ hasText: '参保省' }).first();
    const row = table.getByRole('row').filter({ hasText: '海口市第一人民医院' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('25,000.00');
    await expect(row.textContent()).resolves.toContain('河北省');
    await page.getByText('所选月份无预警').waitFor();

    // 20 % → 10 %: the 16 % self-paid share is now an alert.
    await page.getByRole('button', { name: '修改阈值' }).click();
    await page.getByLabel('自付比例阈值(%)').fill('10');
    await page.getByRole('button', { name: '保存阈值' }).click();
    await page.getByText('阈值已生效').waitFor();
    const alerts = page.getByRole('table').filter({ hasText: '说明' });
    const alert = alerts.getByRole('row').filter({ hasText: '自付比例过高' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('超过10%');
    await expect(page.getByTestId('monitoring-预警条数').textContent()).resolves.toBe('1');
    await screenshot(page, 'console-monitoring');

    // 99 days passes the form's check, not the server's: the refusal stands at the field, nothing changes.
    await page.getByRole('button', { name: '修改阈值' }).click();
    await page.getByLabel('再入院天数').fill('99');
    await page.getByRole('button', { name: '保存阈值' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '阈值未生效' });
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('body.readmission_days');
    await expect.poll(() => page.getByLabel('再入院天数').getAttribute('aria-invalid')).toBe('true');
    const read = await world.call(
      'GET',
      '/api/console/monitoring/settings',
      await world.staffLogin(STAFF.hainan.username),
    );
    expect(read.body.doc).toMatchObject({ selfpaid_share_bp: 1000, readmission_days: 15 });
  });
});
