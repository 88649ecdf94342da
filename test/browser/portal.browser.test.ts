// 参保人服务 in a real browser: 王芳 logs in by one-time code, files through the wizard and finds her filing approved;
// anyone searches 查定点 without logging in; the e-voucher shows a QR code; and the same on a 390 px phone.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { WANGFANG } from '../support/portal-world.ts';

const available = chromiumAvailable();
/** Each step answers within a fraction of a second; a missing element should fail fast, not after 30 s. */
const STEP_TIMEOUT_MS = 8_000;

async function openPage(world: UiWorld, size?: { width: number; height: number }): Promise<Page> {
  const page = await world.newPage(size);
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return page;
}

/** Logs in on the login page the portal sent the browser to, reading the code from the demo's on-screen "SMS". */
async function loginByCode(page: Page, certno: string): Promise<void> {
  await page.waitForURL(/#\/portal\/login\?next=/);
  await page.getByLabel('身份证号码').fill(certno);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const sms = page.getByRole('alert').filter({ hasText: '演示短信' });
  const code = (await sms.textContent())?.match(/验证码为 (\d{6})/)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel('验证码', { exact: true }).fill(code!);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Walks the wizard's first four steps: 海南省, 常驻异地工作, the notice confirmed, contact details, a commitment. */
async function fillApplication(page: Page, onDetails?: () => Promise<void>): Promise<void> {
  await page.getByRole('combobox', { name: '就医地', exact: true }).click();
  // The whole province: 海南省 itself, not one of its prefectures the cascader then offers.
  await page.getByRole('menuitemcheckbox', { name: /^海南省/ }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('radio', { name: /常驻异地工作/ }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  await expect(page.getByRole('region', { name: '跨省异地就医备案告知书' }).textContent()).resolves.toContain(
    '备案后，您在备案就医地',
  );
  await page.getByRole('checkbox', { name: /我已阅读并知晓/ }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  // 开始日期 is today by default; a long-term filing has no end.
  await expect(page.getByLabel('开始日期').inputValue()).resolves.toBe('2026-05-12');
  await expect(page.getByLabel('结束日期').inputValue()).resolves.toBe('长期有效');
  await page.getByLabel('联系电话').fill('13800138000');
  await page.getByLabel('就医地居住地址').fill('海南省海口市龙华区某小区');
  await onDetails?.();
  await page.getByRole('button', { name: '下一步' }).click();

  await expect(page.getByRole('radio', { name: /签署个人承诺书/ }).isChecked()).resolves.toBe(true);
  await page.getByLabel('签名（请输入本人姓名）').fill('王芳');
  await page.getByRole('button', { name: '下一步' }).click();
}

describe.skipIf(!available)('参保人服务 in the browser', () => {
  let world: UiWorld;
  let desktop: Page;
  beforeAll(async () => {
    world = await startUiWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lets 王芳 log in by one-time code, file 常驻异地工作 for 海南 with a commitment, and see it approved with its history', async () => {
    desktop = await openPage(world);
    await desktop.goto(`${world.baseUrl}/#/portal/apply`);
    await loginByCode(desktop, WANGFANG.certno);
    await desktop.waitForURL(/#\/portal\/apply$/);
    await desktop.getByText('王芳', { exact: true }).waitFor();
    await desktop.getByText('河北省石家庄市').waitFor();

    await fillApplication(desktop, () => screenshot(desktop, 'portal-apply'));
    const review = desktop.getByRole('table');
    await expect(review.textContent()).resolves.toMatch(
      /就医地海南省.*备案类别常驻异地工作.*结束日期长期有效/,
    );
    await desktop.getByRole('button', { name: '提交备案' }).click();

    await desktop.getByRole('heading', { name: '备案成功' }).waitFor();
    await desktop.getByRole('link', { name: '查看备案记录' }).click();
    await desktop.waitForURL(/#\/portal\/filings\/F130100\d+$/);
    const history = await desktop.getByRole('region', { name: '状态历史' }).textContent();
    expect(history).toMatch(/2026-05-12 10:30:00提交申请 · 本人.*备案通过 · 本人/);
    // A long-term filing waits six months before it may be changed or cancelled.
    await desktop.getByText('2026-11-12 起可以变更或取消').waitFor();
    await expect(desktop.getByRole('button', { name: '取消备案' }).isDisabled()).resolves.toBe(true);

    await desktop.getByRole('link', { name: '备案记录', exact: true }).click();
    const row = desktop.getByRole('row', { name: /常驻异地工作/ });
    await expect(row.textContent()).resolves.toMatch(/F130100\d+常驻异地工作海南省2026-05-12 至 长期已备案/);
    await screenshot(desktop, 'portal-filings');
  });

  it('shows a refusal of the API at the field it names: a second filing for 海南 is a duplicate', async () => {
    await desktop.getByRole('link', { name: '备案申请' }).click();
    await fillApplication(desktop);
    await desktop.getByRole('button', { name: '提交备案' }).click();
    // Back on step 1, at 就医地, in the API's words.
    await desktop.getByText(/已有备案信息，无需重复备案（备案流水号F130100\d+/).waitFor();
    await desktop.getByRole('heading', { name: '第1步：选择就医地' }).waitFor();
  });

  it('finds 海口市第一人民医院 in a public 查定点 search, without logging in', async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/portal/institutions`);
    await page.getByRole('link', { name: /登录/ }).waitFor();
    await page.getByRole('combobox', { name: '省份', exact: true }).fill('海南');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '服务', exact: true }).click();
    await page.getByTitle('住院', { exact: true }).click();
    await page.getByLabel('机构名称').fill('第一');
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.getByRole('row', { name: /海口市第一人民医院/ });
    await expect(row.textContent()).resolves.toMatch(
      /三级医疗机构海南省海口市美兰区住院普通门诊门诊慢特病：高血压、糖尿病/,
    );
    await page.getByText('共 1 家').waitFor();
  });

  it('shows 王芳 her 医保电子凭证 as a QR code with the masked name, the time left and the token', async () => {
    await desktop.getByRole('link', { name: '医保电子凭证' }).click();
    const qr = desktop.getByRole('img', { name: '医保电子凭证二维码（王*）' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await desktop.getByText(/^EC13[0-9a-f]{28}$/).waitFor();
    await desktop.getByText(/^10:00 后失效/).waitFor();
  });

  it('works on a 390 px phone: login, then 备案记录 as cards, the menu behind a button', async () => {
    const phone = await openPage(world, { width: 390, height: 844 });
    await phone.goto(`${world.baseUrl}/#/portal/filings`);
    await loginByCode(phone, WANGFANG.certno);
    await phone.waitForURL(/#\/portal\/filings$/);
    const card = phone.getByText('常驻异地工作 · 海南省');
    await card.waitFor();
    await phone.getByText('有效期：2026-05-12 至 长期').waitFor();
    // Nothing is wider than the phone.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(phone, 'portal-mobile');

    await phone.getByRole('button', { name: '打开参保人服务菜单' }).click();
    await phone.getByRole('link', { name: '查定点' }).click();
    await phone.waitForURL(/#\/portal\/institutions$/);
    await phone.getByRole('heading', { name: '查定点' }).waitFor();
  });
});
