import { describe, expect, it } from 'vitest';
import type { Person } from '../core/dataset/model.ts';
import { CHRONIC_NOTICE_VERSION, chronicNotice } from './chronic-notice.ts';
import type { ChronicQualificationItem, NoticeFacts } from './chronic-qualifications.ts';

const PERSON = {
  psn_no: '13010000000000002001',
  psn_name: '李秀英',
  certno: '130102195208201021',
  insutype: '310',
  insuplc_admdvs: '130100',
} as Person;

const QUALIFICATION: ChronicQualificationItem = {
  id: 'C13010020260512000042',
  index: 1,
  trt_dcla_detl_sn: 'C13010020260512000042',
  insutype: '310',
  opsp_dise_code: 'M01600',
  opsp_dise_name: '糖尿病',
  source: 'hospital',
  fixmedins_code: 'H46010800012',
  fixmedins_name: '海口市第一人民医院',
  hosp_ide_date: '2026-05-10',
  begndate: '2026-05-10',
  enddate: null,
  status: 'approved',
  state: 'valid',
  memo: null,
};

const facts = (change: Partial<NoticeFacts> = {}): NoticeFacts => ({
  person: PERSON,
  qualification: QUALIFICATION,
  places: [],
  today: '2026-05-12',
  ...change,
});

describe('门诊慢特病 告知书', () => {
  it('tells a qualified person without a filing to file before treatment elsewhere', () => {
    const notice = chronicNotice(facts());
    expect(notice.places).toEqual([]);
    expect(notice.text).toContain('您目前没有可用于该病种的有效异地就医备案');
    expect(notice.text).toContain('一、就医时请携带');
    expect(notice.text).not.toContain('可直接结算的地方');
    expect(notice.qualification.source_name).toBe('医院备案（海口市第一人民医院）');
  });

  it('masks the ID number in the structure and the text, and names its template version', () => {
    const notice = chronicNotice(facts());
    expect(notice.person.certno).toBe('1301**********1021');
    expect(notice.text).not.toContain(PERSON.certno);
    expect(notice.notice_version).toBe(CHRONIC_NOTICE_VERSION);
    expect(notice.text).toContain(`告知书版本${CHRONIC_NOTICE_VERSION}`);
  });

  it('says when a filed place has no institution open for the disease yet', () => {
    const notice = chronicNotice(
      facts({
        places: [
          {
            filing: {
              trt_dcla_detl_sn: 'F130100202602010007',
              dcla_type: '11',
              mdtrtarea_admdvs: '460100',
              begndate: '2026-02-01',
              enddate: null,
            },
            institutions: [],
          },
        ],
      }),
    );
    expect(notice.places[0]).toMatchObject({ place_name: '海南省海口市', dcla_type_name: '异地安置退休' });
    expect(notice.text).toContain('一、可直接结算的地方');
    expect(notice.text).toContain('该地暂无开通此病种跨省直接结算的定点医疗机构');
    expect(notice.text).toContain('二、就医时请携带');
  });

  it('does not offer a cancelled qualification for direct settlement', () => {
    const notice = chronicNotice(
      facts({ qualification: { ...QUALIFICATION, status: 'cancelled', state: 'cancelled' } }),
    );
    expect(notice.qualification.state_name).toBe('已撤销');
    expect(notice.text).toContain('该资格目前不能用于跨省直接结算');
  });
});
