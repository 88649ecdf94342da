import { describe, expect, it } from 'vitest';
import {
  CHRGITM_LV,
  DCLA_TYPE,
  DICTIONARIES,
  FILING_STATUS,
  FUND_PAY_TYPE,
  GEND,
  INSUTYPE,
  isCode,
  isEmergencyMedType,
  isInpatientMedType,
  isLongTermFiling,
  labelOf,
  MED_TYPE,
  normalizeChrgitmLv,
} from './dictionaries.ts';

describe('labels', () => {
  it('gives the Chinese label of national codes', () => {
    expect(INSUTYPE['310']).toBe('职工基本医疗保险');
    expect(MED_TYPE['21']).toBe('普通住院');
    expect(FUND_PAY_TYPE['310200']).toBe('职工基本医疗保险个人账户基金');
    expect(FUND_PAY_TYPE['999996']).toBe('医院垫付/医院负担');
    expect(CHRGITM_LV['03']).toBe('丙类/自费');
  });

  it('includes the GB/T 2261.1 unknown and unstated sexes', () => {
    expect(Object.keys(GEND).sort()).toEqual(['0', '1', '2', '9']);
  });

  it('labels filing categories and filing statuses', () => {
    expect(DCLA_TYPE['11']).toBe('异地安置退休');
    expect(DCLA_TYPE['23']).toBe('其他临时外出');
    expect(FILING_STATUS.approved).toBe('已备案');
    expect(FILING_STATUS.cancelled).toBe('已撤销');
  });

  it('keeps every dictionary as non-empty string codes mapped to non-empty labels', () => {
    for (const dict of Object.values(DICTIONARIES)) {
      const entries = Object.entries(dict);
      expect(entries.length).toBeGreaterThan(0);
      for (const [code, label] of entries) {
        expect(code).toMatch(/^\d+$/);
        expect(label.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('isCode', () => {
  it('accepts a code of the dictionary', () => {
    expect(isCode(INSUTYPE, '390')).toBe(true);
  });

  it('rejects unknown codes, non-strings and inherited property names', () => {
    expect(isCode(INSUTYPE, '311')).toBe(false);
    expect(isCode(INSUTYPE, 310)).toBe(false);
    expect(isCode(INSUTYPE, undefined)).toBe(false);
    expect(isCode(INSUTYPE, 'toString')).toBe(false);
  });

  it('narrows the value to the code type', () => {
    const value: unknown = '13';
    if (isCode(MED_TYPE, value)) expect(MED_TYPE[value]).toBe('急诊');
    else expect.unreachable();
  });
});

describe('labelOf', () => {
  it('looks a code up by national field name', () => {
    expect(labelOf('med_type', '24')).toBe('急诊转住院');
    expect(labelOf('pay_loc', '4')).toBe('跨省异地');
    expect(labelOf('dcla_type', '12')).toBe('异地长期居住');
  });

  it('returns undefined for a local code, an unknown dictionary or an inherited name', () => {
    expect(labelOf('med_type', '2101')).toBeUndefined();
    expect(labelOf('no_such_dict', '1')).toBeUndefined();
    expect(labelOf('insutype', 'constructor')).toBeUndefined();
    expect(labelOf('toString', '1')).toBeUndefined();
  });
});

describe('normalizeChrgitmLv', () => {
  it('pads the 1-digit form to the 2-digit code', () => {
    expect(normalizeChrgitmLv('1')).toBe('01');
    expect(normalizeChrgitmLv('2')).toBe('02');
    expect(normalizeChrgitmLv(3)).toBe('03');
  });

  it('keeps the 2-digit form unchanged', () => {
    expect(normalizeChrgitmLv('01')).toBe('01');
    expect(normalizeChrgitmLv('03')).toBe('03');
  });

  it('returns undefined for anything else', () => {
    expect(normalizeChrgitmLv('4')).toBeUndefined();
    expect(normalizeChrgitmLv('001')).toBeUndefined();
    expect(normalizeChrgitmLv('')).toBeUndefined();
    expect(normalizeChrgitmLv('甲')).toBeUndefined();
  });
});

describe('med_type classification', () => {
  it('treats 2x codes (national and local) and 52 生育住院 as inpatient', () => {
    for (const code of ['21', '24', '28', '2101', '52']) expect(isInpatientMedType(code)).toBe(true);
  });

  it('treats outpatient, pharmacy and other maternity codes as not inpatient', () => {
    for (const code of ['11', '13', '14', '41', '51', '53', '5212']) {
      expect(isInpatientMedType(code)).toBe(false);
    }
  });

  it('treats only 13 急诊 and 24 急诊转住院 as emergency', () => {
    expect(isEmergencyMedType('13')).toBe(true);
    expect(isEmergencyMedType('24')).toBe(true);
    expect(isEmergencyMedType('11')).toBe(false);
    expect(isEmergencyMedType('21')).toBe(false);
  });
});

describe('isLongTermFiling', () => {
  it('is true for 11, 12 and 13', () => {
    for (const code of ['11', '12', '13']) expect(isLongTermFiling(code)).toBe(true);
  });

  it('is false for temporary filings and unknown codes', () => {
    for (const code of ['21', '22', '23', '1', '']) expect(isLongTermFiling(code)).toBe(false);
  });
});
