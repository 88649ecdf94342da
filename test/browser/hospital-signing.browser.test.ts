// 医院工作站 signs its messages with HMAC-SM3 (docs/SECURITY.md): once the agency has registered a key, 9001 is
// refused unsigned, and goes through once the secret is entered on the sign-in screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutionKeyStore } from '../../src/store/institution-key-store.ts';
import { chromiumAvailable, startUiWorld, type UiWorld } from '../support/browser.ts';
import { HOSPITAL } from '../support/his-world.ts';

const available = chromiumAvailable();
const SECRET = 'workstation-secret-2026';

async function chooseHospital(page: Page): Promise<void> {
  const province = page.getByLabel('省份');
  await province.click();
  await province.fill('海南');
  await page.keyboard.press('Enter');
  await page.getByLabel('机构名称').fill('第一人民');
  await page.getByRole('button', { name: '查询机构' }).click();
  await page.getByRole('button', { name: '选择 海口市第一人民医院' }).click();
}

describe.skipIf(!available)('医院工作站的报文签名', () => {
  let world: UiWorld;
  beforeAll(async () => {
    world = await startUiWorld();
    await institutionKeyStore(world.platform.db, '460000').setKeys(
      HOSPITAL.fixmedins_code,
      { sign_pubkey: null, sign_secret: SECRET },
      'test',
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is refused unsigned, and signs in with the secret entered on the sign-in screen', async () => {
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/#/hospital`);
    await chooseHospital(page);
    await page.getByRole('button', { name: '签到（9001）' }).click();
    await page.getByText('cainfo：该机构已登记签名密钥，报文须签名').first().waitFor();

    await page.getByLabel('签名密钥').fill(SECRET);
    await page.getByRole('button', { name: '使用此密钥' }).click();
    await page.getByText('已设置密钥，报文均签名').waitFor();
    await page.getByRole('button', { name: '签到（9001）' }).click();
    await page.getByRole('button', { name: '去读卡' }).waitFor();
    expect(await page.getByText(/^\d{30}$/).count()).toBeGreaterThan(0);
  });
});
