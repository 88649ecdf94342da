// 参保地备案经办: a person's online filing and the agency's counter, review, change and cancel, with the rules of core/filing.
import { createHash, randomBytes } from 'node:crypto';
import {
  type ApplicationInput,
  acceptApplication,
  acceptChange,
  type ChangeInput,
  type Channel,
  checkChangeAllowed,
  FilingRuleError,
} from '../core/filing/application.ts';
import { MAX_PENDING_MATERIALS, type MaterialType } from '../core/filing/materials.ts';
import { clashingFiling, duplicateFilingMessage } from '../core/filing/overlap.ts';
import { type FilingSettings, filingSettingsOf } from '../core/filing/settings.ts';
import { poolingRegionOf } from '../core/regions.ts';
import { chinaDateOf } from '../core/time.ts';
import type { Db } from '../store/db.ts';
import {
  type DeskFiling,
  FilingDeskStore,
  type MaterialMeta,
  type SearchFilter,
} from '../store/filing-desk-store.ts';
import { RegionStore } from '../store/region-store.ts';
import { placeWithCode, serialId } from './filing-service.ts';
import { type FilingView, STATUS_NAMES, viewOf } from './filing-view.ts';
import type { OutboxRelay } from './outbox-relay.ts';
import { filingEventSubject } from './subjects.ts';

export type { FilingView };

export interface NewMaterial {
  readonly filename: string;
  readonly content_type: MaterialType;
  readonly bytes: Buffer;
}

export class FilingDesk {
  readonly store: FilingDeskStore;
  private readonly regions: RegionStore;

  constructor(
    db: Db,
    readonly province: string,
    private readonly relay: OutboxRelay,
  ) {
    this.store = new FilingDeskStore(db, province, filingEventSubject(province));
    this.regions = new RegionStore(db, province);
  }

  /** The filing settings of a pooling region of this province: its own choices over the national defaults. */
  async settingsOf(insuplcAdmdvs: string): Promise<FilingSettings> {
    return filingSettingsOf(
      await this.regions.filingSettings(poolingRegionOf(insuplcAdmdvs) ?? insuplcAdmdvs),
    );
  }

  /**
   * 备案申请: checks the rules, refuses a duplicate under the person's lock, and records the filing (approved at once
   * or waiting for review). `actor` is the person's psn_no online, the clerk's username at the counter.
   */
  async apply(
    psnNo: string,
    input: ApplicationInput,
    channel: Channel,
    actor: string,
    now: Date,
  ): Promise<FilingView> {
    const today = chinaDateOf(now.getTime());
    const persons = await this.store.personsOf(psnNo);
    const person = persons.find((p) => p.insutype === input.insutype) ?? persons[0];
    if (!person) throw new FilingRuleError('filing-insutype', 'psn_no', `本省未查询到人员${psnNo}的参保信息`);
    const settings = await this.settingsOf(person.insuplc_admdvs);
    const applicant = {
      psn_name: person.psn_name,
      insuplc_admdvs: person.insuplc_admdvs,
      insutypes: persons.map((p) => p.insutype),
    };
    const accepted = acceptApplication(input, applicant, settings, today, channel);
    const materialIds = input.proof?.kind === 'materials' ? [...new Set(input.proof.material_ids)] : [];
    const sn = await this.store.withPerson(psnNo, input.insutype, async (tx) => {
      const clash = clashingFiling(
        (await tx.filings()).filter((f) => f.insutype === input.insutype),
        input.mdtrtarea_admdvs,
        input.begndate,
        accepted.enddate,
      );
      if (clash) throw duplicateOf(clash);
      const free = new Set(materialIds.length > 0 ? await tx.unattachedMaterials(materialIds) : []);
      const missing = materialIds.findIndex((id) => !free.has(id));
      if (missing >= 0)
        throw new FilingRuleError(
          'filing-proof',
          `proof.material_ids[${missing}]`,
          '材料不存在、不属于本人或已用于其他备案，请重新上传',
        );
      const id = serialId('F', person.insuplc_admdvs, today, await tx.serial());
      await tx.insert(
        {
          trt_dcla_detl_sn: id,
          psn_no: psnNo,
          insutype: input.insutype,
          dcla_type: input.dcla_type,
          mdtrtarea_admdvs: input.mdtrtarea_admdvs,
          begndate: input.begndate,
          enddate: accepted.enddate,
          dcla_souc: channel === 'counter' ? 'counter' : 'app',
          status: accepted.status,
          contact: input.contact,
          notice_version: input.notice_version,
          commitment_doc:
            input.proof?.kind === 'commitment'
              ? {
                  text_version: input.proof.text_version,
                  signed_name: input.proof.signed_name,
                  signed_at: now.toISOString(),
                }
              : null,
          applicant: actor,
          material_ids: materialIds,
        },
        now,
      );
      return id;
    });
    if (!sn)
      throw new FilingRuleError('filing-insutype', 'insutype', `参保人没有险种${input.insutype}的参保信息`);
    void this.relay.kick();
    return (await this.view(sn, now, settings))!;
  }

  /** 备案变更 by the person (waiting time applies) or a clerk; the place, a temporary end or the contact. */
  async change(
    sn: string,
    change: ChangeInput,
    actor: string,
    byStaff: boolean,
    now: Date,
  ): Promise<FilingView | undefined> {
    const existing = await this.store.filing(sn);
    if (!existing) return undefined;
    const settings = await this.settingsOf(existing.insuplc_admdvs);
    const today = chinaDateOf(now.getTime());
    const others = (await this.store.filingsOf(existing.psn_no)).filter(
      (f) => f.trt_dcla_detl_sn !== sn && f.insutype === existing.insutype,
    );
    const done = await this.store.transition(sn, now, actor, (current) => {
      if (!byStaff) checkChangeAllowed(this.standing(current), settings, today, '变更');
      else if (current.status !== 'approved' && current.status !== 'submitted')
        throw new FilingRuleError(
          'filing-state',
          'trt_dcla_detl_sn',
          `备案状态为${current.status}，不能变更`,
        );
      const next = acceptChange(
        current,
        change,
        { psn_name: current.psn_name, insuplc_admdvs: current.insuplc_admdvs, insutypes: [current.insutype] },
        settings,
      );
      const clash = clashingFiling(others, next.mdtrtarea_admdvs, current.begndate, next.enddate);
      if (clash) throw duplicateOf(clash);
      const changes: Record<string, unknown> = {};
      if (next.mdtrtarea_admdvs !== current.mdtrtarea_admdvs)
        changes.mdtrtarea_admdvs = [current.mdtrtarea_admdvs, next.mdtrtarea_admdvs];
      if (next.enddate !== current.enddate) changes.enddate = [current.enddate, next.enddate];
      if (change.contact) changes.contact = change.contact;
      return { status: current.status, ...next, contact: change.contact ?? current.contact, changes };
    });
    void this.relay.kick();
    return done && this.view(sn, now, settings);
  }

  /** 备案取消: the person within the region's rules; a clerk at any time, with a reason. */
  async cancel(
    sn: string,
    reason: string | null,
    actor: string,
    byStaff: boolean,
    now: Date,
  ): Promise<FilingView | undefined> {
    const existing = await this.store.filing(sn);
    if (!existing) return undefined;
    const settings = await this.settingsOf(existing.insuplc_admdvs);
    const today = chinaDateOf(now.getTime());
    const done = await this.store.transition(sn, now, actor, (current) => {
      if (byStaff) {
        if (current.status !== 'approved' && current.status !== 'submitted')
          throw new FilingRuleError(
            'filing-state',
            'trt_dcla_detl_sn',
            `备案状态为${current.status}，不能取消`,
          );
      } else checkChangeAllowed(this.standing(current), settings, today, '取消');
      return { status: 'cancelled', reason };
    });
    void this.relay.kick();
    return done && this.view(sn, now);
  }

  /** 审核: a submitted filing approved, or rejected with a reason the person sees. */
  async review(
    sn: string,
    decision: 'approve' | 'reject',
    reason: string | null,
    reviewer: string,
    now: Date,
  ): Promise<FilingView | undefined> {
    const done = await this.store.transition(sn, now, reviewer, (current) => {
      if (current.status !== 'submitted')
        throw new FilingRuleError(
          'filing-state',
          'trt_dcla_detl_sn',
          `备案状态为${STATUS_NAMES[current.status] ?? current.status}，只有待审核的备案可以审核`,
        );
      if (decision === 'reject' && !reason)
        throw new FilingRuleError('filing-state', 'reason', '不予备案时须填写原因');
      return { status: decision === 'approve' ? 'approved' : 'rejected', reason, reviewer };
    });
    void this.relay.kick();
    return done && this.view(sn, now);
  }

  /** A filing with its history and materials as of `now`; `settings` when the caller has read them already. */
  async view(sn: string, now: Date, known?: FilingSettings): Promise<FilingView | undefined> {
    const filing = await this.store.filing(sn);
    if (!filing) return undefined;
    const [history, materials, settings] = await Promise.all([
      this.store.historyOf(sn),
      this.store.materialsOf(sn),
      known ?? this.settingsOf(filing.insuplc_admdvs),
    ]);
    return viewOf(filing, history, materials, settings, chinaDateOf(now.getTime()));
  }

  /** 备案记录: every filing of the person, newest first. */
  async recordsOf(psnNo: string, now: Date): Promise<FilingView[]> {
    const filings = await this.store.filingsOf(psnNo);
    return Promise.all(filings.map((f) => this.view(f.trt_dcla_detl_sn, now))) as Promise<FilingView[]>;
  }

  async search(filter: SearchFilter, now: Date): Promise<{ total: number; items: FilingView[] }> {
    const found = await this.store.search(filter);
    const today = chinaDateOf(now.getTime());
    const items = await Promise.all(
      found.items.map(async (f) =>
        viewOf(
          f,
          await this.store.historyOf(f.trt_dcla_detl_sn),
          [],
          await this.settingsOf(f.insuplc_admdvs),
          today,
        ),
      ),
    );
    return { total: found.total, items };
  }

  /** Stores an uploaded material for the person; false when they already hold the most pending materials allowed. */
  async uploadMaterial(
    psnNo: string,
    material: NewMaterial,
    now: Date,
  ): Promise<Omit<MaterialMeta, 'trt_dcla_detl_sn'> | undefined> {
    const meta = {
      material_id: `M${this.province.slice(0, 2)}${randomBytes(12).toString('hex')}`,
      filename: material.filename,
      content_type: material.content_type,
      size_bytes: material.bytes.length,
      sha256: createHash('sha256').update(material.bytes).digest('hex'),
      uploaded_at: now,
    };
    const saved = await this.store.saveMaterial(
      { ...meta, psn_no: psnNo, bytes: material.bytes },
      MAX_PENDING_MATERIALS,
    );
    return saved ? meta : undefined;
  }

  private standing(f: DeskFiling) {
    return {
      dcla_type: f.dcla_type,
      status: f.status,
      approved_on: f.approved_at ? chinaDateOf(new Date(f.approved_at).getTime()) : null,
    };
  }
}

/** 「已有备案信息，无需重复备案」 naming the filing that stands, about the place the request asked for. */
function duplicateOf(clash: DeskFiling): FilingRuleError {
  return new FilingRuleError(
    'filing-duplicate',
    'mdtrtarea_admdvs',
    duplicateFilingMessage(
      clash.trt_dcla_detl_sn,
      clash.begndate,
      clash.enddate,
      placeWithCode(clash.mdtrtarea_admdvs),
    ),
  );
}
