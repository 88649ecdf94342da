// 医院工作站 in a real browser: 海口市第一人民医院 settles 老张's stay through the national HIS interface, with a lost
// answer retried under its msgid, prints the 结算单, cancels (which restores the insured side) and reconciles the day.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIS_PATH } from '../../src/api/his/route.ts';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { LAOZHANG_CERTNO } from '../support/portal-world.ts';

const available = chromiumAvailable();

/** The text of a figure of a settlement region (基金支付, 个人负担, …). */
const figure = (page: Page, region: string, name: string) =>
  page.getByRole('region', { name: region }).getByRole('group', { name, exact: true }).textContent();

/** Waits until `probe` holds (the UI answers after a HIS round trip). */
async function until(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The message log's rows of one transaction, newest first. */
const logRows = (page: Page, infno: string) =>
  page
    .getByRole('table', { name: '报文记录' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: infno, exact: true }) });

describe.skipIf(!available)('医院工作站', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('settles 老张 at 海口市第一人民医院: 17,500.00 by the fund, 7,500.00 his own; a lost 2304 answer is retried under the same msgid; cancel restores', async () => {
    const before = await world.readings();
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/#/hospital`);

    // The institution from the public directory, then 9001: the sign_no is shown and carried from now on.
    const province = page.getByLabel('省份');
    await province.click();
    await province.fill('海南');
    await page.keyboard.press('Enter');
    await page.getByLabel('机构名称').fill('第一人民');
    await page.getByRole('button', { name: '查询机构' }).click();
    await page.getByRole('button', { name: '选择 海口市第一人民医院' }).click();
    await page.getByRole('button', { name: '签到（9001）' }).click();
    await page.getByRole('button', { name: '去读卡' }).waitFor();
    expect(await page.getByText(/^\d{30}$/).count()).toBeGreaterThan(0);

    // 1101 by ID number: the filing 13 for 海南 is valid here.
    await page.getByRole('tab', { name: '读卡' }).click();
    await page.getByLabel('身份证号码').fill(LAOZHANG_CERTNO);
    await page.getByRole('button', { name: '读卡（1101）' }).click();
    await page.getByText('患者：张建国', { exact: true }).waitFor();
    const filings = await page.getByRole('table', { name: '异地就医备案' }).textContent();
    expect(filings).toContain('13 常驻异地工作');

    // 2401, the standard bill, 2301 with each line's split.
    await page.getByRole('tab', { name: '住院' }).click();
    await page.getByLabel('入院时间').fill('2026-05-03 09:00:00');
    await page.getByRole('button', { name: '办理入院' }).click();
    await page.getByText('就诊ID').waitFor();
    await page.getByRole('button', { name: '载入标准账单' }).click();
    await page.getByLabel('数量 第4行').waitFor();
    await page.getByRole('button', { name: /^上传费用（2301）/ }).click();
    const split = page.getByRole('table', { name: '费用分割' });
    await split.waitFor();
    const splitText = await split.textContent();
    for (const text of ['经皮冠状动脉支架置入术', '乙类先行自付10%', '25,000.00', '21,000.00'])
      expect(splitText).toContain(text);

    await page.getByRole('button', { name: '预结算（2303）' }).click();
    expect(await figure(page, '住院预结算 2303', '基金支付')).toContain('17,500.00 元');

    // The first 2304 reaches the node and settles, but its answer is lost on the way back.
    let lost = false;
    await page.route(`**${HIS_PATH}`, async (route) => {
      if (!lost && route.request().postDataJSON().infno === '2304') {
        lost = true;
        await route.fetch();
        await route.abort('timedout');
        return;
      }
      await route.continue();
    });
    await page.getByRole('button', { name: '结算（2304）' }).click();
    await page.getByRole('button', { name: '使用相同msgid重试' }).click();
    const settled = '住院结算 2304';
    await page.getByRole('region', { name: settled }).waitFor();
    expect(await figure(page, settled, '基金支付')).toContain('17,500.00 元');
    expect(await figure(page, settled, '个人负担')).toContain('7,500.00 元');
    expect(await figure(page, settled, '其中现金')).toContain('7,500.00 元');
    const settlements = await page.getByRole('region', { name: settled }).textContent();
    expect(settlements).toContain('起付线1000.00；10000.00×85%+10000.00×90%=17500.00');
    const log = logRows(page, '2304');
    expect(await log.count()).toBe(2);
    const [retried, first] = await log.allTextContents();
    const msgid = /H46010800012\d{18}/.exec(first ?? '')?.[0];
    expect(msgid).toBeDefined();
    expect(retried).toContain(msgid);
    expect(retried).toContain('重试·同一msgid');
    expect(first).toContain('未收到应答');
    await screenshot(page, 'hospital-settle');

    // The 结算单 in a frame with a print button, and in a window of its own.
    await page.getByRole('button', { name: '打印结算单' }).click();
    const frame = page.getByTitle('结算单').contentFrame();
    await frame.getByRole('heading', { name: '跨省异地就医住院费用结算单' }).waitFor();
    expect(await frame.locator('body').textContent()).toContain('17,500.00');
    await page.getByRole('button', { name: '打印本单' }).waitFor();
    const [slip] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: '在新窗口打开' }).click(),
    ]);
    await slip.getByRole('heading', { name: '跨省异地就医住院费用结算单' }).waitFor();
    const slipText = await slip.locator('body').textContent();
    for (const text of ['张建国', '25,000.00', '17,500.00', '7,500.00']) expect(slipText).toContain(text);
    await screenshot(slip, 'hospital-slip');
    await slip.close();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // 2305 after a confirmation: the cancel record negates the settlement, and the insured side is as before.
    await page.getByRole('button', { name: '撤销结算（2305）' }).click();
    await page.getByRole('button', { name: '确定撤销' }).click();
    const cancelled = '住院结算撤销 2305';
    await page.getByRole('region', { name: cancelled }).waitFor();
    expect(await figure(page, cancelled, '基金支付')).toContain('-17,500.00 元');
    expect(await world.readings()).toEqual(before);
    await page.getByRole('button', { name: '预结算（2303）' }).click();
    await until(async () => (await logRows(page, '2303').count()) === 2);
    expect(await figure(page, '住院预结算 2303', '基金支付')).toContain('17,500.00 元');

    // 对账: the day's settlement and its cancel net to zero on both sides.
    await page.getByRole('tab', { name: '对账' }).click();
    expect(await page.getByRole('table', { name: '本机构结算记录' }).getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: '逐笔查询核对（5203）' }).click();
    await until(
      async () =>
        !(await page.getByRole('table', { name: '本机构结算记录' }).textContent())?.includes('未核对'),
    );
    await page.getByRole('button', { name: '对总账（3201）' }).click();
    expect(await page.getByRole('status').filter({ hasText: '对账结果' }).textContent()).toContain(
      '对账结果：平',
    );
  });
});
