// Filings made in the portal meet the HIS: 补办 after a refused admission, a temporary filing's off-site cut, and an
// emergency without any filing — each settled through the envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  conservationOf,
  type Patient,
  placeOf,
  settleInput,
  standardBill,
} from '../../../test/support/his-world.ts';
import {
  application,
  LIUYANG,
  type PortalWorld,
  STAFF,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';

/** 孙伟 of 石家庄, employee, never filed: the emergency patient. */
const SUNWEI: Patient & { certno: string } = {
  psn_no: '13010000000000003003',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
  certno: '130102196903043015',
};

let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld((raw) => {
    raw.persons.push({
      ...raw.persons.find((p: { psn_no: string }) => p.psn_no === WANGFANG.psn_no),
      psn_no: SUNWEI.psn_no,
      certno: SUNWEI.certno,
      psn_name: '孙伟',
      gend: '1',
      brdy: '1969-03-04',
    });
  });
});
afterAll(async () => {
  await world?.close();
});

function expectConserved(setlinfo: Record<string, number>) {
  const c = conservationOf(setlinfo);
  expect(c.parts).toBe(c.medfee);
  expect(c.paid_by_person).toBe(c.psn_part);
}

/** Admits, uploads the standard 25,000.00 bill, settles, and answers the settlement's setlinfo. */
async function settleStay(patient: Patient, mdtrtId: string) {
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId, patient) });
  const settled = await world.his.ok('2304', settleInput(mdtrtId, {}, patient), placeOf({ patient }));
  return settled.setlinfo;
}

describe('filings made online, settled at a hospital', () => {
  it('补办: an admission refused without a filing is accepted, with its original time, once the filing is made', async () => {
    const admitted = '2026-05-03 09:00:00'; // nine days before today: the bill's first fee is on 05-04
    const refused = await world.his.call(
      '2401',
      admissionInput({ patient: WANGFANG, begntime: admitted }),
      placeOf({ patient: WANGFANG }),
    );
    expect(refused.infcode).toBe(-1);
    expect(refused.err_msg).toContain('没有到460108就医的有效异地就医备案');

    const token = await world.login(WANGFANG.certno);
    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      token,
      application({ begndate: '2026-05-03' }),
    );
    expect(filed.body.status).toBe('approved');

    const accepted = await world.his.ok(
      '2401',
      admissionInput({ patient: WANGFANG, begntime: admitted }),
      placeOf({ patient: WANGFANG }),
    );
    const setlinfo = await settleStay(WANGFANG, accepted.result.mdtrt_id);
    // Long-term (13): the local ratios, as 老张's worked example — 起付线1000；10000×85%+10000×90%.
    expect(setlinfo).toMatchObject({ medfee_sumamt: 25000, fund_pay_sumamt: 17500, psn_part_amt: 7500 });
    expectConserved(setlinfo);
  });

  it('settles a temporary filing (其他临时外出) with the insured region’s off-site cut of 20 points', async () => {
    const token = await world.login(LIUYANG.certno);
    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      token,
      application({
        dcla_type: '23',
        begndate: '2026-05-01',
        proof: null,
        contact: { name: '刘洋', tel: '13900000000', addr: null },
      }),
    );
    expect(filed.body.status).toBe('submitted');
    const pending = await world.his.call(
      '2401',
      admissionInput({ patient: LIUYANG }),
      placeOf({ patient: LIUYANG }),
    );
    expect(pending.infcode).toBe(-1); // waiting for review is not yet a filing

    const reviewer = await world.staffLogin(STAFF.hebei.username);
    const approved = await world.call(
      'POST',
      `/api/console/filings/${filed.body.trt_dcla_detl_sn}/review`,
      reviewer,
      { decision: 'approve' },
    );
    expect(approved.body.status).toBe('approved');

    const admitted = await world.his.ok(
      '2401',
      admissionInput({ patient: LIUYANG }),
      placeOf({ patient: LIUYANG }),
    );
    const setlinfo = await settleStay(LIUYANG, admitted.result.mdtrt_id);
    // 石家庄 offsite 23: minus 0.20 — 10000×65%+10000×70% = 13500.00 instead of 17500.00.
    expect(setlinfo).toMatchObject({ medfee_sumamt: 25000, fund_pay_sumamt: 13500, psn_part_amt: 11500 });
    expectConserved(setlinfo);
  });

  it('settles an emergency admission of a person who never filed, as filed (22)', async () => {
    const admitted = await world.his.ok(
      '2401',
      admissionInput({ patient: SUNWEI, med_type: '24' }),
      placeOf({ patient: SUNWEI }),
    );
    const setlinfo = await settleStay(SUNWEI, admitted.result.mdtrt_id);
    // 石家庄 offsite 22: minus 0 — the local ratios.
    expect(setlinfo).toMatchObject({ medfee_sumamt: 25000, fund_pay_sumamt: 17500 });
    expectConserved(setlinfo);
  });
});
