// The treatment node's grouping for national statistics, on records written through the TreatmentStore itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset } from '../../test/support/datasets.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import { loadDataset, type Platform, startPlatform } from '../platform.ts';
import { SettlementStatsStore } from './settlement-stats-store.ts';
import { type SettlementRecord, TreatmentStore, type VisitRecord } from './treatment-store.ts';

const HOSPITAL = 'H46010800012';
let platform: Platform;
let treatment: TreatmentStore;
let stats: SettlementStatsStore;
let serial = 0;

beforeAll(async () => {
  platform = await startPlatform({
    memory: true,
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  await loadDataset(platform.db, smallDataset());
  treatment = new TreatmentStore(platform.db, '460000');
  stats = new SettlementStatsStore(platform.db, '460000');
});
afterAll(async () => {
  await platform?.close();
});

/** A visit and its settlement of `medfee` fen (70 % from the fund, the rest in cash), made at `time`. */
async function settle(insuplc: string, medType: string, time: string, medfee: number): Promise<string> {
  const n = ++serial;
  const visit: VisitRecord = {
    mdtrt_id: `46${String(n).padStart(10, '0')}`,
    fixmedins_code: HOSPITAL,
    psn_no: `P${n}`,
    insutype: '310',
    insuplc_admdvs: insuplc,
    inpatient: medType.startsWith('2'),
    med_type: medType,
    begntime: time,
    endtime: null,
    dise_codg: null,
    ipt_otp_no: null,
    trt_dcla_detl_sn: null,
    person: {},
    info: {},
    status: 'open',
    msgid: `visit-${n}`,
  };
  await treatment.insertVisit(visit);
  const fund = Math.round(medfee * 0.7);
  const record = settlement(visit, `S${n}`, time, '0', medfee, fund);
  await treatment.recordSettlement(record, []);
  return record.setl_id;
}

function settlement(
  visit: VisitRecord,
  setlId: string,
  time: string,
  flag: '0' | '1',
  medfee: number,
  fund: number,
  initSetlId: string | null = null,
): SettlementRecord {
  return {
    setl_id: setlId,
    mdtrt_id: visit.mdtrt_id,
    chrg_bchno: null,
    fixmedins_code: HOSPITAL,
    psn_no: visit.psn_no,
    insutype: '310',
    insuplc_admdvs: visit.insuplc_admdvs,
    med_type: visit.med_type,
    clr_type: visit.med_type,
    setl_time: time,
    refd_setl_flag: flag,
    init_setl_id: initSetlId,
    cancelled_by: null,
    msgid: `${setlId}-msg`,
    decision_key: `${HOSPITAL}:${setlId}`,
    medfee_sumamt_fen: medfee,
    fund_pay_sumamt_fen: fund,
    psn_part_amt_fen: medfee - fund,
    hosp_part_amt_fen: 0,
    acct_pay_fen: 0,
    psn_cash_pay_fen: medfee - fund,
    setlinfo: {},
    setldetail: [],
  };
}

async function cancel(setlId: string, time: string): Promise<void> {
  const original = (await treatment.settlement(setlId))!;
  const visit = (await treatment.visit(original.mdtrt_id))!;
  await treatment.recordCancel(
    settlement(
      visit,
      `C${setlId}`,
      time,
      '1',
      -original.medfee_sumamt_fen,
      -original.fund_pay_sumamt_fen,
      setlId,
    ),
  );
}

describe('cross-province groups of a treatment node', () => {
  it('groups by month, insured region and 医疗类别, net of cancels in their own month, without local patients', async () => {
    await settle('130100', '21', '2025-01-31 23:59:59', 2_500_000);
    const cancelled = await settle('130100', '21', '2025-01-15 10:00:00', 1_000_000);
    await cancel(cancelled, '2025-02-01 00:00:00');
    await settle('130200', '11', '2025-02-10 09:00:00', 20_000);
    await settle('460100', '21', '2025-02-10 09:00:00', 3_000_000); // a 海口 patient in 海口: local
    await settle('130100', '21', '2025-04-01 00:00:00', 500_000); // after the range

    const groups = await stats.crossProvinceGroups('2025-01', '2025-03');
    expect(groups).toEqual([
      {
        month: '2025-01',
        insuplc_admdvs: '130100',
        med_type: '21',
        settlements: 2,
        medfee_fen: 3_500_000,
        fund_pay_fen: 2_450_000,
        psn_part_fen: 1_050_000,
        acct_pay_fen: 0,
        psn_cash_fen: 1_050_000,
      },
      {
        month: '2025-02',
        insuplc_admdvs: '130100',
        med_type: '21',
        settlements: -1,
        medfee_fen: -1_000_000,
        fund_pay_fen: -700_000,
        psn_part_fen: -300_000,
        acct_pay_fen: 0,
        psn_cash_fen: -300_000,
      },
      {
        month: '2025-02',
        insuplc_admdvs: '130200',
        med_type: '11',
        settlements: 1,
        medfee_fen: 20_000,
        fund_pay_fen: 14_000,
        psn_part_fen: 6_000,
        acct_pay_fen: 0,
        psn_cash_fen: 6_000,
      },
    ]);
    expect(await stats.crossProvinceGroups('2025-04', '2025-04')).toHaveLength(1);
    expect(await stats.crossProvinceGroups('2024-01', '2024-12')).toEqual([]);
  });
});
