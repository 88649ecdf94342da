// 我的结算: a person's settlements, found from their insured node's decisions and read from the treatment nodes.
import { parseYuan } from '../core/money.ts';
import { provinceOf } from '../core/regions.ts';
import { type DecisionReference, PersonDecisionStore } from '../store/person-records-store.ts';
import type { SettlementRecord } from '../store/treatment-store.ts';
import {
  askTreatmentNode,
  type NamedFeeLine,
  type RecordsPlatform,
  type TreatmentRecords,
} from './treatment-records.ts';

/** Who asks: the person and their insured province (whose node holds their decisions). */
export interface RecordsOwner {
  readonly psn_no: string;
  readonly province: string;
}

/** One settlement as the person reads it (amounts in fen). */
export interface PersonSettlement {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  /** A settlement, or the record of a settlement's cancel (退费, amounts negated). */
  readonly kind: 'settlement' | 'cancel';
  readonly status: 'settled' | 'cancelled';
  /** On a settlement: its cancel record; on a cancel record: the settlement it undoes. */
  readonly counterpart: { readonly setl_id: string; readonly setl_time: string } | null;
  readonly cross_province: boolean;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  /** The institution's region (its province's node advanced the money). */
  readonly treatment_admdvs: string;
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly med_type: string;
  readonly inpatient: boolean;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly setl_time: string;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
  readonly hosp_part_fen: number;
  /**
   * 减少垫付: what the person did not have to pay up front and claim back at home, i.e. the funds' share of a
   * settlement that stands. A cancelled settlement avoided nothing (the hospital settles the bill again).
   */
  readonly advance_avoided_fen: number;
}

/** 基金支付 of one layer, with the explanation the engine wrote for it (setl_proc_info). */
export interface FundLayer {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  /** The amount the layer worked on (its basis). */
  readonly basis_fen: number;
  /** The cap room before this settlement (for a layer without a cap, its payment). */
  readonly limit_fen: number;
  readonly paid_fen: number;
  readonly explanation: string;
}

/** 异地就医费用明细: the record with the catalogue's split, its lines, the insured side's layers, and its sums. */
export interface SettlementDetail {
  readonly settlement: PersonSettlement;
  /** 就医地目录: 全自费, 超限价, 先行自付, 符合范围 of the whole bill. */
  readonly catalogue: {
    readonly fulamt_ownpay_fen: number;
    readonly overlmt_fen: number;
    readonly preselfpay_fen: number;
    readonly inscp_fen: number;
  };
  /** 参保地待遇: the deductible met by this bill, the basic fund's ratio (0.85), the account after it. */
  readonly deductible_fen: number;
  readonly pool_prop: number | null;
  readonly balance_after_fen: number | null;
  readonly funds: readonly FundLayer[];
  readonly lines: readonly NamedFeeLine[];
  readonly conservation: readonly ConservationCheck[];
}

/** One conservation rule of DESIGN.md checked on a record: `total_fen` must equal the sum of `parts_fen`. */
export interface ConservationCheck {
  readonly rule: 'medfee' | 'psn_part' | 'catalogue' | 'lines';
  readonly total_fen: number;
  readonly parts_fen: readonly number[];
  readonly holds: boolean;
}

/** The person's settlements (and cancelled ones) of a year or of every year, newest first. */
export async function settlementsOf(
  platform: RecordsPlatform,
  owner: RecordsOwner,
  year?: number,
): Promise<PersonSettlement[]> {
  const decisions = await new PersonDecisionStore(platform.db, owner.province).decisionsOf(
    owner.psn_no,
    year,
  );
  const byProvince = new Map<string, DecisionReference[]>();
  for (const d of decisions) {
    const province = provinceOf(d.treatment_admdvs);
    byProvince.set(province, [...(byProvince.get(province) ?? []), d]);
  }
  const answers = await Promise.all(
    [...byProvince].map(async ([province, ofProvince]) => {
      const records = await askTreatmentNode(platform, province, {
        kind: 'decisions',
        psn_no: owner.psn_no,
        decisions: ofProvince.map(({ mdtrt_id, decision_key }) => ({ mdtrt_id, decision_key })),
      });
      const placeOf = new Map(ofProvince.map((d) => [d.decision_key, d.treatment_admdvs]));
      return records.settlements
        .filter((s) => s.refd_setl_flag === '0')
        .map((s) => personSettlement(s, records, placeOf.get(s.decision_key)!));
    }),
  );
  return answers.flat().sort(newestFirst);
}

/**
 * One settlement or cancel record of the person, with its lines; undefined when it is not theirs. Both sides must
 * agree: the treatment node answers only records of the person named, and the person's insured node must hold the
 * decision the record was made under (the owner's own province knows every decision made for them).
 */
export async function settlementDetailOf(
  platform: RecordsPlatform,
  owner: RecordsOwner,
  setlId: string,
): Promise<SettlementDetail | undefined> {
  const records = await askTreatmentNode(platform, `${setlId.slice(0, 2)}0000`, {
    kind: 'settlement',
    psn_no: owner.psn_no,
    setl_id: setlId,
  });
  const asked = records.settlements.find((s) => s.setl_id === setlId);
  if (!asked || provinceOf(asked.insuplc_admdvs) !== owner.province) return undefined;
  const decision = await new PersonDecisionStore(platform.db, owner.province).decisionOf(
    owner.psn_no,
    asked.decision_key,
  );
  if (!decision) return undefined;
  const settlement = personSettlement(asked, records, decision.treatment_admdvs);
  const info = asked.setlinfo;
  const catalogue = {
    fulamt_ownpay_fen: fenOf(info.fulamt_ownpay_amt),
    overlmt_fen: fenOf(info.overlmt_selfpay),
    preselfpay_fen: fenOf(info.preselfpay_amt),
    inscp_fen: fenOf(info.inscp_scp_amt),
  };
  return {
    settlement,
    catalogue,
    deductible_fen: fenOf(info.act_pay_dedc),
    pool_prop: typeof info.pool_prop_selfpay === 'number' ? info.pool_prop_selfpay : null,
    balance_after_fen: info.balc === undefined || info.balc === null ? null : fenOf(info.balc),
    funds: asked.setldetail.map((d) => ({
      fund_pay_type: String(d.fund_pay_type ?? ''),
      fund_pay_type_name: String(d.fund_pay_type_name ?? ''),
      basis_fen: fenOf(d.inscp_scp_amt),
      limit_fen: fenOf(d.crt_payb_lmt_amt),
      paid_fen: fenOf(d.fund_payamt),
      explanation: String(d.setl_proc_info ?? ''),
    })),
    lines: records.lines,
    conservation: conservationOf(settlement, Object.values(catalogue), records.lines),
  };
}

/** A yuan amount of the national shapes (as the settlement stored them, at most 2 decimals) to fen, exactly. */
function fenOf(value: unknown): number {
  const parsed = parseYuan(value ?? 0);
  if (!parsed.ok) throw new RangeError(`a stored amount is not yuan with two decimals: ${String(value)}`);
  return parsed.value;
}

/**
 * The sums a person can check on their own bill: the funds, their share and the hospital's make the total; account
 * and cash make their share; the catalogue's four parts make the total; and so do the lines, when they are shown.
 * `catalogue` holds the four parts (全自费, 超限价, 先行自付, 符合范围) as the settlement recorded them.
 */
export function conservationOf(
  s: PersonSettlement,
  catalogue: readonly number[],
  lines: readonly NamedFeeLine[],
): ConservationCheck[] {
  const check = (rule: ConservationCheck['rule'], total: number, parts: readonly number[]) => ({
    rule,
    total_fen: total,
    parts_fen: parts,
    holds: parts.reduce((a, b) => a + b, 0) === total,
  });
  return [
    check('medfee', s.medfee_fen, [s.fund_pay_fen, s.psn_part_fen, s.hosp_part_fen]),
    check('psn_part', s.psn_part_fen, [s.acct_pay_fen, s.psn_cash_fen]),
    check('catalogue', s.medfee_fen, catalogue),
    ...(lines.length > 0
      ? [
          check(
            'lines',
            s.medfee_fen,
            lines.map((l) => l.det_item_fee_sumamt_fen),
          ),
        ]
      : []),
  ];
}

function personSettlement(
  s: TreatmentRecords['settlements'][number],
  records: TreatmentRecords,
  treatmentAdmdvs: string,
): PersonSettlement {
  const counterpartId = s.refd_setl_flag === '1' ? s.init_setl_id : s.cancelled_by;
  const counterpart = counterpartId
    ? records.settlements.find((c) => c.setl_id === counterpartId)
    : undefined;
  const cancelled = s.refd_setl_flag === '1' || s.cancelled_by !== null;
  return {
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    kind: s.refd_setl_flag === '1' ? 'cancel' : 'settlement',
    status: cancelled ? 'cancelled' : 'settled',
    counterpart: counterpartId ? { setl_id: counterpartId, setl_time: counterpart?.setl_time ?? '' } : null,
    cross_province: s.setlinfo.pay_loc === '4',
    insutype: s.insutype,
    insuplc_admdvs: s.insuplc_admdvs,
    treatment_admdvs: treatmentAdmdvs,
    fixmedins_code: s.fixmedins_code,
    fixmedins_name: records.institutions[s.fixmedins_code] ?? s.fixmedins_code,
    med_type: s.med_type,
    inpatient: s.visit.inpatient,
    begntime: s.visit.begntime,
    endtime: s.visit.endtime,
    setl_time: s.setl_time,
    ...amountsOf(s),
    advance_avoided_fen: cancelled ? 0 : s.fund_pay_sumamt_fen,
  };
}

function amountsOf(s: SettlementRecord) {
  return {
    medfee_fen: s.medfee_sumamt_fen,
    fund_pay_fen: s.fund_pay_sumamt_fen,
    psn_part_fen: s.psn_part_amt_fen,
    acct_pay_fen: s.acct_pay_fen,
    psn_cash_fen: s.psn_cash_pay_fen,
    hosp_part_fen: s.hosp_part_amt_fen,
  };
}

/** Settlement time, then id: settlements of one second (a fixed clock, a busy hospital) keep a stable order. */
function newestFirst(a: PersonSettlement, b: PersonSettlement): number {
  if (a.setl_time !== b.setl_time) return a.setl_time < b.setl_time ? 1 : -1;
  return a.setl_id < b.setl_id ? 1 : a.setl_id > b.setl_id ? -1 : 0;
}
