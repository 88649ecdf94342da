// The 门诊慢特病 告知书: what a qualification lets the person do, where, and what to bring — structured and as text.

import { labelOf } from '../core/dictionaries.ts';
import { maskCertno } from '../core/masking.ts';
import { placeName } from '../core/place-name.ts';
import type { ChronicQualificationItem, NoticeFacts, QualificationState } from './chronic-qualifications.ts';

/** Bumped whenever the wording or the fields change, so a printed notice can be matched to its template. */
export const CHRONIC_NOTICE_VERSION = 'MTB-2026.1';

export const CHRONIC_NOTICE_TITLE = '跨省异地就医门诊慢特病待遇告知书';

/** 门诊慢特病 settle as 医疗类别 14 (dictionaries MED_TYPE). */
const CHRONIC_MED_TYPE = '14';

export const STATE_NAMES: Readonly<Record<QualificationState, string>> = {
  valid: '有效',
  'not-yet-valid': '未到开始日期',
  expired: '已过期',
  cancelled: '已撤销',
};

const BRING: readonly string[] = [
  '医保电子凭证、社会保障卡或居民身份证（医院凭此读取参保信息）',
  '门诊慢特病诊断证明或病历资料（首次就诊时交医生查看）',
  '本告知书（纸质或电子版均可）',
];

export interface NoticeInstitution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly hosp_lv: string;
  readonly hosp_lv_name: string;
  readonly admdvs: string;
  readonly place_name: string;
  readonly addr: string | null;
  readonly tel: string | null;
}

export interface ChronicNotice {
  readonly title: string;
  readonly notice_version: string;
  readonly issued_on: string;
  readonly person: {
    readonly psn_no: string;
    readonly psn_name: string;
    /** Masked: a notice is printed and handed over at a hospital counter. */
    readonly certno: string;
    readonly insutype: string;
    readonly insutype_name: string;
    readonly insuplc_admdvs: string;
    readonly insuplc_name: string;
  };
  readonly qualification: DescribedQualification;
  readonly places: readonly {
    readonly trt_dcla_detl_sn: string;
    readonly dcla_type: string;
    readonly dcla_type_name: string;
    readonly mdtrtarea_admdvs: string;
    readonly place_name: string;
    readonly begndate: string;
    readonly enddate: string | null;
    readonly institutions: readonly NoticeInstitution[];
  }[];
  readonly bring: readonly string[];
  readonly notes: readonly string[];
  readonly text: string;
}

export type DescribedQualification = ChronicQualificationItem & {
  readonly state_name: string;
  readonly source_name: string;
};

/** A qualification with the words a person reads: its state and where it comes from. */
export function describedQualification(q: ChronicQualificationItem): DescribedQualification {
  return {
    ...q,
    state_name: STATE_NAMES[q.state],
    source_name:
      q.source === 'insured-place'
        ? '参保地认定'
        : `医院备案（${q.fixmedins_name ?? q.fixmedins_code ?? ''}）`,
  };
}

const period = (begndate: string, enddate: string | null): string => `${begndate}至${enddate ?? '长期'}`;

const NOTES: readonly string[] = [
  '就医时请告知医院按“门诊慢特病”结算；医院读取参保信息后直接结算，您只需支付个人负担部分，无需先垫付全部费用再回参保地报销。',
  '费用按就医地的医保目录（药品、诊疗项目、医用耗材）认定，按参保地门诊慢特病的起付线、支付比例和最高支付限额支付。',
  '同时具备三项条件才能直接结算：参保地认定的该病种资格在有效期内；有效的异地就医备案；就医的定点医疗机构已开通该病种的跨省直接结算。',
  '在未开通该病种的机构就医，或没有有效备案的，费用不能直接结算，可按参保地规定回参保地申请报销。',
];

export function chronicNotice(facts: NoticeFacts): ChronicNotice {
  const { person, qualification: q } = facts;
  const notice: Omit<ChronicNotice, 'text'> = {
    title: CHRONIC_NOTICE_TITLE,
    notice_version: CHRONIC_NOTICE_VERSION,
    issued_on: facts.today,
    person: {
      psn_no: person.psn_no,
      psn_name: person.psn_name,
      certno: maskCertno(person.certno),
      insutype: q.insutype,
      insutype_name: labelOf('insutype', q.insutype) ?? q.insutype,
      insuplc_admdvs: person.insuplc_admdvs,
      insuplc_name: placeName(person.insuplc_admdvs),
    },
    qualification: describedQualification(q),
    places: facts.places.map((p) => ({
      trt_dcla_detl_sn: p.filing.trt_dcla_detl_sn,
      dcla_type: p.filing.dcla_type,
      dcla_type_name: labelOf('dcla_type', p.filing.dcla_type) ?? p.filing.dcla_type,
      mdtrtarea_admdvs: p.filing.mdtrtarea_admdvs,
      place_name: placeName(p.filing.mdtrtarea_admdvs),
      begndate: p.filing.begndate,
      enddate: p.filing.enddate,
      institutions: p.institutions.map((i) => ({
        fixmedins_code: i.fixmedins_code,
        fixmedins_name: i.fixmedins_name,
        hosp_lv: i.hosp_lv,
        hosp_lv_name: labelOf('hosp_lv', i.hosp_lv) ?? i.hosp_lv,
        admdvs: i.admdvs,
        place_name: placeName(i.admdvs),
        addr: i.addr,
        tel: i.tel,
      })),
    })),
    bring: BRING,
    notes: NOTES,
  };
  return { ...notice, text: noticeText(notice) };
}

/** The notice as one Chinese text, for printing or reading out; numbered sections follow what applies. */
function noticeText(n: Omit<ChronicNotice, 'text'>): string {
  const q = n.qualification;
  const usable = q.state === 'valid' || q.state === 'not-yet-valid';
  const lines = [
    n.title,
    '',
    `${n.person.psn_name}（个人编号${n.person.psn_no}，证件号码${n.person.certno}）：`,
    `您参加${n.person.insuplc_name}${n.person.insutype_name}，已取得门诊慢特病“${q.opsp_dise_name ?? q.opsp_dise_code}”` +
      `（病种代码${q.opsp_dise_code}）待遇资格，来源：${q.source_name}，有效期${period(q.begndate, q.enddate)}，` +
      `截至${n.issued_on}状态：${q.state_name}。`,
    '',
  ];
  const sections: string[][] = [];
  if (!usable) {
    lines.push(
      '该资格目前不能用于跨省直接结算。如需继续享受待遇，请到参保地经办机构或定点医疗机构重新办理资格认定。',
    );
  } else if (n.places.length === 0) {
    lines.push(
      '您目前没有可用于该病种的有效异地就医备案。请先办理异地就医备案，再到备案地已开通该病种的定点医疗机构就医。',
    );
  } else {
    const where = [`可直接结算的地方（医疗类别：${labelOf('med_type', CHRONIC_MED_TYPE) ?? '门诊慢特病'}）`];
    for (const p of n.places) {
      where.push(
        `${p.place_name}（备案流水号${p.trt_dcla_detl_sn}，${p.dcla_type_name}，${period(p.begndate, p.enddate)}）：`,
      );
      if (p.institutions.length === 0) where.push('  该地暂无开通此病种跨省直接结算的定点医疗机构。');
      for (const i of p.institutions)
        where.push(
          `  ${i.fixmedins_name}（${i.fixmedins_code}，${i.hosp_lv_name}，${i.place_name}` +
            `${i.addr ? `，${i.addr}` : ''}${i.tel ? `，电话${i.tel}` : ''}）`,
        );
    }
    sections.push(where);
  }
  sections.push(['就医时请携带', ...n.bring.map((b, i) => `${i + 1}. ${b}`)]);
  sections.push(['温馨提示', ...n.notes.map((t, i) => `${i + 1}. ${t}`)]);
  sections.forEach(([heading, ...body], i) => {
    lines.push(`${SECTION_NUMBERS[i]}、${heading}`, ...body, '');
  });
  lines.push(`${n.person.insuplc_name}医疗保障经办机构　${n.issued_on}　（告知书版本${n.notice_version}）`);
  return lines.join('\n');
}

const SECTION_NUMBERS = ['一', '二', '三'] as const;
