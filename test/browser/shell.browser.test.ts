// The web UI's frame in a real browser: served at /, in Chinese, the four areas one click away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';

const available = chromiumAvailable();

describe.skipIf(!available)('the web UI', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('serves the landing page in Chinese with the four areas, each reachable by keyboard', async () => {
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/`);
    await expect(page.getByRole('heading', { name: '跨省异地就医直接结算' }).isVisible()).resolves.toBe(true);
    for (const area of ['参保人服务', '医院工作站', '经办机构', '全国监测'])
      expect(await page.getByRole('menuitem', { name: area }).count()).toBe(1);
    await page.getByRole('link', { name: '全国监测' }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/dashboard/);
    await page.goto(`${world.baseUrl}/`);
    await screenshot(page, 'home');
  });
});
