// The treatment side's settlements (the saga's steps 1 and 3): the bill split with this province's catalogue, the
// funds' share decided by the insured node through the hub, the settlement stored; cancels reverted the same way.
import { auditBill, refusalOf, untoldHits } from '../core/audit/audit.ts';
import type { AuditHit } from '../core/audit/model.ts';
import type { Institution } from '../core/dataset/model.ts';
import type { CatalogueIndex } from '../core/engine/catalogue-index.ts';
import { splitBill } from '../core/engine/line-split.ts';
import type { BillTotals, Visit } from '../core/engine/model.ts';
import { SettlementRefused } from '../core/engine/problems.ts';
import { isCrossProvince, isEmergencyVisit } from '../core/filing/validity.ts';
import { formatYuan } from '../core/money.ts';
import { formatChinaDateTime } from '../core/time.ts';
import { DecisionFenced } from '../store/decision-fences.ts';
import type { NodeStore } from '../store/node-store.ts';
import {
  ConcurrentChange,
  type FeeLineRecord,
  isUniqueViolation,
  type SettlementRecord,
  type VisitRecord,
} from '../store/treatment-store.ts';
import type { InsuredClient } from './insured-client.ts';
import type { DecideReply, DecideRequest, RevertReply, RevertRequest } from './insured-messages.ts';
import { Refusal, settlementRefusal } from './refusal.ts';
import { cancelRecordOf, settlementOutput, standingOf } from './settlement-record.ts';
import { auditPersonOf, engineVisit, hitRecordsOf, type TreatmentService } from './treatment-service.ts';

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

export class SettlementService {
  constructor(
    private readonly visits: TreatmentService,
    private readonly nodeStore: NodeStore,
    private readonly insured: InsuredClient,
    /** A record was stored with its outbox event: the relay publishes it now rather than on its next sweep. */
    private readonly onRecorded: () => void = () => {},
  ) {}

  /**
   * 2303/2304, 2206/2207. The bill is split here with this province's catalogue; the insured node decides the
   * funds' share on its accumulators under the key `<institution>:<msgid>` and answers; the settlement is stored.
   * A retry after a timeout reaches the same key and so the same decision, applied once.
   */
  async settle(command: SettleCommand): Promise<SettlementAnswer> {
    const { institution } = command;
    // One read answers both: did this message settle already (a retry after a lost answer), and does the visit
    // have a standing settlement?
    const settlements = await this.visits.store.settlementsOfVisitOrMessage(
      command.mdtrt_id,
      institution.fixmedins_code,
      command.msgid,
    );
    const done = command.trial ? undefined : settlements.find((s) => s.msgid === command.msgid);
    if (done?.fixmedins_code === institution.fixmedins_code) {
      // Its answer was lost, perhaps before the audit's hits were stored: stored again, nothing twice.
      await this.recordAuditOf(done, command);
      return { setlinfo: done.setlinfo, setldetail: done.setldetail };
    }
    const visit = await this.visits.ownVisit(institution, command.mdtrt_id, command.psn_no);
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
    // The whole bill in one read: the lines to settle (inpatient: all unsettled; outpatient: the batch's) are judged
    // by the audit, the visit's other lines (earlier batches) are counted by it.
    const bill = await this.visits.store.feeLines(visit.mdtrt_id);
    const lines = bill.filter(
      (l) => l.setl_id === null && (visit.inpatient || l.chrg_bchno === command.chrg_bchno),
    );
    if (lines.length === 0) {
      // The same message may have settled them since the read above (the HIS resent its msgid while the first was
      // still running): its answer, not a refusal that the edge would store under the msgid in place of it.
      const same = command.trial ? undefined : await this.madeBy(institution.fixmedins_code, command.msgid);
      if (same) return same;
      throw new Refusal(
        visit.inpatient ? 'mdtrt_id' : 'chrg_bchno',
        '没有待结算的费用明细，请先上传费用（2301/2204）',
      );
    }
    const setlTime = formatChinaDateTime(command.now.getTime());
    const medType = command.med_type ?? visit.med_type;
    const forEngine = engineVisit(
      { ...visit, med_type: medType },
      institution.hosp_lv,
      command.dscg_time ?? null,
    );
    // The visit's other lines' items too: the counting rules read their catalogue types.
    const catalogue = await this.visits.catalogueFor(bill.map((l) => l.line));
    let totals: BillTotals;
    try {
      totals = splitBill(
        lines.map((l) => l.line),
        catalogue,
        forEngine,
        setlTime,
      ).totals;
    } catch (error) {
      if (error instanceof SettlementRefused) throw settlementRefusal(error);
      throw error;
    }
    const hits = await this.auditOf(visit, forEngine, lines, bill, catalogue, setlTime);
    const refused = refusalOf(hits, 'feedetail', 'serial');
    if (refused)
      throw new Refusal(
        null,
        `${refused}；请撤销或更正该明细（${visit.inpatient ? '2302' : '2205'}）后再结算`,
      );
    checkClaim(command.claimed, totals);

    const decisionKey = `${institution.fixmedins_code}:${command.msgid}`;
    const reply = await this.insured.ask<DecideRequest, DecideReply>('benefit.decide', {
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
    const setlId = command.trial ? null : await this.visits.store.nextId();
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
      await this.visits.store.recordSettlement(
        record,
        lines.map((l) => l.feedetl_sn),
      );
      this.onRecorded();
    } catch (error) {
      // Reconciliation found the decision without a settlement (this node was too slow between the decision and
      // here, past the grace) and is reverting it: storing the settlement now would leave it without a decision.
      if (error instanceof DecisionFenced)
        throw new Refusal(
          null,
          '本次结算未能在规定时间内完成，参保地已按对账撤回其待遇决定；请使用新的msgid重新结算',
        );
      if (!(isUniqueViolation(error) || error instanceof ConcurrentChange)) throw error;
      // The same message settled it meanwhile (the HIS resent its msgid while the first was still running): that
      // settlement stands on this very decision (same key, replayed), which must not be given back.
      const same = await this.madeBy(institution.fixmedins_code, command.msgid);
      if (same) return same;
      // Another message settled this bill meanwhile: give the insured side its decision back.
      await this.insured.ask<RevertRequest, RevertReply>('benefit.revert', {
        ...revertOf(visit, decisionKey, institution),
        at: setlTime,
      });
      throw new Refusal(
        'mdtrt_id',
        '该就诊的费用在结算过程中被其他交易结算或变更，本次结算已撤回，请查询后重试',
      );
    }
    // After the record, outside its transaction: a failure here leaves the settlement standing, and the HIS's
    // retry (the same msgid) stores the hits (recordAuditOf).
    await this.recordHits(hits, lines, visit, institution, command);
    return { setlinfo: record.setlinfo, setldetail: record.setldetail };
  }

  /**
   * 智能审核 of the bill as it stands (docs/audit.md, "At settlement"): `judged` are the lines this settlement
   * takes, the rest of `bill` is counted; the visit's dates are the settlement's (the discharge time of 2402, or
   * the dscg_time of 2304, or the settlement's time while open) and the person's qualified diseases are those the
   * insured side named at admission. Nothing here reads the store beyond the cached settings.
   */
  private async auditOf(
    visit: VisitRecord,
    forEngine: Visit,
    judged: readonly FeeLineRecord[],
    bill: readonly FeeLineRecord[],
    catalogue: CatalogueIndex,
    setlTime: string,
  ): Promise<AuditHit[]> {
    const taken = new Set(judged.map((l) => l.feedetl_sn));
    return auditBill(
      {
        lines: judged.map((l) => l.line),
        earlier: bill.filter((l) => !taken.has(l.feedetl_sn)).map((l) => l.line),
        visit: forEngine,
        now: setlTime,
        person: auditPersonOf(visit),
        catalogue,
      },
      await this.visits.auditSettings(),
    );
  }

  /**
   * Stores what the settlement's audit found and the uploads did not tell: setlinfo has no memo field, so warnings
   * are recorded as hits too. One row per msgid, line and rule: a retried message stores nothing twice.
   */
  private async recordHits(
    hits: readonly AuditHit[],
    judged: readonly FeeLineRecord[],
    visit: VisitRecord,
    institution: Institution,
    command: SettleCommand,
  ): Promise<void> {
    const untold = untoldHits(hits, (i) => judged[i]?.result.memo as string | null | undefined);
    if (untold.length === 0) return;
    await this.visits.audit.recordHits(hitRecordsOf(untold, visit, institution, command.msgid, command.now));
  }

  /** A settlement a retried message made before: its bill audited again and the hits stored, none twice. */
  private async recordAuditOf(done: SettlementRecord, command: SettleCommand): Promise<void> {
    const visit = await this.visits.store.visit(done.mdtrt_id);
    if (!visit) return;
    const bill = await this.visits.store.feeLines(visit.mdtrt_id);
    const judged = bill.filter((l) => l.setl_id === done.setl_id);
    if (judged.length === 0) return;
    const forEngine = engineVisit(
      { ...visit, med_type: done.med_type },
      command.institution.hosp_lv,
      command.dscg_time ?? null,
    );
    const catalogue = await this.visits.catalogueFor(bill.map((l) => l.line));
    const hits = await this.auditOf(visit, forEngine, judged, bill, catalogue, done.setl_time);
    await this.recordHits(hits, judged, visit, command.institution, command);
  }

  /** The answer of the settlement a message made, if it made one. */
  private async madeBy(fixmedinsCode: string, msgid: string): Promise<SettlementAnswer | undefined> {
    const made = await this.visits.store.settlementMadeBy(fixmedinsCode, msgid);
    return made?.refd_setl_flag === '0'
      ? { setlinfo: made.setlinfo, setldetail: made.setldetail }
      : undefined;
  }

  /** 2305 / 2208: reverts the insured side's decision exactly, records the cancel, frees the lines. */
  async cancel(command: CancelCommand): Promise<SettlementAnswer> {
    const { institution } = command;
    const done = await this.visits.store.settlementMadeBy(institution.fixmedins_code, command.msgid);
    if (done?.refd_setl_flag === '1') return { setlinfo: done.setlinfo, setldetail: done.setldetail };
    const visit = await this.visits.ownVisit(institution, command.mdtrt_id, command.psn_no);
    if (visit.inpatient !== command.inpatient)
      throw new Refusal('mdtrt_id', command.inpatient ? '门诊结算请使用2208撤销' : '住院结算请使用2305撤销');
    const original = await this.visits.store.settlement(command.setl_id);
    if (!original || original.mdtrt_id !== visit.mdtrt_id || original.refd_setl_flag !== '0')
      throw new Refusal('setl_id', `就诊${visit.mdtrt_id}没有结算ID为${command.setl_id}的结算`);
    if (original.cancelled_by)
      throw new Refusal('setl_id', `结算${command.setl_id}已撤销（${original.cancelled_by}）`);
    return this.cancelSettlement(original, command.msgid, command.now);
  }

  /** Cancels a standing settlement (2305/2208, or 2601 of the 2304/2207 that made it). */
  async cancelSettlement(original: SettlementRecord, msgid: string, now: Date): Promise<SettlementAnswer> {
    const visit = (await this.visits.store.visit(original.mdtrt_id))!;
    const institution = (await this.nodeStore.institution(original.fixmedins_code))!;
    const cancelTime = formatChinaDateTime(now.getTime());
    const reverted = await this.insured.ask<RevertRequest, RevertReply>('benefit.revert', {
      ...revertOf(visit, original.decision_key, institution),
      at: cancelTime,
    });
    if (reverted.outcome === 'spent')
      throw new Refusal('setl_id', '参保地没有该结算的待遇决定记录，请联系经办机构对账');
    const cancel = cancelRecordOf(original, {
      setl_id: await this.visits.store.nextId(),
      msgid,
      setl_time: cancelTime,
      balance_after_fen: reverted.balance_fen,
    });
    const recorded = await this.visits.store.recordCancel(cancel);
    if (recorded) this.onRecorded();
    if (!recorded) {
      const again = await this.visits.store.settlement(original.setl_id);
      const existing = again?.cancelled_by
        ? await this.visits.store.settlement(again.cancelled_by)
        : undefined;
      if (existing) return { setlinfo: existing.setlinfo, setldetail: existing.setldetail };
      throw new Refusal('setl_id', `结算${original.setl_id}已撤销`);
    }
    return { setlinfo: cancel.setlinfo, setldetail: cancel.setldetail };
  }

  /** The settlement a message made; only the institution's own. */
  settlementMadeBy(institution: Institution, msgid: string): Promise<SettlementRecord | undefined> {
    return this.visits.store.settlementMadeBy(institution.fixmedins_code, msgid);
  }

  /** Asks the insured side of a reversal that never reached the treatment side to spend its key. */
  async spendDecision(
    institution: Institution,
    msgid: string,
    person: { insuplc_admdvs: string; psn_no: string; insutype: string },
  ): Promise<RevertReply> {
    return this.insured.ask<RevertRequest, RevertReply>('benefit.revert', {
      ...person,
      decision_key: `${institution.fixmedins_code}:${msgid}`,
      treatment_admdvs: institution.admdvs,
    });
  }
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
