// The console's catalogue, policies (with a policy file checked and put into effect) and settlements, on one platform.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_DATASET_DIR } from '../../../test/support/datasets.ts';
import { admit, cancelInput, HOSPITAL, settleInput, standardBill } from '../../../test/support/his-world.ts';
import {
  type JsonAnswer,
  type PortalWorld,
  STAFF,
  startPortalWorld,
} from '../../../test/support/portal-world.ts';

let world: PortalWorld;
let hebei: string;
let tangshan: string;
let hainan: string;

beforeAll(async () => {
  world = await startPortalWorld();
  [hebei, tangshan, hainan] = await Promise.all([
    world.staffLogin(STAFF.hebei.username),
    world.staffLogin(STAFF.tangshan.username),
    world.staffLogin(STAFF.hainan.username),
  ]);
});
afterAll(async () => {
  await world?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: a policy file is edited field by field as an agency would.
type PolicyFile = any;
/** 石家庄's policy as the small dataset holds it (one version from 2026-01-01). */
const shijiazhuang = (): PolicyFile =>
  JSON.parse(readFileSync(`${SMALL_DATASET_DIR}/policies/130100-310.json`, 'utf8'));

/** PUT, which the world's JSON helper does not send. */
async function put(url: string, token: string, payload: unknown): Promise<JsonAnswer> {
  const response = await world.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.json() };
}

const storedVersions = async () =>
  world.platform.db.query<{ begndate: string; name: string }>(
    "SELECT begndate, name FROM node_130000.policies WHERE admdvs = '130100' AND insutype = '310' ORDER BY begndate",
  );

describe('policy files', () => {
  it('names the file, the JSON path and the reason of a broken band, as the loader does, and writes nothing', async () => {
    const broken = shijiazhuang();
    broken.benefits[0].layers[0].bands.rules[1].ladder = [
      { upto: 10000, prop: 0.85 },
      { upto: 5000, prop: 0.9 },
      { upto: null, prop: 0.95 },
    ];
    const before = await storedVersions();
    const checked = await world.call('POST', '/api/console/policies/validate', hebei, broken);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      ok: false,
      file: 'policies/130100-310.json',
      admdvs: '130100',
      insutype: '310',
      versions: [],
      scope: { allowed: true, detail: null },
    });
    expect(checked.body.problems).toEqual([
      'policies/130100-310.json: benefits[0].layers[0].bands.rules[1].ladder[1].upto: must be greater than 10000',
    ]);

    const refused = await put('/api/console/policies/130100/310', hebei, broken);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'policy-invalid',
      field: 'body',
      problems: checked.body.problems,
    });
    expect(await storedVersions()).toEqual(before);
  });

  it('lists every problem of a file with several, each under its version', async () => {
    const v1 = { ...shijiazhuang(), enddate: '2026-06-30' };
    const v2 = { ...shijiazhuang(), begndate: '2026-06-01', typo: 1 };
    v2.benefits[0].layers[0].bands.rules[0].ladder[0].prop = 1.5;
    const checked = await world.call('POST', '/api/console/policies/validate', hebei, [v1, v2]);
    expect(checked.body.ok).toBe(false);
    expect(checked.body.problems).toEqual([
      'policies/130100-310.json: [1].typo: unknown field',
      'policies/130100-310.json: [1].benefits[0].layers[0].bands.rules[0].ladder[0].prop: must be between 0 and 1',
    ]);

    const overlapping = await world.call('POST', '/api/console/policies/validate', hebei, [
      v1,
      { ...shijiazhuang(), begndate: '2026-06-01' },
    ]);
    expect(overlapping.body.problems).toEqual([
      'policies/130100-310.json: [1].begndate: overlaps the version at [0] of policy 130100-310',
    ]);
  });

  it('puts a valid file into effect in place of the old versions: a read and the next settlement see the new one', async () => {
    const until = { ...shijiazhuang(), enddate: '2026-04-30' };
    const fromMay = {
      ...shijiazhuang(),
      begndate: '2026-05-01',
      name: '石家庄市职工基本医疗保险（2026年5月起）',
    };
    fromMay.benefits[0].layers[0].bands.rules[1].ladder = [
      { upto: 10000, prop: 0.8 },
      { upto: null, prop: 0.9 },
    ];
    const checked = await world.call('POST', '/api/console/policies/validate', hebei, [until, fromMay]);
    expect(checked.body).toMatchObject({ ok: true, problems: [] });
    expect(checked.body.versions).toHaveLength(2);

    const applied = await put('/api/console/policies/130100/310', hebei, [until, fromMay]);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      ok: true,
      file: 'policies/130100-310.json',
      versions: [
        { begndate: '2026-01-01', enddate: '2026-04-30' },
        { begndate: '2026-05-01', enddate: null, name: fromMay.name },
      ],
      replaced: [{ begndate: '2026-01-01', enddate: null }],
    });
    expect(applied.body.detail).toContain('此后的结算按新版本计算');

    const listed = await world.call('GET', '/api/console/policies?admdvs=130100&insutype=310', hebei);
    expect(
      listed.body.items.map((v: { begndate: string; valid_today: boolean }) => [v.begndate, v.valid_today]),
    ).toEqual([
      ['2026-01-01', false],
      ['2026-05-01', true],
    ]);
    const doc = await world.call('GET', listed.body.items[1].document, hebei);
    expect(doc.body).toMatchObject({
      name: fromMay.name,
      admdvs_name: '河北省石家庄市',
      insutype_name: '职工基本医疗保险',
    });
    expect(doc.body.doc.benefits[0].layers[0].bands.rules[1].ladder[0]).toEqual({ upto: 10000, prop: 0.8 });

    // 老张's standard bill (25,000.00, 21,000.00 in scope, 起付线 1,000.00) now pays 10,000 × 80% + 10,000 × 90%.
    const mdtrtId = await admit(world.his);
    await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
    const settled = await world.his.ok('2304', settleInput(mdtrtId));
    expect(settled.setlinfo).toMatchObject({ fund_pay_sumamt: 17000, psn_part_amt: 8000 });
  });

  it('refuses a region outside the account’s pooling region, and another province’s, changing nothing', async () => {
    const before = await storedVersions();
    const file = shijiazhuang();
    const outside = await put('/api/console/policies/130100/310', tangshan, file);
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toContain('不在本账号经办范围130200内');
    const otherProvince = await put('/api/console/policies/130100/310', hainan, file);
    expect(otherProvince.status).toBe(403);
    expect(otherProvince.body.detail).toContain('不属于460000经办范围');
    expect((await put('/api/console/policies/460100/310', hebei, file)).status).toBe(403);
    expect((await put('/api/console/policies/130102/310', hebei, file)).status).toBe(400);
    expect(await storedVersions()).toEqual(before);

    const checked = await world.call('POST', '/api/console/policies/validate', tangshan, file);
    expect(checked.body).toMatchObject({ ok: true, scope: { allowed: false } });
    expect((await world.call('GET', '/api/console/policies?admdvs=130100', tangshan)).status).toBe(403);
    expect((await world.call('GET', '/api/console/policies', tangshan)).body.items).toEqual([]);
    expect((await world.call('GET', '/api/console/policies/130100/310/2026-05-01', hainan)).status).toBe(403);
    expect((await world.call('GET', '/api/console/policies/130100/310/2026-02-01', hebei)).status).toBe(404);
    expect((await world.call('GET', '/api/console/policies')).status).toBe(401);
  });
});

describe('the catalogue', () => {
  it('pages the node’s catalogue valid on a day, in code order, with yuan and decimal ratios', async () => {
    const first = await world.call('GET', '/api/console/catalogue?page_size=4', hainan);
    expect(first.body).toMatchObject({
      province: '460000',
      on: '2026-05-12',
      total: 6,
      page: 1,
      page_size: 4,
    });
    expect(first.body.items).toHaveLength(4);
    const second = await world.call('GET', '/api/console/catalogue?page_size=4&page=2', hainan);
    expect(second.body.items).toHaveLength(2);
    const codes = [...first.body.items, ...second.body.items].map(
      (i: { hilist_code: string }) => i.hilist_code,
    );
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(6);

    const bed = await world.call('GET', '/api/console/catalogue?name=床位&code=&list_type=', hainan);
    expect(bed.body.items).toEqual([
      expect.objectContaining({
        hilist_code: '001102000010000',
        chrgitm_lv_name: '甲类',
        pric_uplmt_amt: '100.00',
        selfpay_prop: 0,
        list_type_name: '医疗服务项目',
      }),
    ]);
    const classB = await world.call('GET', '/api/console/catalogue?chrgitm_lv=02&code=XC01', hainan);
    expect(classB.body.items).toEqual([expect.objectContaining({ selfpay_prop: 0.1, pric_uplmt_amt: null })]);
    expect((await world.call('GET', '/api/console/catalogue?on=2025-12-31', hainan)).body.total).toBe(0);
    expect((await world.call('GET', '/api/console/catalogue', hebei)).body.total).toBe(0);
    const typo = await world.call('GET', '/api/console/catalogue?nmae=床位', hainan);
    expect(typo.status).toBe(400);
    expect(typo.body.field).toBe('querystring.nmae');
  });
});

describe('settlements', () => {
  it('pages the settlements of the node’s hospitals newest first, with their cancels and 结算单', async () => {
    // The settlement of the policy test is cancelled and the bill settled again: one standing, one cancelled.
    const [visit] = await world.platform.db.query<{ mdtrt_id: string; setl_id: string }>(
      "SELECT mdtrt_id, setl_id FROM node_460000.settlements WHERE refd_setl_flag = '0'",
    );
    const cancel = await world.his.ok('2305', cancelInput(visit!.mdtrt_id, visit!.setl_id));
    await world.his.ok('2304', settleInput(visit!.mdtrt_id));

    const first = await world.call('GET', '/api/console/settlements?page_size=1', hainan);
    expect(first.body).toMatchObject({
      total: 2,
      page_size: 1,
      summary: { settled: 1, cancelled: 1, medfee_sumamt: '25000.00', fund_pay_sumamt: '17000.00' },
    });
    expect(first.body.items[0]).toMatchObject({
      status: 'settled',
      status_name: '已结算',
      cancel: null,
      psn_name: '张建国',
      insuplc_admdvs: '130100',
      insuplc_name: '河北省石家庄市',
      cross_province: true,
      fixmedins_code: HOSPITAL.fixmedins_code,
      fixmedins_name: HOSPITAL.fixmedins_name,
      med_type_name: '普通住院',
      medfee_sumamt: '25000.00',
      fund_pay_sumamt: '17000.00',
      psn_part_amt: '8000.00',
      hosp_part_amt: '0.00',
    });
    const second = await world.call('GET', '/api/console/settlements?page_size=1&page=2', hainan);
    expect(second.body.items[0]).toMatchObject({
      setl_id: visit!.setl_id,
      status: 'cancelled',
      cancel: { setl_id: cancel.setlinfo.setl_id, slip: `/settlements/${cancel.setlinfo.setl_id}/slip` },
    });
    const slip = await world.app.inject({ method: 'GET', url: second.body.items[0].slip });
    expect(slip.statusCode).toBe(200);
    expect(slip.body).toContain('张建国');

    const filtered = async (q: string) =>
      (await world.call('GET', `/api/console/settlements?${q}`, hainan)).body.total;
    expect(await filtered('status=cancelled')).toBe(1);
    expect(await filtered('insuplc_admdvs=130000&med_type=21')).toBe(2);
    expect(await filtered('insuplc_admdvs=110000')).toBe(0);
    expect(await filtered(`from=2026-05-12&to=2026-05-12&fixmedins_code=${HOSPITAL.fixmedins_code}`)).toBe(2);
    expect(await filtered('from=2026-05-13')).toBe(0);
    expect(
      (await world.call('GET', '/api/console/settlements?from=2026-05-13&to=2026-05-12', hainan)).status,
    ).toBe(400);
    // 河北's hospitals settled nothing: the treatment side is the node of the hospital's province.
    expect((await world.call('GET', '/api/console/settlements', hebei)).body.total).toBe(0);
  });
});

describe('the counter', () => {
  it('finds a person in scope with the filing texts of their region, and refuses one outside it', async () => {
    const found = await world.call('GET', '/api/console/filing-notice?certno=130102198506153025', hebei);
    expect(found.body).toMatchObject({
      person: { psn_name: '王芳', insuplc_admdvs: '130100', insutypes: [{ insutype: '310' }] },
      notice_version: 'GJ-2024-01',
      commitment_version: 'GJ-CN-2024-01',
    });
    expect(
      (await world.call('GET', '/api/console/filing-notice?certno=130102198506153025', tangshan)).status,
    ).toBe(403);
    const me = await world.call('GET', '/api/console/me', tangshan);
    expect(me.body).toMatchObject({
      scope_admdvs: '130200',
      scope_name: '河北省唐山市',
      regions: [{ admdvs: '130200' }],
    });
  });
});
