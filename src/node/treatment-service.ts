// The treatment side of the saga (就医地目录, 就医地管理): visits, fee lines split with this province's catalogue,
// settlements decided by the insured node through the hub, cancels reverted the same way.
import type { Bus, Json } from '../bus/port.ts';
import type { Institution } from '../core/dataset/model.ts';
import { CatalogueIndex } from '../core/engine/catalogue-index.ts';
import { splitBill, splitLines } from '../core/engine/line-split.ts';
import type { BillTotals, FeeLine, Visit } from '../core/engine/model.ts';
import { resultRows } from '../core/engine/national-shapes.ts';
import { SettlementRefused } from '../core/engine/problems.ts';
import { isCrossProvince, isEmergencyVisit } from '../core/filing-rules.ts';
import { formatYuan } from '../core/money.ts';
import { formatChinaDateTime } from '../core/time.ts';
import { INSURED_CALL_TIMEOUT_MS } from '../hub/national-hub.ts';
import type { Db } from '../store/db.ts';
import type { NodeStore } from '../store/node-store.ts';
import {
  ConcurrentChange,
  type FeeLineRecord,
  isUniqueViolation,
  type SettlementRecord,
  TreatmentStore,
  type VisitChange,
  type VisitRecord,
} from '../store/treatment-store.ts';
import type {
  DecideReply,
  DecideRequest,
  EligibilityReply,
  EligibilityRequest,
  InsuredOperation,
  RevertReply,
  RevertRequest,
} from './insured-messages.ts';
import { Refusal, refusalOf, settlementRefusal } from './refusal.ts';
import { cancelRecordOf, settlementOutput } from './settlement-record.ts';
import { hubSubject } from './subjects.ts';

export interface AdmitCommand {
  readonly institution: Institution;
  readonly msgid: string;
  readonly inpatient: boolean;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly begntime: string;
  readonly dise_codg: string | null;
  readonly ipt_otp_no: string | null;
  readonly er_flag: string | undefined;
  readonly info: Readonly<Record<string, unknown>>;
}

export interface SettleCommand {
  readonly institution: Institution;
  readonly msgid: string;
  /** Pre-settlement (2206/2303): decide, store nothing, change nothing. */
  readonly trial: boolean;
  readonly inpatient: boolean;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  /** Outpatient: the charge batch to settle (2204's chrg_bchno). */
  readonly chrg_bchno?: string | undefined;
  /** Outpatient: the 医疗类别 of this settlement (2206/2207 carry it). */
  readonly med_type?: string | undefined;
  readonly mdtrt_cert_type?: string | undefined;
  readonly acct_used: boolean;
  /** What the HIS says the bill is; every amount given must agree with the node's own split. */
  readonly claimed: Partial<Record<keyof BillTotals, number>>;
  readonly dscg_time?: string | undefined;
  readonly now: Date;
}

export interface CancelCommand {
  readonly institution: Institution;
  readonly msgid: string;
  readonly inpatient: boolean;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly psn_no: string;
  readonly now: Date;
}

/** setlinfo and setldetail[] as the HIS gets them (2206/2207, 2303/2304, their cancels, 5203). */
export interface SettlementAnswer {
  readonly setlinfo: Readonly<Record<string, unknown>>;
  readonly setldetail: readonly Readonly<Record<string, unknown>>[];
}

const CLAIM_FIELDS: Readonly<Record<keyof BillTotals, string>> = {
  medfee_fen: 'medfee_sumamt',
  fulamt_ownpay_fen: 'fulamt_ownpay_amt',
  overlmt_fen: 'overlmt_selfpay',
  preselfpay_fen: 'preselfpay_amt',
  inscp_fen: 'inscp_scp_amt',
};

export class TreatmentService {
  readonly store: TreatmentStore;

  constructor(
    province: string,
    db: Db,
    private readonly nodeStore: NodeStore,
    private readonly bus: Bus,
  ) {
    this.store = new TreatmentStore(db, province);
  }

  // ── visits ────────────────────────────────────────────────────────────────────────────────────────────

  /** 2401 入院办理 / 2201 挂号: the insured side confirms the person and, across provinces, the filing. */
  async admit(command: AdmitCommand): Promise<VisitRecord> {
    const emergency = isEmergencyVisit(command.med_type, command.er_flag);
    const eligibility = await this.askInsured<EligibilityRequest, EligibilityReply>('visit.eligibility', {
      insuplc_admdvs: command.insuplc_admdvs,
      psn_no: command.psn_no,
      insutype: command.insutype,
      treatment_admdvs: command.institution.admdvs,
      day: command.begntime.slice(0, 10),
      emergency,
    });
    const visit: VisitRecord = {
      mdtrt_id: await this.store.nextId(),
      fixmedins_code: command.institution.fixmedins_code,
      psn_no: command.psn_no,
      insutype: command.insutype,
      insuplc_admdvs: command.insuplc_admdvs,
      inpatient: command.inpatient,
      med_type: command.med_type,
      begntime: command.begntime,
      endtime: null,
      dise_codg: command.dise_codg,
      ipt_otp_no: command.ipt_otp_no,
      trt_dcla_detl_sn: eligibility.filing?.trt_dcla_detl_sn ?? null,
      person: eligibility.person as unknown as Record<string, string>,
      info: { ...command.info, ...(command.er_flag ? { er_flag: command.er_flag } : {}) },
      status: 'open',
      msgid: command.msgid,
    };
    await this.store.insertVisit(visit);
    return visit;
  }

  /** The institution's own visit of the person; anyone else's is "not found", so nothing leaks. */
  async ownVisit(institution: Institution, mdtrtId: string, psnNo: string | undefined): Promise<VisitRecord> {
    const visit = await this.store.visit(mdtrtId);
    if (!visit || visit.fixmedins_code !== institution.fixmedins_code)
      throw new Refusal('mdtrt_id', `本机构没有就诊ID为${mdtrtId}的就诊记录`);
    if (psnNo !== undefined && visit.psn_no !== psnNo)
      throw new Refusal('psn_no', `与就诊${mdtrtId}的人员编号不一致`);
    return visit;
  }

  /** 2403 住院信息变更 / 2203 就诊信息上传: allowed while nothing of the visit is settled. */
  async changeVisit(
    institution: Institution,
    mdtrtId: string,
    psnNo: string,
    change: VisitChange & { readonly er_flag?: string | undefined },
  ): Promise<VisitRecord> {
    const visit = await this.openVisit(institution, mdtrtId, psnNo);
    if ((await this.standingSettlements(visit)).length > 0)
      throw new Refusal('mdtrt_id', '就诊已结算，请先撤销结算再变更就诊信息');
    const { er_flag, ...fields } = change;
    const medType = fields.med_type ?? visit.med_type;
    const begntime = fields.begntime ?? visit.begntime;
    const info = { ...visit.info, ...fields.info, ...(er_flag ? { er_flag } : {}) };
    if (fields.med_type !== undefined || fields.begntime !== undefined) {
      // A new category or admission day is judged again: the filing must cover it (or it is an emergency).
      const eligibility = await this.askInsured<EligibilityRequest, EligibilityReply>('visit.eligibility', {
        insuplc_admdvs: visit.insuplc_admdvs,
        psn_no: visit.psn_no,
        insutype: visit.insutype,
        treatment_admdvs: institution.admdvs,
        day: begntime.slice(0, 10),
        emergency: isEmergencyVisit(medType, info.er_flag as string | undefined),
      });
      fields.trt_dcla_detl_sn = eligibility.filing?.trt_dcla_detl_sn ?? null;
    }
    await this.store.changeVisit(mdtrtId, { ...fields, info });
    return (await this.store.visit(mdtrtId))!;
  }

  /** 2404 入院撤销 / 2202 挂号撤销: only a visit without fee lines or settlements. */
  async cancelVisit(institution: Institution, mdtrtId: string, psnNo: string | undefined): Promise<void> {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    if (visit.status === 'cancelled') return;
    if ((await this.store.feeLines(mdtrtId)).length > 0)
      throw new Refusal('mdtrt_id', '就诊已有费用明细，请先撤销费用明细（2302/2205）');
    await this.store.changeVisit(mdtrtId, { status: 'cancelled' });
  }

  /** 2402 出院办理. */
  async discharge(
    institution: Institution,
    mdtrtId: string,
    psnNo: string,
    endtime: string,
    change: VisitChange,
  ): Promise<void> {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    if (!visit.inpatient) throw new Refusal('mdtrt_id', '门诊就诊无需出院办理');
    if (visit.status !== 'open')
      throw new Refusal('mdtrt_id', `就诊状态为${visitStatus(visit)}，不能出院办理`);
    if (endtime < visit.begntime) throw new Refusal('endtime', `出院时间早于入院时间${visit.begntime}`);
    const lastFee = (await this.store.feeLines(mdtrtId)).at(-1)?.fee_ocur_time;
    if (lastFee && lastFee > endtime)
      throw new Refusal('endtime', `出院时间早于已上传费用的发生时间${lastFee}`);
    await this.store.changeVisit(mdtrtId, {
      ...change,
      endtime,
      status: 'discharged',
      info: { ...visit.info, ...change.info },
    });
  }

  /** 2405 出院撤销. */
  async undoDischarge(institution: Institution, mdtrtId: string, psnNo: string | undefined): Promise<void> {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    if (visit.status !== 'discharged') throw new Refusal('mdtrt_id', '就诊未办理出院，无需撤销');
    await this.store.changeVisit(mdtrtId, { endtime: null, status: 'open' });
  }

  // ── fee lines ─────────────────────────────────────────────────────────────────────────────────────────

  /** 2301 / 2204: splits each line with the catalogue version valid on its day and stores it. */
  async uploadFees(
    institution: Institution,
    msgid: string,
    upload: readonly {
      readonly line: FeeLine;
      readonly mdtrt_id: string;
      readonly chrg_bchno: string | null;
    }[],
    inpatient: boolean,
    now: Date,
  ): Promise<ReturnType<typeof resultRows>> {
    const mdtrtId = upload[0]!.mdtrt_id;
    const mixed = upload.findIndex((u) => u.mdtrt_id !== mdtrtId);
    if (mixed >= 0) throw new Refusal(`feedetail[${mixed}].mdtrt_id`, '一次上传的费用明细应属于同一就诊');
    const visit = await this.openVisit(institution, mdtrtId, undefined);
    if (visit.inpatient !== inpatient)
      throw new Refusal(
        'feedetail[0].mdtrt_id',
        inpatient ? '门诊就诊请使用2204上传费用' : '住院就诊请使用2301上传费用',
      );
    const lines = upload.map((u) => u.line);
    const existing = await this.store.existingFeeSerials(
      mdtrtId,
      lines.map((l) => l.feedetl_sn),
    );
    if (existing.length > 0) {
      const index = lines.findIndex((l) => l.feedetl_sn === existing[0]);
      throw new Refusal(`feedetail[${index}].feedetl_sn`, `费用明细流水号${existing[0]}已上传，不能重复上传`);
    }
    const catalogue = await this.catalogueFor(lines);
    let splits: ReturnType<typeof splitLines>;
    try {
      splits = splitLines(
        lines,
        catalogue,
        engineVisit(visit, institution.hosp_lv, null),
        formatChinaDateTime(now.getTime()),
      );
    } catch (error) {
      if (error instanceof SettlementRefused) throw settlementRefusal(error);
      throw error;
    }
    const rows = resultRows(splits);
    await this.store.insertFeeLines(
      splits.map(
        (s, i): FeeLineRecord => ({
          mdtrt_id: mdtrtId,
          feedetl_sn: s.line.feedetl_sn,
          chrg_bchno: upload[i]!.chrg_bchno,
          line: s.line,
          fee_ocur_time: s.line.fee_ocur_time,
          det_item_fee_sumamt_fen: s.line.amount_fen,
          fulamt_ownpay_fen: s.fulamt_ownpay_fen,
          overlmt_fen: s.overlmt_fen,
          preselfpay_fen: s.preselfpay_fen,
          inscp_fen: s.inscp_fen,
          result: rows[i]!,
          setl_id: null,
          msgid,
        }),
      ),
    );
    return rows;
  }

  /** 2302 / 2205: withdraws unsettled lines (all of the visit, some serials, or a batch). */
  async withdrawFees(
    institution: Institution,
    mdtrtId: string,
    psnNo: string | undefined,
    which: { readonly serials?: readonly string[]; readonly chrg_bchno?: string },
  ): Promise<number> {
    await this.openVisit(institution, mdtrtId, psnNo);
    if (which.serials) {
      const lines = await this.store.feeLines(mdtrtId);
      const bySerial = new Map(lines.map((l) => [l.feedetl_sn, l]));
      for (const serial of which.serials) {
        const line = bySerial.get(serial);
        if (!line) throw new Refusal('feedetl_sn', `就诊${mdtrtId}没有费用明细流水号${serial}`);
        if (line.setl_id) throw new Refusal('feedetl_sn', `费用明细${serial}已结算，请先撤销结算`);
      }
    }
    return this.store.deleteFeeLines(mdtrtId, which);
  }

  // ── settlement ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * 2303/2304, 2206/2207. The bill is split here with this province's catalogue; the insured node decides the
   * funds' share on its accumulators under the key `<institution>:<msgid>` and answers; the settlement is stored.
   * A retry after a timeout reaches the same key and so the same decision, applied once.
   */
  async settle(command: SettleCommand): Promise<SettlementAnswer> {
    const { institution } = command;
    // One read answers both: did this message settle already (a retry after a lost answer), and does the visit
    // have a standing settlement?
    const settlements = await this.store.settlementsOfVisitOrMessage(
      command.mdtrt_id,
      institution.fixmedins_code,
      command.msgid,
    );
    const done = command.trial ? undefined : settlements.find((s) => s.msgid === command.msgid);
    if (done?.fixmedins_code === institution.fixmedins_code)
      return { setlinfo: done.setlinfo, setldetail: done.setldetail };
    const visit = await this.ownVisit(institution, command.mdtrt_id, command.psn_no);
    if (visit.status === 'cancelled') throw new Refusal('mdtrt_id', '就诊已撤销');
    if (visit.inpatient !== command.inpatient)
      throw new Refusal(
        'mdtrt_id',
        command.inpatient ? '门诊就诊请使用2206/2207结算' : '住院就诊请使用2303/2304结算',
      );
    if (!visit.inpatient && command.chrg_bchno === undefined)
      throw new Refusal('chrg_bchno', '门诊结算必填收费批次号');
    const standing = standingOf(
      settlements.filter((s) => s.mdtrt_id === visit.mdtrt_id),
      command.chrg_bchno,
    );
    if (standing.length > 0)
      throw new Refusal('mdtrt_id', `已结算（结算ID ${standing[0]!.setl_id}），如需重新结算请先撤销`);
    const lines = await this.store.feeLines(visit.mdtrt_id, {
      unsettled: true,
      ...(visit.inpatient ? {} : { chrg_bchno: command.chrg_bchno! }),
    });
    if (lines.length === 0)
      throw new Refusal(
        visit.inpatient ? 'mdtrt_id' : 'chrg_bchno',
        '没有待结算的费用明细，请先上传费用（2301/2204）',
      );
    const setlTime = formatChinaDateTime(command.now.getTime());
    const medType = command.med_type ?? visit.med_type;
    const forEngine = engineVisit(
      { ...visit, med_type: medType },
      institution.hosp_lv,
      command.dscg_time ?? null,
    );
    let totals: BillTotals;
    try {
      totals = splitBill(
        lines.map((l) => l.line),
        await this.catalogueFor(lines.map((l) => l.line)),
        forEngine,
        setlTime,
      ).totals;
    } catch (error) {
      if (error instanceof SettlementRefused) throw settlementRefusal(error);
      throw error;
    }
    checkClaim(command.claimed, totals);

    const decisionKey = `${institution.fixmedins_code}:${command.msgid}`;
    const reply = await this.askInsured<DecideRequest, DecideReply>('benefit.decide', {
      insuplc_admdvs: visit.insuplc_admdvs,
      psn_no: visit.psn_no,
      insutype: visit.insutype,
      decision_key: decisionKey,
      trial: command.trial,
      treatment_admdvs: institution.admdvs,
      mdtrt_id: visit.mdtrt_id,
      visit: forEngine,
      emergency: isEmergencyVisit(medType, visit.info.er_flag as string | undefined),
      totals,
      acct_used: command.acct_used,
      setl_time: setlTime,
    });
    const setlId = command.trial ? null : await this.store.nextId();
    const record = settlementOutput({
      setl_id: setlId,
      visit,
      institution,
      med_type: medType,
      mdtrt_cert_type: command.mdtrt_cert_type ?? (visit.info.mdtrt_cert_type as string | undefined) ?? null,
      setl_time: setlTime,
      msgid: command.msgid,
      decision_key: decisionKey,
      chrg_bchno: command.chrg_bchno ?? null,
      totals,
      reply,
      crossProvince: isCrossProvince(visit.insuplc_admdvs, institution.admdvs),
    });
    if (command.trial || setlId === null) return { setlinfo: record.setlinfo, setldetail: record.setldetail };
    try {
      await this.store.recordSettlement(
        record,
        lines.map((l) => l.feedetl_sn),
      );
    } catch (error) {
      if (!(isUniqueViolation(error) || error instanceof ConcurrentChange)) throw error;
      // Another message settled this bill meanwhile: give the insured side its decision back.
      await this.askInsured<RevertRequest, RevertReply>(
        'benefit.revert',
        revertOf(visit, decisionKey, institution),
      );
      throw new Refusal(
        'mdtrt_id',
        '该就诊的费用在结算过程中被其他交易结算或变更，本次结算已撤回，请查询后重试',
      );
    }
    return { setlinfo: record.setlinfo, setldetail: record.setldetail };
  }

  /** 2305 / 2208: reverts the insured side's decision exactly, records the cancel, frees the lines. */
  async cancel(command: CancelCommand): Promise<SettlementAnswer> {
    const { institution } = command;
    const done = await this.store.settlementMadeBy(institution.fixmedins_code, command.msgid);
    if (done?.refd_setl_flag === '1') return { setlinfo: done.setlinfo, setldetail: done.setldetail };
    const visit = await this.ownVisit(institution, command.mdtrt_id, command.psn_no);
    if (visit.inpatient !== command.inpatient)
      throw new Refusal('mdtrt_id', command.inpatient ? '门诊结算请使用2208撤销' : '住院结算请使用2305撤销');
    const original = await this.store.settlement(command.setl_id);
    if (!original || original.mdtrt_id !== visit.mdtrt_id || original.refd_setl_flag !== '0')
      throw new Refusal('setl_id', `就诊${visit.mdtrt_id}没有结算ID为${command.setl_id}的结算`);
    if (original.cancelled_by)
      throw new Refusal('setl_id', `结算${command.setl_id}已撤销（${original.cancelled_by}）`);
    return this.cancelSettlement(original, command.msgid, command.now);
  }

  /** Cancels a standing settlement (2305/2208, or 2601 of the 2304/2207 that made it). */
  async cancelSettlement(original: SettlementRecord, msgid: string, now: Date): Promise<SettlementAnswer> {
    const visit = (await this.store.visit(original.mdtrt_id))!;
    const institution = (await this.nodeStore.institution(original.fixmedins_code))!;
    const reverted = await this.askInsured<RevertRequest, RevertReply>(
      'benefit.revert',
      revertOf(visit, original.decision_key, institution),
    );
    if (reverted.outcome === 'spent')
      throw new Refusal('setl_id', '参保地没有该结算的待遇决定记录，请联系经办机构对账');
    const cancel = cancelRecordOf(original, {
      setl_id: await this.store.nextId(),
      msgid,
      setl_time: formatChinaDateTime(now.getTime()),
      balance_after_fen: reverted.balance_fen,
    });
    if (!(await this.store.recordCancel(cancel))) {
      const again = await this.store.settlement(original.setl_id);
      const existing = again?.cancelled_by ? await this.store.settlement(again.cancelled_by) : undefined;
      if (existing) return { setlinfo: existing.setlinfo, setldetail: existing.setldetail };
      throw new Refusal('setl_id', `结算${original.setl_id}已撤销`);
    }
    return { setlinfo: cancel.setlinfo, setldetail: cancel.setldetail };
  }

  /** The settlement a message made; only the institution's own. */
  settlementMadeBy(institution: Institution, msgid: string): Promise<SettlementRecord | undefined> {
    return this.store.settlementMadeBy(institution.fixmedins_code, msgid);
  }

  /** Asks the insured side of a reversal that never reached the treatment side to spend its key. */
  async spendDecision(
    institution: Institution,
    msgid: string,
    person: { insuplc_admdvs: string; psn_no: string; insutype: string },
  ): Promise<RevertReply> {
    return this.askInsured<RevertRequest, RevertReply>('benefit.revert', {
      ...person,
      decision_key: `${institution.fixmedins_code}:${msgid}`,
      treatment_admdvs: institution.admdvs,
    });
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

  private async openVisit(institution: Institution, mdtrtId: string, psnNo: string | undefined) {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    if (visit.status === 'cancelled') throw new Refusal('mdtrt_id', '就诊已撤销');
    return visit;
  }

  private async standingSettlements(visit: VisitRecord, chrgBchno?: string): Promise<SettlementRecord[]> {
    return standingOf(await this.store.settlementsOf(visit.mdtrt_id), chrgBchno);
  }

  private async catalogueFor(lines: readonly FeeLine[]): Promise<CatalogueIndex> {
    const codes = [...new Set(lines.map((l) => l.med_list_codg))];
    return new CatalogueIndex(await this.nodeStore.catalogueVersions(codes));
  }

  private async askInsured<Q, A>(operation: InsuredOperation, request: Q): Promise<A> {
    try {
      return (await this.bus.request(hubSubject(operation), request as unknown as Json, {
        timeoutMs: INSURED_CALL_TIMEOUT_MS,
      })) as unknown as A;
    } catch (error) {
      throw refusalOf(error);
    }
  }
}

/** Settlements not cancelled (of one charge batch, for outpatient). */
function standingOf(settlements: readonly SettlementRecord[], chrgBchno?: string): SettlementRecord[] {
  return settlements.filter(
    (s) =>
      s.refd_setl_flag === '0' &&
      s.cancelled_by === null &&
      (chrgBchno === undefined || s.chrg_bchno === chrgBchno),
  );
}

function engineVisit(visit: VisitRecord, hospLv: string, dscgTime: string | null): Visit {
  return {
    med_type: visit.med_type,
    hosp_lv: hospLv,
    begntime: visit.begntime,
    endtime: visit.endtime ?? dscgTime,
    dise_codg: visit.dise_codg,
  };
}

function revertOf(visit: VisitRecord, decisionKey: string, institution: Institution): RevertRequest {
  return {
    insuplc_admdvs: visit.insuplc_admdvs,
    psn_no: visit.psn_no,
    insutype: visit.insutype,
    decision_key: decisionKey,
    treatment_admdvs: institution.admdvs,
  };
}

/** Every amount the HIS states must be the node's own figure: a HIS that computed another bill must not settle. */
function checkClaim(claimed: SettleCommand['claimed'], totals: BillTotals): void {
  for (const [key, field] of Object.entries(CLAIM_FIELDS) as [keyof BillTotals, string][]) {
    const value = claimed[key];
    if (value !== undefined && value !== totals[key])
      throw new Refusal(
        field,
        `${formatYuan(value)}与已上传费用明细按就医地目录计算的${formatYuan(totals[key])}不一致`,
      );
  }
}

const VISIT_STATUS: Readonly<Record<VisitRecord['status'], string>> = {
  open: '在院/就诊中',
  discharged: '已出院',
  cancelled: '已撤销',
};
const visitStatus = (visit: VisitRecord): string => VISIT_STATUS[visit.status];
