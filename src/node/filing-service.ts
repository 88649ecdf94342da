// The insured side's filings made by hospitals: 2501 referral and 2503 chronic disease filings, their cancels and queries.
import { ReplyError } from '../bus/port.ts';
import {
  clashingFiling,
  duplicateFilingMessage,
  periodsMeet,
  STANDING_STATUSES,
} from '../core/filing/overlap.ts';
import { placeName } from '../core/place-name.ts';
import { provinceOf, regionOf } from '../core/regions.ts';
import type { Db } from '../store/db.ts';
import { type ChronicFilingRecord, FilingStore, type FilingTransaction } from '../store/filing-store.ts';
import type {
  ChronicFilingRequest,
  FilingCancelReply,
  FilingCancelRequest,
  FilingCreateReply,
  FilingCreateRequest,
  FilingQueryReply,
  FilingQueryRequest,
  FilingRecord,
  ReferralFilingRequest,
} from './insured-messages.ts';
import { identityOf } from './insured-service.ts';
import type { OutboxRelay } from './outbox-relay.ts';
import { replyRefusal } from './refusal.ts';
import { filingEventSubject } from './subjects.ts';

/** 申报来源 of a filing a hospital made (the dataset's vocabulary: app, counter, web, hospital). */
export const HOSPITAL_DCLA_SOUC = 'hospital';
/** 备案类别 of a referral filing: 异地转诊 (temporary). */
export const REFERRAL_DCLA_TYPE = '21';

export class FilingService {
  readonly store: FilingStore;

  constructor(
    db: Db,
    province: string,
    private readonly relay: OutboxRelay,
  ) {
    this.store = new FilingStore(db, province, filingEventSubject(province));
  }

  /** 2501 / 2503: one filing per request key; a retry of the same message gets the first answer. */
  async create(request: FilingCreateRequest): Promise<FilingCreateReply> {
    const replay = await this.replayOf(request, this.store);
    if (replay) return replay;
    const reply = await this.store.withPerson(request.psn_no, request.insutype, async (tx) => {
      // Checked again under the lock: two copies of one message racing each other make one filing.
      const again = await this.replayOf(request, tx);
      if (again) return again;
      return request.kind === 'referral' ? this.createReferral(tx, request) : this.createChronic(tx, request);
    });
    if (!reply) throw notInsured(request);
    void this.relay.kick();
    return reply;
  }

  /** 2502 / 2504: only a filing of the person that this institution made; a second cancel is answered the same. */
  async cancel(request: FilingCancelRequest): Promise<FilingCancelReply> {
    const filing =
      request.kind === 'referral'
        ? await this.store.referral(request.trt_dcla_detl_sn)
        : await this.store.chronicFiling(request.trt_dcla_detl_sn);
    if (!filing || filing.psn_no !== request.psn_no || filing.fixmedins_code !== request.fixmedins_code) {
      throw new ReplyError(
        'filing-not-found',
        `本机构没有为人员${request.psn_no}办理备案流水号为${request.trt_dcla_detl_sn}的${request.kind === 'referral' ? '转院备案' : '慢特病备案'}`,
      );
    }
    if (filing.status === 'cancelled') return { outcome: 'already', filing: referralOrNull(request, filing) };
    if (!STANDING_STATUSES.has(filing.status))
      throw new ReplyError(
        'filing-not-found',
        `备案${request.trt_dcla_detl_sn}的状态为${filing.status}，不能撤销`,
      );
    const cancelled =
      request.kind === 'referral'
        ? await this.store.cancelReferral(request.trt_dcla_detl_sn, request.memo)
        : await this.store.cancelChronic(request.trt_dcla_detl_sn, request.memo);
    void this.relay.kick();
    const now =
      request.kind === 'referral'
        ? await this.store.referral(request.trt_dcla_detl_sn)
        : await this.store.chronicFiling(request.trt_dcla_detl_sn);
    return { outcome: cancelled ? 'cancelled' : 'already', filing: referralOrNull(request, now!) };
  }

  /** 5301: the person's chronic qualifications (the record's and the hospitals' filings); 5304: referral filings. */
  async query(request: FilingQueryRequest): Promise<FilingQueryReply> {
    const persons = await this.store.persons(request.psn_no);
    if (persons.length === 0)
      throw replyRefusal('person-not-found', `参保地未查询到人员${request.psn_no}的参保信息`);
    if (request.kind === 'referral') {
      return {
        person: identityOf(persons[0]!),
        chronic: [],
        referrals: await this.store.referralsOf(
          request.psn_no,
          request.begndate ?? '0001-01-01',
          request.enddate ?? '9999-12-31',
        ),
      };
    }
    const fromRecord = persons.flatMap((p) =>
      (p.chronic ?? []).map((c) => ({
        insutype: p.insutype,
        trt_dcla_detl_sn: null,
        opsp_dise_code: c.opsp_dise_code,
        opsp_dise_name: null,
        begndate: c.begndate,
        enddate: c.enddate,
        status: 'approved',
        fixmedins_code: null,
        hosp_ide_date: null,
        memo: null,
        info: {},
      })),
    );
    return {
      person: identityOf(persons[0]!),
      chronic: [...fromRecord, ...(await this.store.chronicFilingsOf(request.psn_no))],
      referrals: [],
    };
  }

  private async replayOf(
    request: FilingCreateRequest,
    on: Pick<FilingTransaction, 'referralByKey' | 'chronicByKey'>,
  ): Promise<FilingCreateReply | undefined> {
    if (request.kind === 'referral') {
      const filing = await on.referralByKey(request.request_key);
      return filing && { trt_dcla_detl_sn: filing.trt_dcla_detl_sn, filing, replayed: true };
    }
    const filing = await on.chronicByKey(request.request_key);
    return filing && { trt_dcla_detl_sn: filing.trt_dcla_detl_sn, filing: null, replayed: true };
  }

  private async createReferral(
    tx: FilingTransaction,
    request: ReferralFilingRequest,
  ): Promise<FilingCreateReply> {
    const insuredPlace = tx.person.insuplc_admdvs;
    const target = request.mdtrtarea_admdvs;
    if (provinceOf(target) === provinceOf(insuredPlace))
      throw new ReplyError(
        'filing-place',
        `转往地区${target}与参保地${insuredPlace}同省，不属于跨省异地转诊，请按省内转诊办理`,
      );
    checkPeriod(request.begndate, request.enddate, true);
    const clash = clashingFiling(await tx.referrals(), target, request.begndate, request.enddate);
    if (clash)
      throw duplicate(
        clash.trt_dcla_detl_sn,
        clash.begndate,
        clash.enddate,
        placeWithCode(clash.mdtrtarea_admdvs),
      );
    const filing: FilingRecord = {
      trt_dcla_detl_sn: serialId('F', insuredPlace, request.day, await tx.serial()),
      psn_no: request.psn_no,
      insutype: request.insutype,
      insuplc_admdvs: insuredPlace,
      dcla_type: REFERRAL_DCLA_TYPE,
      mdtrtarea_admdvs: target,
      begndate: request.begndate,
      enddate: request.enddate,
      dcla_souc: HOSPITAL_DCLA_SOUC,
      status: 'approved',
      fixmedins_code: request.fixmedins_code,
      memo: null,
      info: request.info,
    };
    await tx.insertReferral(filing, request.request_key);
    return { trt_dcla_detl_sn: filing.trt_dcla_detl_sn, filing, replayed: false };
  }

  private async createChronic(
    tx: FilingTransaction,
    request: ChronicFilingRequest,
  ): Promise<FilingCreateReply> {
    checkPeriod(request.begndate, request.enddate, false);
    const standing = [
      ...(tx.person.chronic ?? []).map((c) => ({ ...c, trt_dcla_detl_sn: '参保地认定', status: 'approved' })),
      ...(await tx.chronicFilings()),
    ];
    const clash = standing.find(
      (c) =>
        STANDING_STATUSES.has(c.status) &&
        c.opsp_dise_code === request.opsp_dise_code &&
        periodsMeet(c.begndate, c.enddate, request.begndate, request.enddate),
    );
    if (clash) throw duplicate(clash.trt_dcla_detl_sn, clash.begndate, clash.enddate, request.opsp_dise_code);
    const filing: ChronicFilingRecord = {
      trt_dcla_detl_sn: serialId('C', tx.person.insuplc_admdvs, request.day, await tx.serial()),
      psn_no: request.psn_no,
      insutype: request.insutype,
      opsp_dise_code: request.opsp_dise_code,
      opsp_dise_name: request.opsp_dise_name,
      begndate: request.begndate,
      enddate: request.enddate,
      status: 'approved',
      fixmedins_code: request.fixmedins_code,
      hosp_ide_date: request.hosp_ide_date,
      memo: null,
      info: request.info,
    };
    await tx.insertChronic(filing, request.request_key);
    return { trt_dcla_detl_sn: filing.trt_dcla_detl_sn, filing: null, replayed: false };
  }
}

/** `F` (referral) or `C` (chronic) + insured place + yyyyMMdd + the node's serial: unique, and tells where it lives. */
export function serialId(prefix: string, admdvs: string, day: string, serial: number): string {
  return `${prefix}${admdvs}${day.replace(/-/g, '')}${String(serial).padStart(6, '0')}`;
}

/** A temporary filing (referral) needs an end; the end may not come before the beginning. */
function checkPeriod(begndate: string, enddate: string | null, temporary: boolean): void {
  if (temporary && enddate === null)
    throw new ReplyError('filing-period', '转院备案属于临时外出就医备案，必须填写结束日期');
  if (enddate !== null && enddate < begndate)
    throw new ReplyError('filing-period', `结束日期${enddate}早于开始日期${begndate}`);
}

/** 海南省（460000）: a place named in a refusal, with its code for the clerk. */
export function placeWithCode(admdvs: string): string {
  return regionOf(admdvs) ? `${placeName(admdvs)}（${admdvs}）` : admdvs;
}

function duplicate(sn: string, begndate: string, enddate: string | null, what: string): ReplyError {
  return new ReplyError('filing-duplicate', duplicateFilingMessage(sn, begndate, enddate, what));
}

function referralOrNull(
  request: FilingCancelRequest,
  filing: FilingRecord | ChronicFilingRecord,
): FilingRecord | null {
  return request.kind === 'referral' ? (filing as FilingRecord) : null;
}

function notInsured(request: { psn_no: string; insutype: string }): ReplyError {
  return replyRefusal(
    'person-not-found',
    `参保地未查询到人员${request.psn_no}的${request.insutype}险种参保信息`,
  );
}
