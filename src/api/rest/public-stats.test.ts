// 全国监测 (GET /api/public/stats) on 老张's story: his settlement in 海口 counted, its cancel netted out, coverage counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  cancelInput,
  type HisWorld,
  placeOf,
  settleInput,
  standardBill,
  startHisWorld,
  withSecondHospital,
} from '../../../test/support/his-world.ts';
import { countyUnitsOf } from '../../core/stats/coverage.ts';

let world: HisWorld;

/** Besides 海口市第一人民医院 (美兰区) and a 海口 pharmacy: 海南省人民医院 (秀英区), 儋州 and 石家庄 hospitals. */
beforeAll(async () => {
  world = await startHisWorld({
    adjust: (raw) => {
      withSecondHospital(raw);
      raw.institutions.push(
        {
          fixmedins_code: 'H46040000003',
          fixmedins_name: '儋州市人民医院',
          fixmedins_type: '1',
          hosp_lv: '2',
          admdvs: '460400',
          services: { inpatient: true, outpatient: true },
        },
        {
          fixmedins_code: 'H46010800099',
          fixmedins_name: '海口市美兰区某医院',
          fixmedins_type: '1',
          hosp_lv: '1',
          admdvs: '460108',
          services: { inpatient: true, outpatient: true },
        },
        {
          fixmedins_code: 'H13010200001',
          fixmedins_name: '石家庄市第一医院',
          fixmedins_type: '1',
          hosp_lv: '3',
          admdvs: '130102',
          services: { inpatient: true, outpatient: true },
        },
      );
    },
  });
});
afterAll(async () => {
  await world?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions.
async function stats(query = ''): Promise<{ status: number; body: any }> {
  const response = await world.app.inject({ method: 'GET', url: `/api/public/stats${query}` });
  return { status: response.statusCode, body: response.json() };
}

const province = (
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  body: any,
  code: string,
) => body.provinces.find((p: { province: string }) => p.province === code);

/** Admits 老张 in 海口, uploads the standard bill (25,000.00) and settles it; answers mdtrt_id and setl_id. */
async function settleLaozhang(mdtrtId?: string): Promise<{ mdtrtId: string; setlId: string }> {
  const his = world.his;
  const visit = mdtrtId ?? (await his.ok('2401', admissionInput(), placeOf())).result.mdtrt_id;
  if (!mdtrtId) await his.ok('2301', { feedetail: standardBill(visit) });
  const settled = await his.ok('2304', settleInput(visit), placeOf());
  expect(settled.setlinfo).toMatchObject({ medfee_sumamt: 25000, fund_pay_sumamt: 17500 });
  return { mdtrtId: visit, setlId: settled.setlinfo.setl_id };
}

describe('national statistics', () => {
  it('answers an empty year before anything is settled, for the twelve months up to now', async () => {
    const { status, body } = await stats();
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2025-06', to: '2026-05', generated_at: '2026-05-12 10:30:00' });
    expect(body.nodes).toEqual({ asked: 2, answered: 2, missing: [] });
    expect(body.months).toHaveLength(12);
    expect(body.totals).toMatchObject({
      settlements: 0,
      fund_pay_sumamt: '0.00',
      advance_avoided_per_settlement: null,
      reimbursement_ratio: null,
    });
    expect(body.flows).toEqual([]);
    expect(body.provinces).toHaveLength(31);
  });

  it('counts 老张’s settlement: totals equal the settlement, a 河北 → 海南 flow', async () => {
    const { mdtrtId, setlId } = await settleLaozhang();
    const { body } = await stats('?from=2026-05&to=2026-05');
    const laozhang = {
      settlements: 1,
      medfee_sumamt: '25000.00',
      fund_pay_sumamt: '17500.00',
      psn_part_amt: '7500.00',
      acct_pay: '0.00',
      psn_cash_pay: '7500.00',
      advance_avoided_per_settlement: '17500.00',
      reimbursement_ratio: 0.7,
    };
    expect(body.totals).toMatchObject({
      ...laozhang,
      inpatient: laozhang,
      outpatient: { settlements: 0, fund_pay_sumamt: '0.00', reimbursement_ratio: null },
    });
    expect(body.months).toEqual([expect.objectContaining({ month: '2026-05', ...laozhang })]);
    expect(province(body, '460000').as_treatment).toEqual(laozhang);
    expect(province(body, '460000').as_insured.settlements).toBe(0);
    expect(province(body, '130000').as_insured).toEqual(laozhang);
    expect(body.flows).toEqual([
      {
        insured_province: '130000',
        insured_name: '河北省',
        treatment_province: '460000',
        treatment_name: '海南省',
        settlements: 1,
        fund_pay_sumamt: '17500.00',
      },
    ]);

    // The cancel (2305) nets it out in its month; a new settlement of the visit counts once.
    await world.his.ok('2305', cancelInput(mdtrtId, setlId));
    const cancelled = (await stats('?from=2026-05&to=2026-05')).body;
    expect(cancelled.totals).toMatchObject({
      settlements: 0,
      medfee_sumamt: '0.00',
      fund_pay_sumamt: '0.00',
      psn_cash_pay: '0.00',
      reimbursement_ratio: null,
    });
    expect(cancelled.flows).toEqual([]);
    await settleLaozhang(mdtrtId);
    expect((await stats()).body.totals).toMatchObject(laozhang);
  });

  it('counts networked institutions and the counties with a networked hospital', async () => {
    const { body } = await stats();
    const hainanUnits = countyUnitsOf('460000').length;
    expect(province(body, '460000').coverage).toEqual({
      hospitals: 4,
      pharmacies: 1,
      counties: hainanUnits,
      // 美兰区 (two hospitals), 秀英区 and 儋州
      counties_with_hospital: 3,
      county_share: Math.round((3 * 10_000) / hainanUnits) / 10_000,
    });
    expect(province(body, '130000').coverage).toMatchObject({ hospitals: 1, counties_with_hospital: 1 });
    expect(province(body, '110000').coverage).toMatchObject({ hospitals: 0, county_share: 0 });
    expect(body.coverage).toMatchObject({ hospitals: 5, pharmacies: 1, counties_with_hospital: 4 });
    expect(body.coverage.counties).toBeGreaterThan(2800);
  });

  it('refuses a bad range as problem+json and changes nothing', async () => {
    for (const [query, field] of [
      ['?from=2026-13', 'querystring.from'],
      ['?from=2026-06&to=2026-05', 'querystring.from'],
      ['?from=2023-01&to=2026-05', 'querystring.from'],
      ['?form=2026-01', 'querystring.form'],
    ] as const) {
      const { status, body } = await stats(query);
      expect(status, query).toBe(400);
      expect(body, query).toMatchObject({ code: 'invalid-input', field });
    }
    expect((await stats('?from=&to=')).status).toBe(200);
  });

  it('is in the OpenAPI document, with its two months', async () => {
    const doc = (await world.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const route = doc.paths['/api/public/stats']?.get;
    expect(route?.tags).toEqual(['public']);
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to']);
    expect(Object.keys(route.responses)).toEqual(['200', '400']);
  });

  it('says which node did not answer instead of leaving its hospitals out silently', async () => {
    await world.platform.nodes.get('460000')!.stop();
    const { status, body } = await stats();
    expect(status).toBe(200);
    expect(body.nodes).toMatchObject({ asked: 2, answered: 1, missing: [{ province: '460000' }] });
    expect(body.totals.settlements).toBe(0);
  });
});
