// A province's audit settings document: national defaults underneath, and every bad field named by its JSON path.
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './model.ts';
import { NATIONAL_AUDIT_SETTINGS, validateAuditSettings } from './settings.ts';

const problemsOf = (doc: unknown) => {
  const checked = validateAuditSettings(doc);
  return checked.ok ? [] : checked.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('validateAuditSettings', () => {
  it('gives the national defaults for an empty document', () => {
    expect(validateAuditSettings({})).toEqual({ ok: true, settings: NATIONAL_AUDIT_SETTINGS });
    expect(validateAuditSettings({ rules: {} })).toEqual({ ok: true, settings: NATIONAL_AUDIT_SETTINGS });
  });

  it('has a default for every rule, each enabled', () => {
    for (const id of RULE_IDS) expect(NATIONAL_AUDIT_SETTINGS[id].enabled).toBe(true);
  });

  it('compiles parameters to basis points and ×10⁴ quantities, keeping the defaults of fields left out', () => {
    const checked = validateAuditSettings({
      rules: {
        'price-over-cap': { params: { tolerance: '0.05' } },
        'quantity-over-max': { params: { by_item: { AMOX: 2.5 } } },
        'bed-days-over-stay': { severity: 'refuse', params: { tolerance_days: 1 } },
        'daily-repeat': { params: { max_per_day: 2 } },
      },
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.settings['price-over-cap'].params).toEqual({ tolerance_bp: 500 });
    expect(checked.settings['quantity-over-max'].params).toEqual({
      default_max_cnt_e4: null,
      by_chrgitm_type_e4: {},
      by_item_e4: { AMOX: 25_000 },
    });
    expect(checked.settings['bed-days-over-stay']).toEqual({
      enabled: true,
      severity: 'refuse',
      params: { bed_chrgitm_types: ['01'], count_discharge_day: false, tolerance_days: 1, per: 'item' },
    });
    expect(checked.settings['daily-repeat'].params.max_per_day_e4).toBe(20_000);
  });

  it('names an unknown rule id, an unknown field and a bad severity by path', () => {
    expect(problemsOf({ rules: { 'price-cap': { enabled: false } } })).toEqual([
      'rules["price-cap"]: is not an audit rule id (not-in-catalogue, outside-version, price-over-cap, quantity-over-max, bed-days-over-stay, daily-repeat, gender-restricted, age-restricted, restricted-not-approved, chronic-disease-item)',
    ]);
    expect(problemsOf({ rules: { 'daily-repeat': { enable: false } } })).toEqual([
      'rules["daily-repeat"].enable: unknown field',
    ]);
    expect(problemsOf({ rules: { 'daily-repeat': { severity: 'block' } } })).toEqual([
      'rules["daily-repeat"].severity: must be one of warning, refuse, review',
    ]);
    expect(problemsOf({ audit: {} })).toEqual(['audit: unknown field']);
  });

  it('names bad parameters by path', () => {
    expect(problemsOf({ rules: { 'price-over-cap': { params: { tolerance: 1.5 } } } })).toEqual([
      'rules["price-over-cap"].params.tolerance: must be between 0 and 1',
    ]);
    expect(
      problemsOf({ rules: { 'quantity-over-max': { params: { by_item: { AMOX: 1.00001 } } } } }),
    ).toEqual(['rules["quantity-over-max"].params.by_item.AMOX: more than 4 decimals']);
    expect(
      problemsOf({ rules: { 'quantity-over-max': { params: { by_chrgitm_type: { '15': 3 } } } } }),
    ).toEqual([
      'rules["quantity-over-max"].params.by_chrgitm_type["15"]: is not a med_chrgitm_type code 01–14',
    ]);
    expect(problemsOf({ rules: { 'daily-repeat': { params: { max_per_day: 0 } } } })).toEqual([
      'rules["daily-repeat"].params.max_per_day: must be > 0',
    ]);
    expect(
      problemsOf({ rules: { 'bed-days-over-stay': { params: { bed_chrgitm_types: ['01', '99'] } } } }),
    ).toEqual([
      expect.stringMatching(
        /^rules\["bed-days-over-stay"\]\.params\.bed_chrgitm_types\[1\]: must be one of 01, 02/,
      ),
    ]);
    expect(
      problemsOf({
        rules: { 'chronic-disease-item': { params: { disease_items: { hypertension: ['NIFE'] } } } },
      }),
    ).toEqual([
      'rules["chronic-disease-item"].params.disease_items.hypertension: is not a chronic disease code like M03900',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(problemsOf(null)).toEqual([': must be object']);
  });
});
