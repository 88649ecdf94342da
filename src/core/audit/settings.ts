// A province's audit settings (智能审核规则): per rule on/off, severity and parameters, over the national defaults.
import { type Static, type TOptional, type TSchema, Type } from '@sinclair/typebox';
import { joinPath } from '../dataset/ajv.ts';
import { Ratio } from '../dataset/schema.ts';
import { checkSchema } from '../dataset/validate.ts';
import { MED_CHRGITM_TYPE } from '../dictionaries.ts';
import type { Problem } from '../engine/problems.ts';
import { describeDecimalProblem, parseRatio, parseScaled } from '../money.ts';
import { RULE_IDS, type RuleId, SEVERITIES, type Severity } from './model.ts';

export interface RuleConfig<P> {
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly params: P;
}

/** The parameters of each rule, compiled: ratios in basis points, quantities ×10⁴ as FeeLine.cnt_e4. */
export interface AuditParams {
  readonly 'not-in-catalogue': Readonly<Record<string, never>>;
  readonly 'outside-version': Readonly<Record<string, never>>;
  readonly 'price-over-cap': {
    /** How far above the cap a price may go before it is a hit (0 = any excess). */
    readonly tolerance_bp: number;
  };
  readonly 'quantity-over-max': {
    /** The most one line may carry; the item's own figure wins over its type's, the type's over the default. */
    readonly default_max_cnt_e4: number | null;
    readonly by_chrgitm_type_e4: Readonly<Record<string, number>>;
    readonly by_item_e4: Readonly<Record<string, number>>;
  };
  readonly 'bed-days-over-stay': {
    /** med_chrgitm_type codes counted as bed-days (01 床位费). */
    readonly bed_chrgitm_types: readonly string[];
    /** false: 算入不算出 (admission day counts, discharge day not; at least 1); true: both count. */
    readonly count_discharge_day: boolean;
    readonly tolerance_days: number;
    /** item: each bed item on its own; all: every bed item of the visit together (e.g. ward and ICU beds). */
    readonly per: 'item' | 'all';
  };
  readonly 'daily-repeat': {
    /** Items charged at most max_per_day a day, besides the catalogue's `daily_once` items. */
    readonly items: readonly string[];
    readonly max_per_day_e4: number;
  };
  readonly 'gender-restricted': Readonly<Record<string, never>>;
  readonly 'age-restricted': Readonly<Record<string, never>>;
  readonly 'restricted-not-approved': Readonly<Record<string, never>>;
  readonly 'chronic-disease-item': {
    readonly med_types: readonly string[];
    /** Disease code → the catalogue codes (hilist_code) that treat it; a disease not listed is not judged. */
    readonly disease_items: Readonly<Record<string, readonly string[]>>;
    /** Types every visit has whatever the disease (诊察费, 一般诊疗费, 挂号费). */
    readonly exempt_chrgitm_types: readonly string[];
  };
}

export type AuditSettings = { readonly [R in RuleId]: RuleConfig<AuditParams[R]> };

const NONE: Readonly<Record<string, never>> = {};
const on = <P>(severity: Severity, params: P): RuleConfig<P> => ({ enabled: true, severity, params });

/**
 * The national defaults. Lines the engine already makes self-paid (目录外, 超限价, 限制使用未审批) are warnings: the
 * money is right, the hospital should know. Implausible counts and restrictions go to review, since a wrong code or
 * a transfer between wards explains many of them; a plain double charge of a once-a-day item is refused.
 */
export const NATIONAL_AUDIT_SETTINGS: AuditSettings = {
  'not-in-catalogue': on('warning', NONE),
  'outside-version': on('warning', NONE),
  'price-over-cap': on('warning', { tolerance_bp: 0 }),
  'quantity-over-max': on('review', { default_max_cnt_e4: null, by_chrgitm_type_e4: {}, by_item_e4: {} }),
  'bed-days-over-stay': on('review', {
    bed_chrgitm_types: ['01'],
    count_discharge_day: false,
    tolerance_days: 0,
    per: 'item',
  }),
  'daily-repeat': on('refuse', { items: [], max_per_day_e4: 10_000 }),
  'gender-restricted': on('review', NONE),
  'age-restricted': on('review', NONE),
  'restricted-not-approved': on('warning', NONE),
  'chronic-disease-item': on('review', {
    med_types: ['14'],
    disease_items: {},
    exempt_chrgitm_types: ['02', '12', '13'],
  }),
};

// ── the settings document (JSON an agency writes; every field optional, absent = national default) ──────────

const strict = { additionalProperties: false } as const;
// Sorted: integer-like keys such as '10' come first in Object.keys, and messages list the codes in order.
const CHRGITM_TYPES = Object.keys(MED_CHRGITM_TYPE).sort();
const ChrgitmType = Type.Unsafe<string>({ type: 'string', enum: CHRGITM_TYPES });
const ItemCode = Type.String({ minLength: 1, maxLength: 50 });
/** A quantity as cnt is written: a positive number, at most 4 decimals (checked after the schema). */
const Quantity = Type.Number({ exclusiveMinimum: 0 });
const Codes = <T extends TSchema>(code: T) => Type.Array(code, { uniqueItems: true });

const RuleDoc = <P extends TSchema>(params: P) =>
  Type.Object(
    {
      enabled: Type.Optional(Type.Boolean()),
      severity: Type.Optional(Type.Unsafe<Severity>({ type: 'string', enum: [...SEVERITIES] })),
      params: Type.Optional(params),
    },
    strict,
  );
const Empty = Type.Object({}, strict);

const RULE_DOCS = {
  'not-in-catalogue': RuleDoc(Empty),
  'outside-version': RuleDoc(Empty),
  'price-over-cap': RuleDoc(Type.Object({ tolerance: Type.Optional(Ratio) }, strict)),
  'quantity-over-max': RuleDoc(
    Type.Object(
      {
        default_max_cnt: Type.Optional(Type.Union([Quantity, Type.Null()])),
        by_chrgitm_type: Type.Optional(
          Type.Record(Type.String({ pattern: '^(0[1-9]|1[0-4])$' }), Quantity, {
            ...strict,
            'x-message': 'is not a med_chrgitm_type code 01–14',
          }),
        ),
        by_item: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 50 }), Quantity, strict)),
      },
      strict,
    ),
  ),
  'bed-days-over-stay': RuleDoc(
    Type.Object(
      {
        bed_chrgitm_types: Type.Optional(Codes(ChrgitmType)),
        count_discharge_day: Type.Optional(Type.Boolean()),
        tolerance_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
        per: Type.Optional(Type.Unsafe<'item' | 'all'>({ type: 'string', enum: ['item', 'all'] })),
      },
      strict,
    ),
  ),
  'daily-repeat': RuleDoc(
    Type.Object({ items: Type.Optional(Codes(ItemCode)), max_per_day: Type.Optional(Quantity) }, strict),
  ),
  'gender-restricted': RuleDoc(Empty),
  'age-restricted': RuleDoc(Empty),
  'restricted-not-approved': RuleDoc(Empty),
  'chronic-disease-item': RuleDoc(
    Type.Object(
      {
        med_types: Type.Optional(Codes(Type.String({ minLength: 2, maxLength: 6 }))),
        disease_items: Type.Optional(
          Type.Record(Type.String({ pattern: '^[A-Z]\\d{5}$' }), Codes(ItemCode), {
            ...strict,
            'x-message': 'is not a chronic disease code like M03900',
          }),
        ),
        exempt_chrgitm_types: Type.Optional(Codes(ChrgitmType)),
      },
      strict,
    ),
  ),
} satisfies Record<RuleId, TSchema>;

export const AuditSettingsDocSchema = Type.Object(
  {
    rules: Type.Optional(
      Type.Object(
        Object.fromEntries(RULE_IDS.map((id) => [id, Type.Optional(RULE_DOCS[id])])) as {
          [R in RuleId]: TOptional<(typeof RULE_DOCS)[R]>;
        },
        { ...strict, 'x-message': `is not an audit rule id (${RULE_IDS.join(', ')})` },
      ),
    ),
  },
  strict,
);
export type AuditSettingsDoc = Static<typeof AuditSettingsDocSchema>;

export type SettingsCheck =
  | { readonly ok: true; readonly settings: AuditSettings }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Checks a province's settings document and compiles it over the national defaults; problems name the field. */
export function validateAuditSettings(doc: unknown): SettingsCheck {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  if (!checkSchema(AuditSettingsDocSchema, doc, '', report)) return { ok: false, problems };
  const settings = compileSettings(doc as AuditSettingsDoc, report);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings };
}

/** Schema-valid document → settings; quantities with too many decimals are reported, not rounded. */
function compileSettings(
  doc: AuditSettingsDoc,
  report: (path: string, message: string) => void,
): AuditSettings {
  const rules = doc.rules ?? {};
  const at = (id: RuleId, ...keys: string[]) =>
    keys.reduce((path, key) => joinPath(path, key), joinPath(joinPath('rules', id), 'params'));
  const e4 = (value: number, path: string): number => {
    const parsed = parseScaled(value, 4);
    if (parsed.ok) return parsed.value;
    report(path, describeDecimalProblem(parsed.problem));
    return 0;
  };
  const e4Map = (map: Readonly<Record<string, number>> | undefined, id: RuleId, key: string) =>
    map &&
    Object.fromEntries(
      Object.entries(map).map(([code, cnt]) => [code, e4(cnt, joinPath(at(id, key), code))]),
    );

  const price = rules['price-over-cap']?.params;
  const quantity = rules['quantity-over-max']?.params;
  const daily = rules['daily-repeat']?.params;
  const N = NATIONAL_AUDIT_SETTINGS;
  const params: { [R in RuleId]: AuditParams[R] } = {
    'not-in-catalogue': NONE,
    'outside-version': NONE,
    'price-over-cap': {
      tolerance_bp:
        price?.tolerance === undefined ? N['price-over-cap'].params.tolerance_bp : ratioBp(price.tolerance),
    },
    'quantity-over-max': {
      default_max_cnt_e4:
        quantity?.default_max_cnt === undefined
          ? N['quantity-over-max'].params.default_max_cnt_e4
          : quantity.default_max_cnt === null
            ? null
            : e4(quantity.default_max_cnt, at('quantity-over-max', 'default_max_cnt')),
      by_chrgitm_type_e4:
        e4Map(quantity?.by_chrgitm_type, 'quantity-over-max', 'by_chrgitm_type') ??
        N['quantity-over-max'].params.by_chrgitm_type_e4,
      by_item_e4:
        e4Map(quantity?.by_item, 'quantity-over-max', 'by_item') ?? N['quantity-over-max'].params.by_item_e4,
    },
    'bed-days-over-stay': { ...N['bed-days-over-stay'].params, ...rules['bed-days-over-stay']?.params },
    'daily-repeat': {
      items: daily?.items ?? N['daily-repeat'].params.items,
      max_per_day_e4:
        daily?.max_per_day === undefined
          ? N['daily-repeat'].params.max_per_day_e4
          : e4(daily.max_per_day, at('daily-repeat', 'max_per_day')),
    },
    'gender-restricted': NONE,
    'age-restricted': NONE,
    'restricted-not-approved': NONE,
    'chronic-disease-item': { ...N['chronic-disease-item'].params, ...rules['chronic-disease-item']?.params },
  };
  const settings = {} as Record<RuleId, RuleConfig<unknown>>;
  for (const id of RULE_IDS) {
    const rule = rules[id];
    settings[id] = {
      enabled: rule?.enabled ?? N[id].enabled,
      severity: rule?.severity ?? N[id].severity,
      params: params[id],
    };
  }
  return settings as AuditSettings;
}

function ratioBp(value: number | string): number {
  const parsed = parseRatio(value);
  if (!parsed.ok) throw new RangeError(`audit tolerance ${value} was not validated`);
  return parsed.value;
}
