// `when` selectors (settlement.md "Selectors"): every given key must match; an empty list matches nothing.
import { describe, expect, it } from 'vitest';
import { decide, layer, policyDoc } from '../../../test/support/settlement.ts';
import type { Selector } from '../dataset/schema.ts';
import { matches, type SelectorContext } from './selectors.ts';

const CONTEXT: SelectorContext = {
  hosp_lv: '3',
  psn_type: '1201',
  age: 66,
  admission: 2,
  dcla_type: '21',
  med_type: '21',
  cvlserv: true,
  idet: new Set(['2301']),
  dise_codg: 'C34.900',
};
const on = (when: Selector, context: Partial<SelectorContext> = {}) =>
  matches(when, { ...CONTEXT, ...context });

describe('matches', () => {
  it('matches everything without a selector or with an empty one', () => {
    expect(matches(undefined, CONTEXT)).toBe(true);
    expect(on({})).toBe(true);
  });

  it('hosp_lv: the hospital level exactly, 0 (未定级) included', () => {
    expect(on({ hosp_lv: '3' })).toBe(true);
    expect(on({ hosp_lv: '2' })).toBe(false);
    expect(on({ hosp_lv: '0' }, { hosp_lv: '0' })).toBe(true);
  });

  it('psn_type: a prefix of the person’s type (12 matches 1201 and 1202, not 1101)', () => {
    expect(on({ psn_type: '12' })).toBe(true);
    expect(on({ psn_type: '12' }, { psn_type: '1202' })).toBe(true);
    expect(on({ psn_type: '1201' })).toBe(true);
    expect(on({ psn_type: '1202' })).toBe(false);
    expect(on({ psn_type: '12' }, { psn_type: '1101' })).toBe(false);
  });

  it('age_min and age_max: both ends inclusive', () => {
    expect(on({ age_min: 66 })).toBe(true);
    expect(on({ age_min: 67 })).toBe(false);
    expect(on({ age_max: 66 })).toBe(true);
    expect(on({ age_max: 65 })).toBe(false);
    expect(on({ age_min: 60, age_max: 70 })).toBe(true);
  });

  it('admission_min and admission_max: inclusive, and never on a visit that is not inpatient', () => {
    expect(on({ admission_min: 2 })).toBe(true);
    expect(on({ admission_min: 3 })).toBe(false);
    expect(on({ admission_max: 2 })).toBe(true);
    expect(on({ admission_max: 1 })).toBe(false);
    expect(on({ admission_min: 1 }, { admission: undefined })).toBe(false);
    expect(on({ admission_max: 99 }, { admission: undefined })).toBe(false);
  });

  it('filing: a list of dcla_type; no filing matches no list', () => {
    expect(on({ filing: ['21', '22'] })).toBe(true);
    expect(on({ filing: ['11'] })).toBe(false);
    expect(on({ filing: ['21'] }, { dcla_type: null })).toBe(false);
  });

  it('med_type: a list of medical types', () => {
    expect(on({ med_type: ['21', '24'] })).toBe(true);
    expect(on({ med_type: ['11'] })).toBe(false);
  });

  it('cvlserv: true or false, as the person’s flag', () => {
    expect(on({ cvlserv: true })).toBe(true);
    expect(on({ cvlserv: false })).toBe(false);
    expect(on({ cvlserv: false }, { cvlserv: false })).toBe(true);
  });

  it('idet: any of the listed identities the person holds', () => {
    expect(on({ idet: ['2302', '2301'] })).toBe(true);
    expect(on({ idet: ['2302'] })).toBe(false);
    expect(on({ idet: ['2301'] }, { idet: new Set() })).toBe(false);
  });

  it('dise_codg: exact codes only', () => {
    expect(on({ dise_codg: ['C34.900'] })).toBe(true);
    expect(on({ dise_codg: ['C34'] })).toBe(false);
    expect(on({ dise_codg: ['C34.900'] }, { dise_codg: null })).toBe(false);
  });

  it('an empty list matches nothing', () => {
    expect(on({ filing: [] })).toBe(false);
    expect(on({ med_type: [] })).toBe(false);
    expect(on({ idet: [] })).toBe(false);
    expect(on({ dise_codg: [] })).toBe(false);
  });

  it('needs every given key to match', () => {
    expect(on({ hosp_lv: '3', psn_type: '12', cvlserv: true })).toBe(true);
    expect(on({ hosp_lv: '3', psn_type: '12', cvlserv: false })).toBe(false);
  });
});

/** A policy whose second layer (paying 1 fen of every yuan) runs only when `when` matches. */
const gated = (when: Selector) =>
  policyDoc(
    [
      layer({ id: 'pool', bands: { over: 'settlement', rules: [{ ladder: [{ upto: null, prop: 0.5 }] }] } }),
      layer({ id: 'extra', fund_pay_type: '390200', basis: 'inscp_self', when }),
    ],
    { med_types: ['21', '24', '52', '2101', '11', '14'] },
  );
const runs = (when: Selector, o: Omit<Parameters<typeof decide>[0], 'policy'> = {}) =>
  decide({ inscp_fen: 10000, ...o, policy: gated(when) }).layers.some((l) => l.id === 'extra');

describe('what the selectors see in a settlement', () => {
  it('age is in whole years on the settlement date (the birthday itself counts)', () => {
    // Settlement on 2026-05-12.
    expect(runs({ age_min: 60 }, { insured: { brdy: '1966-05-12' } })).toBe(true);
    expect(runs({ age_min: 60 }, { insured: { brdy: '1966-05-13' } })).toBe(false);
    expect(runs({ age_max: 59 }, { insured: { brdy: '1966-05-13' } })).toBe(true);
    expect(runs({ age_max: 59 }, { insured: { brdy: '1966-05-12' } })).toBe(false);
  });

  it('admission counts this inpatient settlement: the first of the year is 1', () => {
    expect(runs({ admission_max: 1 }, { admissions: 0 })).toBe(true);
    expect(runs({ admission_min: 2 }, { admissions: 0 })).toBe(false);
    expect(runs({ admission_min: 2, admission_max: 2 }, { admissions: 1 })).toBe(true);
    // 52 生育住院 and local 2101 are inpatient too.
    expect(runs({ admission_max: 1 }, { visit: { med_type: '52' } })).toBe(true);
    expect(runs({ admission_max: 1 }, { visit: { med_type: '2101' } })).toBe(true);
  });

  it('admission counts from 1 again when the accumulators are of another year', () => {
    const accumulators = { year: 2025, admissions: 4, counters: {} };
    expect(runs({ admission_max: 1 }, { accumulators })).toBe(true);
  });

  it('admission_min / admission_max never match an outpatient visit', () => {
    expect(runs({ admission_min: 1 }, { visit: { med_type: '11' } })).toBe(false);
    expect(runs({ admission_max: 99 }, { visit: { med_type: '14' }, admissions: 0 })).toBe(false);
  });

  it('idet: identities held on the settlement date, both ends inclusive by date', () => {
    const held = (begntime: string, endtime: string | null) =>
      runs({ idet: ['2301'] }, { insured: { idet: [{ psn_idet_type: '2301', begntime, endtime }] } });
    // Settlement 2026-05-12 10:30.
    expect(held('2026-01-01 00:00:00', null)).toBe(true);
    expect(held('2026-01-01 00:00:00', '2026-05-12 00:00:00')).toBe(true); // ends that day
    expect(held('2026-05-12 23:00:00', null)).toBe(true); // begins that day
    expect(held('2026-01-01 00:00:00', '2026-05-11 23:59:59')).toBe(false);
    expect(held('2026-05-13 00:00:00', null)).toBe(false);
  });

  it('filing sees the filing that applies, an emergency without one as 22', () => {
    expect(runs({ filing: ['21'] }, { dcla_type: '21' })).toBe(true);
    expect(runs({ filing: ['21'] }, { dcla_type: null })).toBe(false);
    expect(runs({ filing: ['22'] }, { visit: { med_type: '24' }, dcla_type: '22' })).toBe(true);
  });

  it('hosp_lv, psn_type, cvlserv, med_type and dise_codg come from the visit and the person', () => {
    expect(runs({ hosp_lv: '2' }, { visit: { hosp_lv: '2' } })).toBe(true);
    expect(runs({ hosp_lv: '2' })).toBe(false);
    expect(runs({ psn_type: '12' }, { insured: { psn_type: '1202' } })).toBe(true);
    expect(runs({ psn_type: '12' })).toBe(false);
    expect(runs({ cvlserv: true }, { insured: { cvlserv_flag: '1' } })).toBe(true);
    expect(runs({ cvlserv: true })).toBe(false);
    expect(runs({ med_type: ['14'] }, { visit: { med_type: '14' } })).toBe(true);
    expect(runs({ med_type: ['14'] })).toBe(false);
    expect(runs({ dise_codg: ['I63.900'] })).toBe(true);
    expect(runs({ dise_codg: ['I63.900'] }, { visit: { dise_codg: null } })).toBe(false);
  });
});
