// The 老张 story end to end in a real browser, each part through its own screen: he files online (补办, from the day
// he was admitted), the 海口 hospital's workstation admits and settles him, the 结算单 shows 17,500.00 / 7,500.00,
// and the national dashboard counts it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import type { Mutable } from '../support/datasets.ts';
import { LAOZHANG_CERTNO } from '../support/portal-world.ts';

const available = chromiumAvailable();
const STEP_TIMEOUT_MS = 10_000;

/** The figure of a settlement region (基金支付, 个人负担, …) as the workstation shows it. */
const figure = (page: Page, region: string, name: string) =>
  page.getByRole('region', { name: region }).getByRole('group', { name, exact: true }).textContent();

/** 老张 has not filed yet in this world: he does it in the portal. */
const withoutLaozhangsFiling = (raw: Mutable) => {
  raw.filings = raw.filings.filter((f: { psn_no: string }) => f.psn_no !== '13010000000000001234');
};

describe.skipIf(!available)('the 老张 story in the browser', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld(withoutLaozhangsFiling);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('files online, is admitted and settled at 海口市第一人民医院, gets his 结算单, and the dashboard counts it', async () => {
    // 1. 参保人服务: 老张 logs in by one-time code and files 常驻异地工作 for 海南 from 2026-05-03, the day he was admitted.
    const portal = await world.newPage();
    portal.setDefaultTimeout(STEP_TIMEOUT_MS);
    await portal.goto(`${world.baseUrl}/#/portal/apply`);
    await portal.waitForURL(/#\/portal\/login\?next=/);
    await portal.getByLabel('身份证号码').fill(LAOZHANG_CERTNO);
    await portal.getByRole('button', { name: '获取验证码' }).click();
    const sms = await portal.getByRole('alert').filter({ hasText: '演示短信' }).textContent();
    await portal.getByLabel('验证码', { exact: true }).fill(/验证码为 (\d{6})/.exec(sms ?? '')![1]!);
    await portal.getByRole('button', { name: '登录', exact: true }).click();
    await portal.waitForURL(/#\/portal\/apply$/);
    // The wizard knows his insured place and insurance once /api/portal/me has answered.
    await portal.getByText('张建国', { exact: true }).waitFor();
    await portal.getByText('河北省石家庄市').waitFor();

    await portal.getByRole('combobox', { name: '就医地', exact: true }).click();
    await portal.getByRole('menuitemcheckbox', { name: /^海南省/ }).click();
    await portal.keyboard.press('Escape');
    await portal.getByRole('radio', { name: /常驻异地工作/ }).check();
    await portal.getByRole('button', { name: '下一步' }).click();
    await portal.getByRole('checkbox', { name: /我已阅读并知晓/ }).check();
    await portal.getByRole('button', { name: '下一步' }).click();
    const start = portal.getByLabel('开始日期');
    await start.click();
    await start.fill('2026-05-03');
    await start.press('Enter');
    await expect(start.inputValue()).resolves.toBe('2026-05-03');
    await portal.getByLabel('联系电话').fill('13800138000');
    await portal.getByLabel('就医地居住地址').fill('海南省海口市美兰区');
    await portal.getByRole('button', { name: '下一步' }).click();
    await portal.getByLabel('签名（请输入本人姓名）').fill('张建国');
    await portal.getByRole('button', { name: '下一步' }).click();
    await portal.getByRole('button', { name: '提交备案' }).click();
    await portal.getByRole('heading', { name: '备案成功' }).waitFor();

    // 2. 医院工作站: 海口市第一人民医院 signs in, reads him by ID number (the new filing is there), admits and settles.
    const his = await world.newPage();
    his.setDefaultTimeout(STEP_TIMEOUT_MS);
    await his.goto(`${world.baseUrl}/#/hospital`);
    const province = his.getByLabel('省份');
    await province.click();
    await province.fill('海南');
    await his.keyboard.press('Enter');
    await his.getByLabel('机构名称').fill('第一人民');
    await his.getByRole('button', { name: '查询机构' }).click();
    await his.getByRole('button', { name: '选择 海口市第一人民医院' }).click();
    await his.getByRole('button', { name: '签到（9001）' }).click();
    await his.getByRole('button', { name: '去读卡' }).waitFor();
    await his.getByRole('tab', { name: '读卡' }).click();
    await his.getByLabel('身份证号码').fill(LAOZHANG_CERTNO);
    await his.getByRole('button', { name: '读卡（1101）' }).click();
    await his.getByText('患者：张建国', { exact: true }).waitFor();
    expect(await his.getByRole('table', { name: '异地就医备案' }).textContent()).toContain('13 常驻异地工作');

    await his.getByRole('tab', { name: '住院' }).click();
    await his.getByLabel('入院时间').fill('2026-05-03 09:00:00');
    await his.getByRole('button', { name: '办理入院' }).click();
    await his.getByText('就诊ID').waitFor();
    await his.getByRole('button', { name: '载入标准账单' }).click();
    await his.getByRole('button', { name: /^上传费用（2301）/ }).click();
    await his.getByRole('table', { name: '费用分割' }).waitFor();
    await his.getByRole('button', { name: '预结算（2303）' }).click();
    await his.getByRole('region', { name: '住院预结算 2303' }).waitFor();
    await his.getByRole('button', { name: '结算（2304）' }).click();
    const settled = '住院结算 2304';
    await his.getByRole('region', { name: settled }).waitFor();
    expect(await figure(his, settled, '基金支付')).toContain('17,500.00 元');
    expect(await figure(his, settled, '个人负担')).toContain('7,500.00 元');

    // 3. 结算单: the printable sheet shows the same split.
    await his.getByRole('button', { name: '打印结算单' }).click();
    const frame = his.getByTitle('结算单').contentFrame();
    await frame.getByRole('heading', { name: '跨省异地就医住院费用结算单' }).waitFor();
    await his.getByRole('button', { name: '打印本单' }).waitFor();
    const [slip] = await Promise.all([
      his.waitForEvent('popup'),
      his.getByRole('link', { name: '在新窗口打开' }).click(),
    ]);
    await slip.getByRole('heading', { name: '跨省异地就医住院费用结算单' }).waitFor();
    const slipText = await slip.locator('body').textContent();
    for (const text of ['张建国', '25,000.00', '17,500.00', '7,500.00']) expect(slipText).toContain(text);

    // 4. 全国监测: the settlement is counted, 河北 → 海南.
    const dashboard = await world.newPage();
    dashboard.setDefaultTimeout(STEP_TIMEOUT_MS);
    await dashboard.goto(`${world.baseUrl}/#/dashboard`);
    const card = (title: string) => dashboard.getByTestId(`card-${title}`);
    await expect.poll(() => card('结算人次').textContent()).toBe('1');
    expect(await card('基金支付').textContent()).toBe('17,500.00 元');
    await dashboard.getByRole('row', { name: /河北 → 海南/ }).waitFor();
    await screenshot(dashboard, 'laozhang-dashboard');
  });
});
