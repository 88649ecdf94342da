// A province's monitoring thresholds (监控阈值): a settings document over DEFAULT_MONITORING_SETTINGS (docs/audit.md,
// "Monitoring", "Settings"). Ratios are written in basis points and money in fen, as the report answers them.
import { type Static, Type } from '@sinclair/typebox';
import { checkSchema } from '../dataset/validate.ts';
import type { Problem } from '../engine/problems.ts';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from './monitoring.ts';

/** The longest readmission window: the store reads admissions this far before the range. */
export const MAX_READMISSION_DAYS = 90;
/** 1000 % over the norm: beyond it a threshold means "never". */
export const MAX_COST_OVER_NORM_BP = 100_000;
/** 100 million yuan: a bound that keeps products of fen and basis points exact in a double. */
export const MAX_MONITORING_FEN = 10_000_000_000;

const bounded = (minimum: number, maximum: number, what: string) =>
  Type.Integer({ minimum, maximum, 'x-message': `must be an integer ${minimum}–${maximum} (${what})` });

export const MonitoringSettingsDocSchema = Type.Object(
  {
    cost_over_norm_bp: Type.Optional(
      bounded(0, MAX_COST_OVER_NORM_BP, 'basis points over the norm, 3000 = 30 %'),
    ),
    selfpaid_share_bp: Type.Optional(bounded(0, 10_000, 'basis points of the medfee, 2000 = 20 %')),
    readmission_days: Type.Optional(bounded(0, MAX_READMISSION_DAYS, 'calendar days after a discharge')),
    high_cost_fen: Type.Optional(bounded(1, MAX_MONITORING_FEN, 'fen, 3000000 = 30,000 yuan')),
    norm_fen: Type.Optional(Type.Union([bounded(1, MAX_MONITORING_FEN, 'fen per admission'), Type.Null()])),
  },
  { additionalProperties: false },
);
export type MonitoringSettingsDoc = Static<typeof MonitoringSettingsDocSchema>;

export type MonitoringSettingsCheck =
  | { readonly ok: true; readonly settings: MonitoringSettings }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Checks a province's document and lays it over the defaults; problems name the field by JSON path. */
export function validateMonitoringSettings(doc: unknown): MonitoringSettingsCheck {
  const problems: Problem[] = [];
  if (!checkSchema(MonitoringSettingsDocSchema, doc, '', (path, message) => problems.push({ path, message })))
    return { ok: false, problems: dedupe(problems) };
  return { ok: true, settings: { ...DEFAULT_MONITORING_SETTINGS, ...(doc as MonitoringSettingsDoc) } };
}

/**
 * The settings of a stored document; one that no longer validates (written by an older version) falls back to the
 * defaults rather than failing every monitoring request.
 */
export function settingsOf(doc: unknown): MonitoringSettings {
  const checked = doc === undefined ? undefined : validateMonitoringSettings(doc);
  return checked?.ok ? checked.settings : DEFAULT_MONITORING_SETTINGS;
}

// `norm_fen` of a wrong type fails both branches of its union (and the union itself): one problem per path is enough.
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.path) && seen.add(p.path));
}
