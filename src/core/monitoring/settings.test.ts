import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITORING_SETTINGS } from './monitoring.ts';
import { settingsOf, validateMonitoringSettings } from './settings.ts';

describe('validateMonitoringSettings', () => {
  it('lays a document over the defaults; absent fields keep them, norm_fen may be null', () => {
    expect(validateMonitoringSettings({})).toEqual({ ok: true, settings: DEFAULT_MONITORING_SETTINGS });
    expect(validateMonitoringSettings({ readmission_days: 30, norm_fen: 1_200_000 })).toEqual({
      ok: true,
      settings: { ...DEFAULT_MONITORING_SETTINGS, readmission_days: 30, norm_fen: 1_200_000 },
    });
    expect(validateMonitoringSettings({ norm_fen: null, selfpaid_share_bp: 0 })).toMatchObject({ ok: true });
  });

  it('names every wrong field by its path, once each', () => {
    const checked = validateMonitoringSettings({
      cost_over_norm_bp: 100_001,
      selfpaid_share_bp: 20.5,
      norm_fen: 'x',
      extra: 1,
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.path).sort()).toEqual([
      'cost_over_norm_bp',
      'extra',
      'norm_fen',
      'selfpaid_share_bp',
    ]);
    expect(checked.problems.find((p) => p.path === 'cost_over_norm_bp')?.message).toContain('0–100000');
    expect(checked.problems.find((p) => p.path === 'extra')?.message).toBe('unknown field');
    expect(validateMonitoringSettings(null)).toMatchObject({ ok: false, problems: [{ path: '' }] });
  });

  it('reads a stored document that no longer validates as the defaults', () => {
    expect(settingsOf(undefined)).toBe(DEFAULT_MONITORING_SETTINGS);
    expect(settingsOf({ readmission_days: -1 })).toBe(DEFAULT_MONITORING_SETTINGS);
    expect(settingsOf({ high_cost_fen: 5_000_000 }).high_cost_fen).toBe(5_000_000);
  });
});
