// 医疗行为监控 over the JSON API: two stays of 老张 at 海口 within 15 days (the second one above 30,000 yuan) raise a
// readmission and a high-cost alert for 海南's staff; scope and month validation; the province's stored thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  cancelInput,
  feeLine,
  HOSPITAL,
  LAOZHANG,
  placeOf,
  settleInput,
} from '../../../test/support/his-world.ts';
import {
  type PortalWorld,
  STAFF,
  STAFF_PASSWORD,
  startPortalWorld,
} from '../../../test/support/portal-world.ts';
import { hashPassword } from '../../node/passwords.ts';

const DRUG = 'XC01EBN123A001010100001';
const STENT = '003312000030000';
const CLERKS = {
  haikou: {
    username: 'reviewer-460100',
    scope_admdvs: '460100',
    name: '海口市审核员',
    roles: ['audit_officer'],
  },
  sanya: {
    username: 'reviewer-460200',
    scope_admdvs: '460200',
    name: '三亚市审核员',
    roles: ['audit_officer'],
  },
} as const;

let world: PortalWorld;
let first: { mdtrtId: string; setlId: string };
let second: { mdtrtId: string; setlId: string };

/** Admits 老张 at 海口, uploads the lines, settles and discharges; answers the mdtrt_id. */
async function stay(
  ipt: string,
  begntime: string,
  endtime: string,
  lines: [string, string, number, number, string][],
) {
  const admitted = await world.his.ok('2401', admissionInput({ begntime }, { ipt_no: ipt }), placeOf());
  const mdtrtId = admitted.result.mdtrt_id as string;
  const feedetail = lines.map(([sn, code, cnt, pric, time]) =>
    feeLine(mdtrtId, LAOZHANG, `${ipt}-${sn}`, code, cnt * pric, cnt, pric, time),
  );
  await world.his.ok('2301', { feedetail }, placeOf());
  const total = lines.reduce((sum, [, , cnt, pric]) => sum + cnt * pric, 0);
  const settled = await world.his.ok(
    '2304',
    settleInput(mdtrtId, { medfee_sumamt: total.toFixed(2) }),
    placeOf(),
  );
  await world.his.ok(
    '2402',
    {
      dscginfo: {
        mdtrt_id: mdtrtId,
        psn_no: LAOZHANG.psn_no,
        insutype: LAOZHANG.insutype,
        endtime,
        dscg_way: '1',
      },
    },
    placeOf(),
  );
  return { mdtrtId, setlId: settled.setlinfo.setl_id as string };
}

beforeAll(async () => {
  world = await startPortalWorld();
  const pwd_hash = await hashPassword(STAFF_PASSWORD);
  for (const clerk of Object.values(CLERKS))
    await world.platform.nodes.get('460000')!.portal.store.upsertStaff({ ...clerk, pwd_hash });
  first = await stay('ZY1', '2026-05-01 09:00:00', '2026-05-05 10:00:00', [
    ['1', STENT, 1, 2000, '2026-05-01 10:00:00'],
    ['2', DRUG, 100, 100, '2026-05-02 09:00:00'],
  ]);
  second = await stay('ZY2', '2026-05-10 09:00:00', '2026-05-12 10:00:00', [
    ['1', STENT, 1, 2000, '2026-05-10 10:00:00'],
    ['2', DRUG, 300, 100, '2026-05-11 09:00:00'],
  ]);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const monitoring = async (username: string, query = '?from=2026-05&to=2026-05') =>
  world.call('GET', `/api/console/monitoring${query}`, await world.staffLogin(username));

const settings = async (username: string) =>
  world.call('GET', '/api/console/monitoring/settings', await world.staffLogin(username));
const putSettings = async (username: string, doc: unknown) => {
  const response = await world.app.inject({
    method: 'PUT',
    url: '/api/console/monitoring/settings',
    headers: { authorization: `Bearer ${await world.staffLogin(username)}` },
    payload: doc as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
};
const kinds = (body: { alerts: { kind: string }[] }) => body.alerts.map((a) => a.kind);

// First, so that every test after it sees the defaults again (each one that changes them puts {} back).
describe('/api/console/monitoring/settings', () => {
  it('answers the defaults while the province has written nothing', async () => {
    const { status, body } = await settings(CLERKS.sanya.username);
    expect(status).toBe(200);
    expect(body).toEqual({
      province: '460000',
      doc: {},
      effective: {
        cost_over_norm_bp: 3_000,
        selfpaid_share_bp: 2_000,
        readmission_days: 15,
        high_cost_fen: 3_000_000,
        norm_fen: null,
      },
      updated_by: null,
      updated_at: null,
    });
  });

  it('changes the alerts by the stored thresholds, and the defaults come back with {}', async () => {
    // Day 5 is beyond a 4-day window; 32,000.00 yuan is not above 40,000.00; 22,000.00 is 120 % over a 10,000 norm;
    // 9.09 % self-paid is over 9 %.
    const put = await putSettings(STAFF.hainan.username, {
      readmission_days: 4,
      high_cost_fen: 4_000_000,
      norm_fen: 1_000_000,
      selfpaid_share_bp: 900,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      doc: { readmission_days: 4, high_cost_fen: 4_000_000, norm_fen: 1_000_000, selfpaid_share_bp: 900 },
      effective: {
        cost_over_norm_bp: 3_000,
        readmission_days: 4,
        high_cost_fen: 4_000_000,
        norm_fen: 1_000_000,
      },
      updated_by: STAFF.hainan.username,
    });
    const { body } = await monitoring(STAFF.hainan.username);
    expect(body.settings).toEqual(put.body.effective);
    expect(body.norm_cost).toBe(10_000);
    expect(kinds(body)).toEqual(['cost-over-norm', 'selfpaid-share']);
    expect(body.alerts[0].explanation).toContain('高于本省标准10000.00元120%（阈值30%，2人次）');
    expect(body.alerts[1].explanation).toContain('的9.09%，超过9%');
    // A pooling region's clerk reads the province's thresholds too.
    expect((await settings(CLERKS.haikou.username)).body.effective.readmission_days).toBe(4);

    // A threshold raised past the figures silences its alert.
    await putSettings(STAFF.hainan.username, { norm_fen: 1_000_000, cost_over_norm_bp: 12_000 });
    expect(kinds((await monitoring(STAFF.hainan.username)).body)).toEqual(['readmission', 'high-cost']);

    expect((await putSettings(STAFF.hainan.username, {})).body).toMatchObject({
      doc: {},
      effective: { readmission_days: 15, norm_fen: null },
    });
    expect(kinds((await monitoring(STAFF.hainan.username)).body)).toEqual(['readmission', 'high-cost']);
  });

  it('refuses a bad document with 422 naming the field, and changes nothing', async () => {
    const before = (await settings(STAFF.hainan.username)).body;
    const cases: [unknown, string, string][] = [
      [{ selfpaid_share_bp: 12_000 }, 'body.selfpaid_share_bp', '0–10000'],
      [{ readmission_days: 2.5 }, 'body.readmission_days', 'integer'],
      [{ high_cost_fen: '3000000' }, 'body.high_cost_fen', 'integer'],
      [{ norm_fen: 0 }, 'body.norm_fen', '1–10000000000'],
      [{ high_cost_yuan: 30_000 }, 'body.high_cost_yuan', 'unknown field'],
      [[], 'body', 'object'],
    ];
    for (const [doc, field, words] of cases) {
      const { status, body } = await putSettings(STAFF.hainan.username, doc);
      expect({ doc, status, field: body.field }).toEqual({ doc, status: 422, field });
      expect(body.code).toBe('monitoring-settings-invalid');
      expect(body.detail).toContain(words);
      expect(body.problems[0]).toBe(body.detail);
    }
    const both = await putSettings(STAFF.hainan.username, { cost_over_norm_bp: -1, readmission_days: 91 });
    expect(both.body.problems).toHaveLength(2);
    expect((await settings(STAFF.hainan.username)).body).toEqual(before);
    expect(kinds((await monitoring(STAFF.hainan.username)).body)).toEqual(['readmission', 'high-cost']);
  });

  it("lets only the province's own staff change the thresholds", async () => {
    const region = await putSettings(CLERKS.haikou.username, { readmission_days: 30 });
    expect(region.status).toBe(403);
    expect(region.body.detail).toContain('全省经办人员');
    // 河北's staff write 河北's thresholds, never 海南's.
    const hebei = await putSettings(STAFF.hebei.username, { readmission_days: 30 });
    expect(hebei.body).toMatchObject({ province: '130000', effective: { readmission_days: 30 } });
    expect((await settings(STAFF.hainan.username)).body.effective.readmission_days).toBe(15);
    expect((await world.call('GET', '/api/console/monitoring/settings')).status).toBe(401);
  });
});

describe('GET /api/console/monitoring', () => {
  it("answers 海口's figures for 河北's insured and alerts the readmission and the high-cost stay", async () => {
    const { status, body } = await monitoring(STAFF.hainan.username);
    expect(status).toBe(200);
    expect(body.province).toBe('460000');
    expect(body.institutions).toEqual([
      expect.objectContaining({
        fixmedins_code: HOSPITAL.fixmedins_code,
        insured_province: '130000',
        settlements: 2,
        inpatient_admissions: 2,
        medfee_sumamt: 44_000,
        // 先行自付 10 % of the 乙类 drug: 1,000.00 + 3,000.00.
        selfpaid_amt: 4_000,
        selfpaid_share_bp: 909,
        average_cost: 22_000,
        norm_cost: 22_000,
        over_norm_bp: 0,
      }),
    ]);
    expect(body.summary).toEqual({
      settlements: 2,
      medfee_sumamt: 44_000,
      selfpaid_amt: 4_000,
      selfpaid_share_bp: 909,
      inpatient_admissions: 2,
      average_cost: 22_000,
      alerts: 2,
      alerts_by_kind: { 'cost-over-norm': 0, 'selfpaid-share': 0, readmission: 1, 'high-cost': 1 },
    });
    expect(body.per_institution).toEqual([
      {
        fixmedins_code: HOSPITAL.fixmedins_code,
        fixmedins_name: '海口市第一人民医院',
        inpatient_admissions: 2,
        average_cost: 22_000,
        over_norm_bp: 0,
      },
    ]);
    expect(body.alerts.map((a: { kind: string; mdtrt_id: string }) => [a.kind, a.mdtrt_id])).toEqual([
      ['readmission', second.mdtrtId],
      ['high-cost', second.mdtrtId],
    ]);
    expect(body.alerts[0]).toMatchObject({
      fixmedins_code: HOSPITAL.fixmedins_code,
      insured_province: '130000',
      psn_no: LAOZHANG.psn_no,
      figures: { days: 5, previous_mdtrt_id: first.mdtrtId },
    });
    expect(body.alerts[0].explanation).toContain(
      '5天后（2026-05-10）再次入住海口市第一人民医院（15天内再入院）',
    );
    expect(body.alerts[1]).toMatchObject({ figures: { medfee_fen: 3_200_000, threshold_fen: 3_000_000 } });
    expect(body.alerts[1].explanation).toContain('一次住院医疗费用32000.00元，超过30000.00元（大额费用）');
  });

  it("shows a pooling region's clerk only its institutions, and another province's staff their own (empty) node", async () => {
    expect((await monitoring(CLERKS.haikou.username)).body.alerts).toHaveLength(2);
    const sanya = (await monitoring(CLERKS.sanya.username)).body;
    expect(sanya).toMatchObject({ province: '460000', institutions: [], alerts: [], norm_cost: 22_000 });
    expect(sanya.summary).toMatchObject({
      settlements: 0,
      average_cost: null,
      selfpaid_share_bp: null,
      alerts: 0,
    });
    const hebei = await monitoring(STAFF.hebei.username);
    expect(hebei.status).toBe(200);
    expect(hebei.body).toMatchObject({ province: '130000', institutions: [], alerts: [] });
    expect((await world.call('GET', '/api/console/monitoring?from=2026-05&to=2026-05')).status).toBe(401);
  });

  it('is silent for a month range without the stays', async () => {
    const { body } = await monitoring(STAFF.hainan.username, '?from=2026-06&to=2026-07');
    expect(body).toMatchObject({ institutions: [], alerts: [], norm_cost: null });
  });

  it('counts settlements net of a cancel (2305) in the month of the cancel', async () => {
    await world.his.ok('2305', cancelInput(first.mdtrtId, first.setlId), placeOf());
    const { body } = await monitoring(STAFF.hainan.username);
    expect(body.institutions).toEqual([
      expect.objectContaining({
        settlements: 1,
        inpatient_admissions: 1,
        medfee_sumamt: 32_000,
        selfpaid_amt: 3_000,
        average_cost: 32_000,
      }),
    ]);
  });

  it('refuses a bad month, a reversed range and more than 12 months, naming the field', async () => {
    const bad = await monitoring(STAFF.hainan.username, '?from=2026-13&to=2026-05');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('querystring.from');
    expect((await monitoring(STAFF.hainan.username, '?from=2026-05')).body.field).toBe('querystring.to');
    const reversed = await monitoring(STAFF.hainan.username, '?from=2026-05&to=2026-04');
    expect(reversed).toMatchObject({ status: 400, body: { field: 'querystring.to' } });
    const long = await monitoring(STAFF.hainan.username, '?from=2025-05&to=2026-05');
    expect(long.status).toBe(400);
    expect(long.body.detail).toContain('最多12个月');
    expect((await monitoring(STAFF.hainan.username, '?from=2025-06&to=2026-05')).status).toBe(200);
  });

  it('describes the route in /openapi.json under console, with its query and answer', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = document.paths['/api/console/monitoring'].get;
    expect(operation.tags).toEqual(['console']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual([
      'province',
      'from',
      'to',
      'settings',
      'norm_cost',
      'summary',
      'per_institution',
      'institutions',
      'alerts',
    ]);
    const put = document.paths['/api/console/monitoring/settings'].put;
    expect(put.tags).toEqual(['console']);
    expect(Object.keys(put.responses)).toContain('422');
    expect(document.paths['/api/console/monitoring/settings'].get.responses['200']).toBeDefined();
  });
});
