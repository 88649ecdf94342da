// 智能审核 at the HIS edge (2301): a refusing hit refuses the upload whole, warnings and review hits come back in
// result[].memo, review hits are listed by the console, and the province's settings switch rules at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutable } from '../../../test/support/datasets.ts';
import { admit, feeLine, LAOZHANG, placeOf } from '../../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';

const CONSULTATION = '001101000010000';
const GYNAECOLOGY = '250310001';
const BED = '001102000010000';
const CT = '002703000010000';

/** A once-a-day 诊察费 and an item for women only, added to 海南's catalogue as a province would write them. */
function withRestrictions(raw: Mutable): void {
  const base = {
    list_type: '201',
    chrgitm_lv: '01',
    selfpay_prop: 0,
    lmt_used_flag: '0',
    begndate: '2026-01-01',
  };
  raw.catalogues['460000'].push(
    {
      ...base,
      hilist_code: CONSULTATION,
      hilist_name: '住院诊察费',
      med_chrgitm_type: '02',
      enddate: null,
      daily_once: true,
    },
    {
      ...base,
      hilist_code: GYNAECOLOGY,
      hilist_name: '某妇科检查',
      med_chrgitm_type: '04',
      enddate: null,
      gend_lmt: '2',
    },
  );
}

let world: PortalWorld;
let token: string;

beforeAll(async () => {
  world = await startPortalWorld(withRestrictions);
  token = await world.staffLogin(STAFF.hainan.username);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const putSettings = async (doc: unknown) => {
  const response = await world.app.inject({
    method: 'PUT',
    url: '/api/console/audit/settings',
    headers: { authorization: `Bearer ${token}` },
    payload: doc as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
};
const hits = async (query = '') => (await world.call('GET', `/api/console/audit/hits${query}`, token)).body;

const line = (mdtrtId: string, sn: string, code: string, cnt: number, pric: number, time: string) =>
  feeLine(mdtrtId, LAOZHANG, sn, code, cnt * pric, cnt, pric, time);

describe('2301 with the national audit settings', () => {
  it('refuses a once-a-day item charged twice on one day, naming the line’s cnt, and stores nothing', async () => {
    const mdtrtId = await admit(world.his);
    const before = await world.stored();
    const answer = await world.his.call('2301', {
      feedetail: [
        line(mdtrtId, 'D1', CONSULTATION, 1, 20, '2026-05-10 08:00:00'),
        line(mdtrtId, 'D2', CONSULTATION, 1, 20, '2026-05-10 16:00:00'),
      ],
    });
    expect(answer.infcode).toBe(-1);
    expect(answer.err_msg).toBe(
      'input.feedetail[1].cnt：住院诊察费在2026-05-10收费2次，每日限1次（审核规则daily-repeat）',
    );
    expect(await world.stored()).toEqual(before);

    // A charge of the day uploaded earlier counts too.
    await world.his.ok('2301', {
      feedetail: [line(mdtrtId, 'D3', CONSULTATION, 1, 20, '2026-05-10 08:00:00')],
    });
    const again = await world.his.call('2301', {
      feedetail: [line(mdtrtId, 'D4', CONSULTATION, 1, 20, '2026-05-10 16:00:00')],
    });
    expect(again.err_msg).toMatch(/^input\.feedetail\[0\]\.cnt：住院诊察费在2026-05-10收费2次/);
  });

  it('answers a price over the catalogue cap with a warning in result[].memo, the engine’s text first', async () => {
    const mdtrtId = await admit(world.his);
    const output = await world.his.ok('2301', {
      feedetail: [
        line(mdtrtId, 'P1', CT, 1, 300, '2026-05-05 09:00:00'),
        line(mdtrtId, 'P2', CT, 1, 280, '2026-05-05 10:00:00'),
      ],
    });
    const [over, atCap] = output.result as { memo: string | null }[];
    const warning = 'CT平扫单价300.00元超过目录限价280.00元';
    expect(over!.memo).toBe(`单价超过限价280.00，超限价20.00；乙类先行自付10%；${warning}`);
    expect(atCap!.memo ?? '').not.toContain('超过目录限价');
  });

  it('stores bed-days beyond the stay as a review hit, says so in memo and lists it in the console', async () => {
    const mdtrtId = await admit(world.his, { begntime: '2026-05-10 09:00:00' });
    const output = await world.his.ok('2301', {
      feedetail: [line(mdtrtId, 'B1', BED, 5, 100, '2026-05-11 08:00:00')],
    });
    const explanation = '床位费(三人间)累计5天超过住院天数2天（2026-05-10至2026-05-12）';
    expect((output.result as { memo: string }[])[0]!.memo).toContain(`${explanation}（已转人工复核）`);
    const listed = await hits('?severity=review');
    expect(listed.province).toBe('460000');
    expect(listed.items[0]).toMatchObject({
      rule: 'bed-days-over-stay',
      severity: 'review',
      mdtrt_id: mdtrtId,
      fixmedins_code: 'H46010800012',
      insuplc_admdvs: '130100',
      line_index: 0,
      feedetl_sn: 'B1',
      explanation,
    });
  });

  it('flags an item for women billed to 老张: the catalogue’s gend_lmt survives loading', async () => {
    const mdtrtId = await admit(world.his);
    const output = await world.his.ok('2301', {
      feedetail: [line(mdtrtId, 'G1', GYNAECOLOGY, 1, 50, '2026-05-06 09:00:00')],
    });
    expect((output.result as { memo: string }[])[0]!.memo).toContain('某妇科检查限女性使用，患者性别为男');
    expect((await hits('?limit=1')).items[0]).toMatchObject({ rule: 'gender-restricted', feedetl_sn: 'G1' });
  });

  it('answers a retried upload (lost answer) with the same result rows, memo included, and no second hit', async () => {
    const mdtrtId = await admit(world.his, { begntime: '2026-05-11 09:00:00' });
    const envelope = world.his.envelope('2301', {
      feedetail: [line(mdtrtId, 'R1', BED, 4, 100, '2026-05-11 10:00:00')],
    });
    const first = await world.his.send(envelope);
    const count = (await hits('?limit=1000')).items.length;
    const retried = await world.his.send(envelope);
    expect(first.infcode).toBe(0);
    expect(retried.output).toEqual(first.output);
    expect((first.output.result as { memo: string }[])[0]!.memo).toContain('（已转人工复核）');
    expect((await hits('?limit=1000')).items.length).toBe(count);
  });
});

describe('2204 with the national audit settings', () => {
  it('answers a CT over the price cap with the warning in result[].memo', async () => {
    const registered = await world.his.ok(
      '2201',
      {
        data: {
          psn_no: LAOZHANG.psn_no,
          insutype: LAOZHANG.insutype,
          begntime: '2026-05-12 08:00:00',
          mdtrt_cert_type: '02',
          mdtrt_cert_no: LAOZHANG.psn_no,
          ipt_otp_no: 'MZ2026051299',
          atddr_no: 'D123',
          dr_name: '李医生',
          dept_code: 'A03',
          dept_name: '心内科',
          caty: 'A03',
        },
      },
      placeOf(),
    );
    const mdtrtId = registered.data.mdtrt_id as string;
    const output = await world.his.ok('2204', {
      feedetail: [
        feeLine(mdtrtId, LAOZHANG, 'O1', CT, 300, 1, 300, '2026-05-12 09:00:00', {
          chrg_bchno: 'B1',
          med_type: '11',
        }),
      ],
    });
    expect((output.result as { memo: string }[])[0]!.memo).toContain(
      'CT平扫单价300.00元超过目录限价280.00元',
    );
  });
});

describe('the province’s audit settings', () => {
  it('lets the double charge through once daily-repeat is switched off, at once', async () => {
    const mdtrtId = await admit(world.his);
    const bill = () => ({
      feedetail: [
        line(mdtrtId, 'S1', CONSULTATION, 1, 20, '2026-05-10 08:00:00'),
        line(mdtrtId, 'S2', CONSULTATION, 1, 20, '2026-05-10 16:00:00'),
      ],
    });
    expect((await world.his.call('2301', bill())).infcode).toBe(-1);
    const put = await putSettings({ rules: { 'daily-repeat': { enabled: false } } });
    expect(put.status).toBe(200);
    expect(put.body.effective['daily-repeat'].enabled).toBe(false);
    const read = await world.call('GET', '/api/console/audit/settings', token);
    expect(read.body).toMatchObject({
      province: '460000',
      doc: { rules: { 'daily-repeat': { enabled: false } } },
      updated_by: STAFF.hainan.username,
    });
    expect(read.body.effective['price-over-cap']).toEqual({
      enabled: true,
      severity: 'warning',
      params: { tolerance_bp: 0 },
    });
    const output = await world.his.ok('2301', bill());
    expect(output.result).toHaveLength(2);
    expect((await putSettings({})).status).toBe(200);
  });

  it('refuses a bad settings document with 422 naming the field, and keeps the settings', async () => {
    const before = (await world.call('GET', '/api/console/audit/settings', token)).body;
    const bad = await putSettings({ rules: { 'daily-repeat': { severity: 'block' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('audit-settings-invalid');
    expect(bad.body.field).toBe('body.rules["daily-repeat"].severity');
    expect(bad.body.detail).toMatch(/^body\.rules\["daily-repeat"\]\.severity：/);
    const unknown = await putSettings({ rules: { 'price-cap': {} } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.field).toBe('body.rules["price-cap"]');
    expect((await world.call('GET', '/api/console/audit/settings', token)).body).toEqual(before);
  });

  it('asks for a login and leaves changes to the province’s own staff', async () => {
    expect((await world.call('GET', '/api/console/audit/hits')).status).toBe(401);
    const hebei = await world.staffLogin(STAFF.tangshan.username);
    const put = await world.app.inject({
      method: 'PUT',
      url: '/api/console/audit/settings',
      headers: { authorization: `Bearer ${hebei}` },
      payload: {},
    });
    expect(put.statusCode).toBe(403);
  });
});
