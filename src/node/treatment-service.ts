import { auditBill, auditMemoParts, hitsOfLine, refusalOf, reviewOf } from '../core/audit/audit.ts';
import type { AuditHit, AuditPerson } from '../core/audit/model.ts';
import {
  type AuditSettings,
  NATIONAL_AUDIT_SETTINGS,
  validateAuditSettings,
} from '../core/audit/settings.ts';
import type { Institution } from '../core/dataset/model.ts';
import { CatalogueIndex } from '../core/engine/catalogue-index.ts';
import { splitLines } from '../core/engine/line-split.ts';
import type { FeeLine, Visit } from '../core/engine/model.ts';
import { resultRows } from '../core/engine/national-shapes.ts';
import { SettlementRefused } from '../core/engine/problems.ts';
import { isEmergencyVisit } from '../core/filing/validity.ts';
import { formatChinaDateTime } from '../core/time.ts';
import { type AuditHitRecord, AuditStore } from '../store/audit-store.ts';
import type { Db } from '../store/db.ts';
import type { NodeStore } from '../store/node-store.ts';
import {
  type FeeLineRecord,
  type SettlementRecord,
  TreatmentStore,
  type VisitChange,
  type VisitRecord,
} from '../store/treatment-store.ts';
import { TtlCache } from '../store/ttl-cache.ts';
import type { InsuredClient } from './insured-client.ts';
import type { EligibilityReply, EligibilityRequest } from './insured-messages.ts';
import { Refusal, settlementRefusal } from './refusal.ts';
import { standingOf } from './settlement-record.ts';

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

/**
 * Another process's change of the audit settings shows after at most this long; this process's own change (the
 * console's PUT) at once, through forgetAuditSettings.
 */
const AUDIT_SETTINGS_CACHE_MS = 30_000;

export class TreatmentService {
  readonly store: TreatmentStore;
  readonly audit: AuditStore;
  private readonly auditSettingsCache = new TtlCache<'settings', AuditSettings>(AUDIT_SETTINGS_CACHE_MS, 1);

  constructor(
    province: string,
    private readonly db: Db,
    private readonly nodeStore: NodeStore,
    private readonly insured: InsuredClient,
  ) {
    this.store = new TreatmentStore(db, province);
    this.audit = new AuditStore(db, province);
  }

  /** The province's audit settings, compiled over the national defaults (智能审核, docs/audit.md). */
  async auditSettings(): Promise<AuditSettings> {
    const cached = this.auditSettingsCache.get('settings');
    if (cached) return cached;
    const stored = await this.audit.settings();
    const checked = stored ? validateAuditSettings(stored.doc) : undefined;
    // A stored document was valid when written; one a later version refuses falls back to the national defaults.
    const settings = checked?.ok ? checked.settings : NATIONAL_AUDIT_SETTINGS;
    this.auditSettingsCache.set('settings', settings);
    return settings;
  }

  /** After the console changed the settings: the next upload reads them. */
  forgetAuditSettings(): void {
    this.auditSettingsCache.delete('settings');
  }

  // ── visits ────────────────────────────────────────────────────────────────────────────────────────────

  /** 2401 入院办理 / 2201 挂号: the insured side confirms the person and, across provinces, the filing. */
  async admit(command: AdmitCommand): Promise<VisitRecord> {
    // The message ran before and its answer was lost with the process (it is saved after the effect): the same
    // visit, not a second one.
    const opened = await this.store.visitOpenedBy(command.institution.fixmedins_code, command.msgid);
    if (opened) return opened;
    const emergency = isEmergencyVisit(command.med_type, command.er_flag);
    const eligibility = await this.insured.ask<EligibilityRequest, EligibilityReply>('visit.eligibility', {
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
      info: withQualifications(
        { ...command.info, ...(command.er_flag ? { er_flag: command.er_flag } : {}) },
        eligibility,
      ),
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
    let info = { ...visit.info, ...fields.info, ...(er_flag ? { er_flag } : {}) };
    if (fields.med_type !== undefined || fields.begntime !== undefined) {
      // A new category or admission day is judged again: the filing must cover it (or it is an emergency).
      const eligibility = await this.insured.ask<EligibilityRequest, EligibilityReply>('visit.eligibility', {
        insuplc_admdvs: visit.insuplc_admdvs,
        psn_no: visit.psn_no,
        insutype: visit.insutype,
        treatment_admdvs: institution.admdvs,
        day: begntime.slice(0, 10),
        emergency: isEmergencyVisit(medType, info.er_flag as string | undefined),
      });
      fields.trt_dcla_detl_sn = eligibility.filing?.trt_dcla_detl_sn ?? null;
      info = withQualifications(info, eligibility);
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
    msgid: string,
  ): Promise<void> {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    // This very message discharged the visit before its answer was lost: done already.
    if (visit.status === 'discharged' && visit.info.discharge_msgid === msgid) return;
    if (!visit.inpatient) throw new Refusal('mdtrt_id', '门诊就诊无需出院办理');
    if (visit.status !== 'open')
      throw new Refusal('mdtrt_id', `就诊状态为${visitStatus(visit)}，不能出院办理`);
    if (endtime < visit.begntime) throw new Refusal('endtime', `出院时间早于入院时间${visit.begntime}`);
    const lastFee = await this.store.lastFeeTime(mdtrtId);
    if (lastFee && lastFee > endtime)
      throw new Refusal('endtime', `出院时间早于已上传费用的发生时间${lastFee}`);
    await this.store.changeVisit(mdtrtId, {
      ...change,
      endtime,
      status: 'discharged',
      info: { ...visit.info, ...change.info, discharge_msgid: msgid },
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
      // This very message uploaded them before its answer was lost: the same result rows, nothing stored twice.
      const mine = await this.store.linesUploadedBy(msgid, [mdtrtId]);
      const bySerial = new Map(mine.map((l) => [l.feedetl_sn, l.result]));
      if (mine.length === lines.length && lines.every((l) => bySerial.has(l.feedetl_sn)))
        return lines.map((l) => bySerial.get(l.feedetl_sn)!) as ReturnType<typeof resultRows>;
      const index = lines.findIndex((l) => l.feedetl_sn === existing[0]);
      throw new Refusal(`feedetail[${index}].feedetl_sn`, `费用明细流水号${existing[0]}已上传，不能重复上传`);
    }
    const earlier = (await this.store.feeLines(mdtrtId)).map((r) => r.line);
    // The earlier lines' items too: the counting rules (bed days, daily repeats) read their catalogue types.
    const catalogue = await this.catalogueFor([...lines, ...earlier]);
    const nowText = formatChinaDateTime(now.getTime());
    let splits: ReturnType<typeof splitLines>;
    try {
      splits = splitLines(lines, catalogue, engineVisit(visit, institution.hosp_lv, null), nowText);
    } catch (error) {
      if (error instanceof SettlementRefused) throw settlementRefusal(error);
      throw error;
    }
    const hits = auditBill(
      {
        lines,
        earlier,
        visit: engineVisit(visit, institution.hosp_lv, null),
        now: nowText,
        person: auditPersonOf(visit),
        catalogue,
      },
      await this.auditSettings(),
    );
    // The upload is refused whole: nothing is stored, the HIS corrects the line and sends the message again.
    const refused = refusalOf(hits);
    if (refused) {
      const cut = refused.indexOf('：');
      throw new Refusal(refused.slice(0, cut), refused.slice(cut + 1));
    }
    const rows = resultRows(splits).map((row, i) => withAuditMemo(row, hitsOfLine(hits, i)));
    const records = splits.map(
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
    );
    const review = hitRecordsOf(reviewOf(hits), visit, institution, msgid, now);
    // The lines and their review hits together: a retry after a lost answer finds both or neither.
    await this.db.transaction(async (tx) => {
      await this.store.insertFeeLines(records, tx);
      await this.audit.insertHits(tx, review);
    });
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

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

  /** The institution's own visit, not cancelled. */
  async openVisit(institution: Institution, mdtrtId: string, psnNo: string | undefined) {
    const visit = await this.ownVisit(institution, mdtrtId, psnNo);
    if (visit.status === 'cancelled') throw new Refusal('mdtrt_id', '就诊已撤销');
    return visit;
  }

  private async standingSettlements(visit: VisitRecord): Promise<SettlementRecord[]> {
    return standingOf(await this.store.settlementsOf(visit.mdtrt_id));
  }

  /** The catalogue versions of a bill's items (就医地目录), as the engine's index. */
  async catalogueFor(lines: readonly FeeLine[]): Promise<CatalogueIndex> {
    const codes = [...new Set(lines.map((l) => l.med_list_codg))];
    return new CatalogueIndex(await this.nodeStore.catalogueVersions(codes));
  }
}

/** result[].memo: the engine's own text first, then the line's warnings and the hits referred for review. */
function withAuditMemo<R extends { readonly memo: string | null | undefined }>(
  row: R,
  hits: readonly AuditHit[],
): R {
  const parts = [row.memo ?? '', ...auditMemoParts(hits)].filter((p) => p !== '');
  return parts.length === 0 || (parts.length === 1 && parts[0] === row.memo)
    ? row
    : { ...row, memo: parts.join('；') };
}

/** Hits as audit_hits keeps them: with the visit, the institution and its pooling region, the message and when. */
export function hitRecordsOf(
  hits: readonly AuditHit[],
  visit: VisitRecord,
  institution: Institution,
  msgid: string,
  at: Date,
): AuditHitRecord[] {
  return hits.map((h) => ({
    rule: h.rule,
    severity: h.severity,
    mdtrt_id: visit.mdtrt_id,
    fixmedins_code: institution.fixmedins_code,
    pooling_admdvs: institution.pooling_admdvs,
    insuplc_admdvs: visit.insuplc_admdvs,
    line_index: h.line_index,
    feedetl_sn: h.feedetl_sn,
    explanation: h.explanation,
    data: h.data,
    msgid,
    at: at.toISOString(),
  }));
}

/**
 * Where a visit keeps the 门诊慢特病 the insured side named at admission (its eligibility reply): in `info`, which
 * the platform writes besides the HIS's own fields (as `discharge_msgid`). Always written from the reply, so a HIS
 * field of the same name cannot stand in for the insured side's word.
 */
const QUALIFIED_DISEASES = 'opsp_dise_codes';

function withQualifications(
  info: Readonly<Record<string, unknown>>,
  reply: EligibilityReply,
): Record<string, unknown> {
  // An older insured node answers without the field: no qualification is known, and the rule judges nothing.
  return { ...info, [QUALIFIED_DISEASES]: [...(reply.opsp_dise_codes ?? [])] };
}

/** The person as the audit reads them: the 1101 identity of the eligibility reply and the qualified diseases. */
export function auditPersonOf(visit: VisitRecord): AuditPerson {
  const codes = visit.info[QUALIFIED_DISEASES];
  return {
    gend: visit.person.gend ?? '',
    brdy: visit.person.brdy ?? '',
    opsp_dise_codes: Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [],
  };
}

/** The visit as the engine reads it: the hospital's level decides the policy's rules. */
export function engineVisit(visit: VisitRecord, hospLv: string, dscgTime: string | null): Visit {
  return {
    med_type: visit.med_type,
    hosp_lv: hospLv,
    begntime: visit.begntime,
    endtime: visit.endtime ?? dscgTime,
    dise_codg: visit.dise_codg,
  };
}

const VISIT_STATUS: Readonly<Record<VisitRecord['status'], string>> = {
  open: '在院/就诊中',
  discharged: '已出院',
  cancelled: '已撤销',
};
const visitStatus = (visit: VisitRecord): string => VISIT_STATUS[visit.status];
