// 全国监测 in a real browser: 老张's settlement in 海口, made through the HIS interface, shows on #/dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { admissionInput, placeOf, settleInput, standardBill } from '../support/his-world.ts';

const available = chromiumAvailable();

describe.skipIf(!available)('the national dashboard', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** 老张 admitted in 海口, the standard bill (25,000.00) uploaded and settled through the HIS interface. */
  async function settleLaozhang(): Promise<number> {
    const admitted = await world.his.ok('2401', admissionInput(), placeOf());
    const mdtrtId = admitted.result.mdtrt_id as string;
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId), placeOf());
    return settled.setlinfo.fund_pay_sumamt;
  }

  it('shows 老张’s settlement: 1 settlement, 17,500.00 元 from the fund, the 河北 → 海南 flow', async () => {
    await settleLaozhang();

    const page = await world.newPage({ height: 1000 });
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${world.baseUrl}/#/dashboard`);
    await page.getByRole('heading', { name: '全国跨省异地就医直接结算监测' }).waitFor();

    const card = (title: string) => page.getByTestId(`card-${title}`);
    await expect.poll(() => card('结算人次').textContent()).toBe('1');
    expect(await card('基金支付').textContent()).toBe('17,500.00 元');
    expect(await card('医疗费用').textContent()).toBe('25,000.00 元');
    expect(await card('人均减少垫付').textContent()).toBe('17,500.00 元');
    expect(await card('实际报销比例（住院）').textContent()).toBe('70.0%');
    expect(await card('实际报销比例（门诊）').textContent()).toBe('—');

    // The flow as text beside the map, and on the map itself (its description for screen readers).
    const row = page.getByRole('row', { name: /河北 → 海南/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('17,500.00 元');
    expect(await page.getByTestId('flow-map').getAttribute('aria-label')).toContain('河北 → 海南 1 人次');
    expect(await page.getByTestId('monthly-chart').getAttribute('aria-label')).toContain(
      '2026-05 1 人次、基金支付 17,500.00 元',
    );
    expect(await page.getByTestId('coverage-summary').textContent()).toMatch(
      /联网定点医疗机构 1 家、定点零售药店 1 家/,
    );
    for (const id of ['flow-map', 'monthly-chart', 'province-chart', 'coverage-chart'])
      expect(await page.getByTestId(id).locator('canvas').count(), id).toBeGreaterThan(0);

    // Keyboard: the refresh switch toggles with Space.
    await page.getByRole('switch', { name: '自动刷新' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('switch', { name: '自动刷新' }).getAttribute('aria-checked')).toBe('false');
    await page.keyboard.press('Space');

    // ECharts animates in; let it settle before the picture.
    await page.waitForTimeout(1_200);
    await screenshot(page, 'dashboard');

    // Keyboard: months typed into the range picker; a range without settlements shows the empty state.
    const start = page.getByPlaceholder('开始月份');
    await start.click();
    await start.fill('2025-01');
    await page.keyboard.press('Enter');
    const end = page.getByPlaceholder('结束月份');
    await end.fill('2025-02');
    await page.keyboard.press('Enter');
    await page.getByText('所选期间暂无跨省直接结算').first().waitFor();
    await expect.poll(() => card('结算人次').textContent()).toBe('0');
    // Back to the default range, by keyboard.
    await page.getByRole('button', { name: '近 12 个月' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card('结算人次').textContent()).toBe('1');

    // A second settlement shows at the next refresh, drawn into the same charts (no remount, no flicker).
    const map = await page.getByTestId('flow-map').locator('canvas').first().elementHandle();
    const second = await settleLaozhang(); // his year-to-date accumulators make this one differ
    await expect.poll(() => card('结算人次').textContent(), { timeout: 8_000 }).toBe('2');
    expect(await card('基金支付').textContent()).toBe(
      `${(17_500 + second).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`,
    );
    expect(await map!.evaluate((canvas) => canvas.isConnected)).toBe(true);
    expect(problems).toEqual([]);
  });
});
