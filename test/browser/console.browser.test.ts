// The agency console in a real browser: a clerk of 河北 logs in, approves a filing waiting for review, checks a broken
// and then a valid policy file and puts the valid one into effect, and finds a settlement of 海南's hospital.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, startUiWorld, type UiWorld } from '../support/browser.ts';
import { SMALL_DATASET_DIR } from '../support/datasets.ts';
import { admit, settleInput, standardBill } from '../support/his-world.ts';
import { application, PDF, STAFF, STAFF_PASSWORD, WANGFANG } from '../support/portal-world.ts';

const available = chromiumAvailable();
/** Each step answers within a fraction of a second; a missing element should fail fast, not after 30 s. */
const STEP_TIMEOUT_MS = 8_000;
/** A console session's life (docs/portal.md). */
const SESSION_S = 30 * 60;

/**
 * The server runs at the fixed 2026-05-12 10:30 and dates the session cookie's Expires by that clock, while the
 * browser's cookie jar keeps the wall clock (page.clock does not reach it): on a machine whose date is later the
 * cookie would arrive expired. Max-Age keeps it as a browser on the server's time would (as the portal suite does).
 */
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

/** Logs a clerk in on the console's login form. */
async function login(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

// biome-ignore lint/suspicious/noExplicitAny: a policy file is edited field by field as an agency would.
const policyFile = (): any =>
  JSON.parse(readFileSync(`${SMALL_DATASET_DIR}/policies/130100-310.json`, 'utf8'));

describe.skipIf(!available)('the agency console', () => {
  let world: UiWorld;
  let sn: string;
  let setlId: string;
  beforeAll(async () => {
    world = await startUiWorld();
    // 王芳 files a temporary filing (其他临时外出, 北京) with a certificate: it waits for the agency's review.
    const wang = await world.login(WANGFANG.certno);
    const material = await world.upload(wang, '居住证明.pdf', 'application/pdf', PDF);
    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      wang,
      application({
        dcla_type: '23',
        mdtrtarea_admdvs: '110000',
        begndate: '2026-05-20',
        proof: { kind: 'materials', material_ids: [material.body.material_id] },
      }),
    );
    expect(filed.body.status).toBe('submitted');
    sn = filed.body.trt_dcla_detl_sn;
    // 老张 is settled in 海口 (a settlement of 海南's hospital, for the 海南 clerk; 河北's sees none of its own).
    const mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    setlId = (await world.his.ok('2304', settleInput(mdtrtId))).setlinfo.setl_id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lets a clerk log in, review a filing with its materials and approve it, and check and apply a policy file', async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/console/review`);
    await login(page, STAFF.hebei.username);
    await page.getByRole('heading', { name: '备案审核' }).waitFor();
    await expect(page.getByText(`经办范围：河北省`).isVisible()).resolves.toBe(true);

    // The queue shows the filing; its drawer has the material (opening in a new tab) and the history.
    await page.getByRole('button', { name: `审核 ${sn}` }).click();
    const drawer = page.getByRole('dialog');
    const material = drawer.getByRole('link', { name: '居住证明.pdf' });
    await material.waitFor();
    expect(await material.getAttribute('href')).toMatch(
      new RegExp(`^/api/console/filings/${sn}/materials/M`),
    );
    const pdf = await page.request.get(`${world.baseUrl}${await material.getAttribute('href')}`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await expect(drawer.getByText('提交申请').isVisible()).resolves.toBe(true);
    // The drawer slides in from the right: the picture waits until it stands inside the window.
    await expect
      .poll(async () => {
        const box = await drawer.boundingBox();
        return box ? box.x + box.width : 0;
      })
      .toBeLessThanOrEqual(1280);
    await screenshot(page, 'console-review');
    await drawer.getByRole('button', { name: '同意备案' }).click();
    await drawer.getByText('已同意备案').waitFor();
    await drawer.getByText('已备案', { exact: true }).waitFor();
    const reviewed = await world.call('GET', `/api/portal/filings/${sn}`, await world.login(WANGFANG.certno));
    expect(reviewed.body).toMatchObject({ status: 'approved', reviewer: STAFF.hebei.username });
    await drawer.getByRole('button', { name: '关闭' }).click();
    await page.getByText('暂无待审核的备案').waitFor();

    // 政策文件校验: a broken band is shown with its file, path and reason, and cannot take effect.
    await page.getByRole('link', { name: '政策查询' }).click();
    await page.getByRole('heading', { name: '政策查询' }).waitFor();
    const broken = policyFile();
    broken.benefits[0].layers[0].bands.rules[1].ladder = [
      { upto: 10000, prop: 0.85 },
      { upto: 5000, prop: 0.9 },
      { upto: null, prop: 0.95 },
    ];
    broken.benefits[0].layers[0].capp = { amount: 1 };
    broken.benefits[0].layers[0].bands.rules[0].ladder[0].prop = 1.5;
    /** Chooses a file and waits until its text is in the box (the browser reads it asynchronously). */
    const choose = async (content: unknown) => {
      const text = JSON.stringify(content, null, 1);
      await page.getByLabel(/选择政策文件/).setInputFiles({
        name: '130100-310.json',
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      });
      await expect.poll(() => page.getByLabel(/政策文件内容/).inputValue()).toBe(text);
    };
    await choose(broken);
    await page.getByRole('button', { name: '校验' }).click();
    const problems = page.getByRole('list', { name: '校验问题' });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').allTextContents()).toEqual([
      'policies/130100-310.json: benefits[0].layers[0].capp: unknown field',
      'policies/130100-310.json: benefits[0].layers[0].bands.rules[0].ladder[0].prop: must be between 0 and 1',
    ]);
    expect(await page.getByRole('button', { name: '生效' }).count()).toBe(0);
    await screenshot(page, 'console-policy');
    // With the shape right, the loader's cross-checks speak: the band above 10,000.00 ends below it.
    delete broken.benefits[0].layers[0].capp;
    broken.benefits[0].layers[0].bands.rules[0].ladder[0].prop = 0.95;
    await choose(broken);
    await page.getByRole('button', { name: '校验' }).click();
    await problems
      .getByText(
        'policies/130100-310.json: benefits[0].layers[0].bands.rules[1].ladder[1].upto: must be greater than 10000',
      )
      .waitFor();

    // A valid file (a new version from May) checks clean, and only then takes effect.
    const fromMay = {
      ...policyFile(),
      begndate: '2026-05-01',
      name: '石家庄市职工基本医疗保险（2026年5月起）',
    };
    fromMay.benefits[0].layers[0].bands.rules[1].ladder[0].prop = 0.8;
    await choose([{ ...policyFile(), enddate: '2026-04-30' }, fromMay]);
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('校验通过：policies/130100-310.json，共 2 个版本').waitFor();
    await page.getByRole('button', { name: '生效' }).click();
    await page.getByRole('button', { name: '确认生效' }).click();
    await page.getByText(/policies\/130100-310\.json已生效（2个版本，替换原有1个）/).waitFor();
    const versions = page.getByRole('table').first();
    await versions.getByText('石家庄市职工基本医疗保险（2026年5月起）').waitFor();
    const stored = await world.platform.db.query<{ begndate: string }>(
      "SELECT begndate FROM node_130000.policies WHERE admdvs = '130100' ORDER BY begndate",
    );
    expect(stored.map((r) => r.begndate)).toEqual(['2026-01-01', '2026-05-01']);
    // The stored version reads as benefits, layers and bands.
    await page.getByRole('button', { name: /查看 石家庄市职工基本医疗保险（2026年5月起）/ }).click();
    await page
      .getByRole('dialog')
      .getByText(/0\.00 元至10,000\.00 元 80\.0%/)
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('lets the clerk of the treatment province find a settlement with its 结算单', async () => {
    const page = await openPage(world);
    await page.goto(`${world.baseUrl}/#/console/settlements`);
    await login(page, STAFF.hainan.username);
    await page.getByRole('heading', { name: '结算查询' }).waitFor();
    await page.getByLabel('参保地代码').fill('130000');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.getByRole('table', { name: '结算记录' }).getByRole('row', { name: /张建国/ });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await expect(rows.first().getByText('25,000.00').isVisible()).resolves.toBe(true);
    const slip = rows.first().getByRole('link', { name: `结算单 ${setlId}` });
    expect(await slip.getAttribute('href')).toBe(`/settlements/${setlId}/slip`);
    const printed = await page.request.get(`${world.baseUrl}/settlements/${setlId}/slip`);
    expect(printed.status()).toBe(200);
    await page.getByLabel('参保地代码').fill('abc');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('区划代码为6位数字').waitFor();
  });
});
