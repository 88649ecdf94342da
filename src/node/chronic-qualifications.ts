// 我的门诊慢特病: a person's qualifications (参保地认定 and hospitals' 2503 filings) and the facts of their 告知书.
import { chronicDiseaseName } from '../core/chronic-diseases.ts';
import type { Filing, Person } from '../core/dataset/model.ts';
import { poolingRegionOf, provinceOf } from '../core/regions.ts';
import { isWithin } from '../core/time.ts';
import type { ChronicInstitution } from '../store/chronic-directory-store.ts';
import type { ChronicFilingRecord } from '../store/filing-store.ts';
import type { RecordsOwner } from './person-records.ts';
import type { RecordsPlatform } from './treatment-records.ts';

/** Where a qualification stands today. */
export type QualificationState = 'valid' | 'not-yet-valid' | 'expired' | 'cancelled';

export interface ChronicQualificationItem {
  /** How the portal names it: the filing's serial, or (a qualification of the person record) its place in the list. */
  readonly id: string;
  /** 1-based place in the list: the person record's qualifications first, then the filings by start date. */
  readonly index: number;
  readonly trt_dcla_detl_sn: string | null;
  readonly insutype: string;
  readonly opsp_dise_code: string;
  readonly opsp_dise_name: string | null;
  /** 参保地认定 (the insured place's own record) or a hospital's filing (2503). */
  readonly source: 'insured-place' | 'hospital';
  readonly fixmedins_code: string | null;
  readonly fixmedins_name: string | null;
  readonly hosp_ide_date: string | null;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
  readonly state: QualificationState;
  readonly memo: string | null;
}

/** An off-site filing under which the person can settle the disease, with the institutions open for it there. */
export interface NoticePlace {
  readonly filing: Pick<
    Filing,
    'trt_dcla_detl_sn' | 'dcla_type' | 'mdtrtarea_admdvs' | 'begndate' | 'enddate'
  >;
  readonly institutions: readonly ChronicInstitution[];
}

/** What a 告知书 says, before it is worded (chronic-notice.ts). */
export interface NoticeFacts {
  readonly person: Person;
  readonly qualification: ChronicQualificationItem;
  readonly places: readonly NoticePlace[];
  readonly today: string;
}

/** The person's qualifications; the same list and order 5301 answers, with names, sources and states. */
export async function chronicQualificationsOf(
  platform: RecordsPlatform,
  owner: RecordsOwner,
  today: string,
): Promise<{ person: Person | undefined; qualifications: ChronicQualificationItem[] }> {
  const node = platform.nodes.get(owner.province)!;
  const persons = await node.filings.store.persons(owner.psn_no);
  const person = persons[0];
  if (!person) return { person, qualifications: [] };
  const reply = await node.filings.query({
    kind: 'chronic',
    insuplc_admdvs: person.insuplc_admdvs,
    psn_no: owner.psn_no,
  });
  const filers = [...new Set(reply.chronic.flatMap((c) => (c.fixmedins_code ? [c.fixmedins_code] : [])))];
  const names = new Map(Object.entries(await platform.hub.institutionNames(filers)));
  const qualifications = reply.chronic.map((c, i): ChronicQualificationItem => {
    const index = i + 1;
    return {
      id: c.trt_dcla_detl_sn ?? String(index),
      index,
      trt_dcla_detl_sn: c.trt_dcla_detl_sn,
      insutype: c.insutype,
      opsp_dise_code: c.opsp_dise_code,
      // The hospital's own wording when it filed; a record's qualification has only the code.
      opsp_dise_name: c.opsp_dise_name ?? chronicDiseaseName(c.opsp_dise_code) ?? null,
      source: c.trt_dcla_detl_sn === null ? 'insured-place' : 'hospital',
      fixmedins_code: c.fixmedins_code,
      fixmedins_name: c.fixmedins_code ? (names.get(c.fixmedins_code) ?? null) : null,
      hosp_ide_date: c.hosp_ide_date,
      begndate: c.begndate,
      enddate: c.enddate,
      status: c.status,
      state: stateOf(c.status, c.begndate, c.enddate, today),
      memo: c.memo,
    };
  });
  return { person, qualifications };
}

/** The facts of the 告知书 of one qualification (by id or 1-based index), or undefined when there is none such. */
export async function noticeFactsOf(
  platform: RecordsPlatform,
  owner: RecordsOwner,
  ref: string,
  today: string,
): Promise<NoticeFacts | undefined> {
  const { person, qualifications } = await chronicQualificationsOf(platform, owner, today);
  const qualification =
    qualifications.find((q) => q.trt_dcla_detl_sn !== null && q.trt_dcla_detl_sn === ref) ??
    (/^[1-9]\d{0,3}$/.test(ref) ? qualifications[Number(ref) - 1] : undefined);
  if (!person || !qualification) return undefined;
  const usable = qualification.state === 'valid' || qualification.state === 'not-yet-valid';
  const node = platform.nodes.get(owner.province)!;
  const filings = usable
    ? (await node.store.filingsOf(owner.psn_no)).filter(
        (f) =>
          f.insutype === qualification.insutype &&
          f.status === 'approved' &&
          // Still to come or running, and meeting the qualification's own period.
          (f.enddate === null || f.enddate >= today) &&
          (f.enddate === null || f.enddate >= qualification.begndate) &&
          (qualification.enddate === null || f.begndate <= qualification.enddate),
      )
    : [];
  const provinces = [...new Set(filings.map((f) => provinceOf(f.mdtrtarea_admdvs)))];
  const open = await platform.hub.chronicSettling(qualification.opsp_dise_code, provinces);
  const places = filings.map(
    (f): NoticePlace => ({
      filing: {
        trt_dcla_detl_sn: f.trt_dcla_detl_sn,
        dcla_type: f.dcla_type,
        mdtrtarea_admdvs: f.mdtrtarea_admdvs,
        begndate: f.begndate,
        enddate: f.enddate,
      },
      // A filing names a province or a pooling region (统筹区); the institution must lie inside it.
      institutions: open.filter(
        (i) =>
          f.mdtrtarea_admdvs === provinceOf(i.admdvs) || f.mdtrtarea_admdvs === poolingRegionOf(i.admdvs),
      ),
    }),
  );
  return { person, qualification, places, today };
}

/**
 * The disease codes a person is qualified for on a day, each once in the order met: the record's own
 * qualifications (参保地认定) and the approved hospital filings (2503) of the insurance type, valid that day (both
 * ends inclusive), as 5301 and the portal judge them.
 */
export function qualifiedDiseasesOn(
  person: Pick<Person, 'chronic' | 'insutype'>,
  filings: readonly Pick<
    ChronicFilingRecord,
    'insutype' | 'opsp_dise_code' | 'begndate' | 'enddate' | 'status'
  >[],
  day: string,
): string[] {
  const valid = [
    ...(person.chronic ?? []).map((c) => ({ ...c, status: 'approved' })),
    ...filings.filter((f) => f.insutype === person.insutype),
  ].filter((c) => stateOf(c.status, c.begndate, c.enddate, day) === 'valid');
  return [...new Set(valid.map((c) => c.opsp_dise_code))];
}

function stateOf(
  status: string,
  begndate: string,
  enddate: string | null,
  today: string,
): QualificationState {
  if (status !== 'approved') return 'cancelled';
  if (today < begndate) return 'not-yet-valid';
  return isWithin(today, begndate, enddate) ? 'valid' : 'expired';
}
