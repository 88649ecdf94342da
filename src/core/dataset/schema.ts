// JSON Schemas of the dataset files (shared/spec/dataset.md), with the field names of the national interface.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { MAX_CHANGE_WAIT_MONTHS } from '../filing/settings.ts';
import { STAFF_ROLES } from '../staff-roles.ts';

// Custom keywords (checked in validate.ts): `yuan` money with at most 2 decimals, `ratio` 0–1 with at most
// 4 decimals, `date` yyyy-MM-dd, `dateTime` yyyy-MM-dd HH:mm:ss, `admdvs` a GB/T 2260 code of a given kind.
export type AdmdvsKind = 'region' | 'pooling' | 'province' | 'province-or-prefecture' | 'institution';

const strict = { additionalProperties: false } as const;
const Code = (pattern: string, message: string) => Type.String({ pattern, 'x-message': message });
const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
const Enum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
// Nullable by a type list rather than anyOf, so that a bad value yields one problem, not three.
const Nullable = <T extends TSchema>(schema: T) => {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [...types, 'null'] });
};

/** Yuan as a JSON number or string, at most 2 decimals, not negative. */
export const Yuan = Type.Unsafe<number | string>({ type: ['number', 'string'], yuan: true });
/** A ratio 0–1 as a JSON number or string, at most 4 decimals. */
export const Ratio = Type.Unsafe<number | string>({ type: ['number', 'string'], ratio: true });
export const DateText = Type.String({ date: true });
export const DateTimeText = Type.String({ dateTime: true });
export const Admdvs = (kind: AdmdvsKind) => Type.String({ admdvs: kind });

const DCLA_TYPES = ['11', '12', '13', '21', '22', '23'] as const;
const INSUTYPES = [
  '310',
  '320',
  '330',
  '340',
  '350',
  '360',
  '370',
  '380',
  '390',
  '391',
  '392',
  '399',
  '410',
  '510',
] as const;
const DiseCode = Code('^[A-Z]\\d{5}$', 'must be a chronic disease code like M03900');

/**
 * The shape of a password hash of src/node/passwords.ts (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64). core
 * imports nothing of ours, so the pattern is repeated here; a test hashes a password there and checks it here.
 */
export const SCRYPT_HASH_PATTERN =
  '^\\$scrypt\\$ln=\\d{1,2},r=\\d{1,2},p=\\d{1,2}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$';
const PwdHash = Code(
  SCRYPT_HASH_PATTERN,
  'must be a scrypt password hash like $scrypt$ln=15,r=8,p=1$<salt>$<hash>',
);

export const InstitutionSchema = Type.Object(
  {
    fixmedins_code: Code('^[A-Z]\\d{11}$', 'must be a letter and 11 digits, like H46010800012'),
    fixmedins_name: Text(),
    fixmedins_type: Enum(['1', '2']),
    hosp_lv: Enum(['0', '1', '2', '3']),
    admdvs: Admdvs('institution'),
    services: Type.Object(
      {
        inpatient: Type.Boolean(),
        outpatient: Type.Boolean(),
        chronic: Type.Optional(Type.Array(DiseCode)),
      },
      strict,
    ),
    addr: Type.Optional(Text()),
    tel: Type.Optional(Text(50)),
    // Signing keys for the HIS interface (docs/dataset-extensions.md): an SM2 public key, an HMAC-SM3 secret.
    sign_pubkey: Type.Optional(Text(1024)),
    sign_secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
  },
  strict,
);
export const InstitutionsFileSchema = Type.Array(InstitutionSchema);

export const CatalogueRowSchema = Type.Object(
  {
    hilist_code: Type.String({ minLength: 1, maxLength: 50 }),
    hilist_name: Text(),
    list_type: Enum(['101', '102', '103', '104', '201', '301']),
    med_chrgitm_type: Enum([
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
      '13',
      '14',
    ]),
    chrgitm_lv: Enum(['01', '02', '03', '1', '2', '3']),
    selfpay_prop: Type.Optional(Nullable(Ratio)),
    pric_uplmt_amt: Type.Optional(Nullable(Yuan)),
    lmt_used_flag: Enum(['0', '1']),
    begndate: DateText,
    enddate: Nullable(DateText),
    // Optional audit restrictions (docs/audit.md): a catalogue without them loads as before.
    gend_lmt: Type.Optional(Enum(['1', '2'])),
    age_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    age_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    daily_once: Type.Optional(Type.Boolean()),
  },
  strict,
);
export const CatalogueFileSchema = Type.Array(CatalogueRowSchema);

export const SelectorSchema = Type.Object(
  {
    hosp_lv: Type.Optional(Enum(['0', '1', '2', '3'])),
    psn_type: Type.Optional(Code('^\\d{2,6}$', 'must be a psn_type code or prefix, like 12 or 1201')),
    age_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    age_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    admission_min: Type.Optional(Type.Integer({ minimum: 1 })),
    admission_max: Type.Optional(Type.Integer({ minimum: 1 })),
    filing: Type.Optional(Type.Array(Enum(DCLA_TYPES))),
    med_type: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 6 }))),
    cvlserv: Type.Optional(Type.Boolean()),
    idet: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 10 }))),
    dise_codg: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }))),
  },
  strict,
);

const Rules = <T extends TSchema>(fields: T) => Type.Array(fields, { minItems: 1 });

export const LayerSchema = Type.Object(
  {
    id: Code('^[A-Za-z][A-Za-z0-9_]{0,31}$', 'must be a short identifier like pool'),
    fund_pay_type: Code('^\\d{6}$', 'must be a 6-digit fund_pay_type like 310100'),
    basis: Enum(['inscp', 'over_cap', 'inscp_self']),
    of: Type.Optional(Type.String()),
    when: Type.Optional(SelectorSchema),
    offsite: Type.Optional(Type.Boolean()),
    deductible: Type.Optional(
      Type.Object(
        {
          per: Enum(['settlement', 'year']),
          rules: Rules(Type.Object({ when: Type.Optional(SelectorSchema), amount: Yuan }, strict)),
        },
        strict,
      ),
    ),
    bands: Type.Object(
      {
        over: Enum(['settlement', 'year']),
        rules: Rules(
          Type.Object(
            {
              when: Type.Optional(SelectorSchema),
              ladder: Type.Array(Type.Object({ upto: Nullable(Yuan), prop: Ratio }, strict), { minItems: 1 }),
            },
            strict,
          ),
        ),
      },
      strict,
    ),
    cap: Type.Optional(Type.Object({ amount: Yuan }, strict)),
  },
  strict,
);

export const BenefitSchema = Type.Object(
  {
    name: Text(),
    med_types: Type.Array(Type.String({ minLength: 2, maxLength: 6 }), { minItems: 1 }),
    account: Type.Optional(Type.Object({ covers: Enum(['psn_part', 'inscp_part']) }, strict)),
    layers: Type.Array(LayerSchema, { minItems: 1 }),
  },
  strict,
);

// Exactly one of `minus` (points off) or `times` (a factor); checked in validate.ts.
const OffsiteAdjustment = Type.Object({ minus: Type.Optional(Ratio), times: Type.Optional(Ratio) }, strict);

export const PolicySchema = Type.Object(
  {
    admdvs: Admdvs('pooling'),
    insutype: Enum(INSUTYPES),
    name: Text(),
    begndate: DateText,
    enddate: Nullable(DateText),
    offsite: Type.Optional(
      Type.Object(Object.fromEntries(DCLA_TYPES.map((c) => [c, Type.Optional(OffsiteAdjustment)])), {
        ...strict,
        'x-message': 'is not a filing category (dcla_type 11, 12, 13, 21, 22, 23)',
      }),
    ),
    benefits: Type.Array(BenefitSchema, { minItems: 1 }),
  },
  strict,
);

export const PersonSchema = Type.Object(
  {
    psn_no: Code('^[0-9A-Za-z]{1,30}$', 'must be 1–30 letters or digits'),
    psn_cert_type: Code('^\\d{2}$', 'must be a 2-digit psn_cert_type'),
    certno: Type.String({ minLength: 1, maxLength: 50 }),
    psn_name: Text(50),
    gend: Enum(['0', '1', '2', '9']),
    brdy: DateText,
    naty: Code('^\\d{2}$', 'must be a 2-digit nationality code (GB 3304)'),
    insuplc_admdvs: Admdvs('pooling'),
    insutype: Enum(INSUTYPES),
    psn_type: Code('^\\d{4,6}$', 'must be a 4- to 6-digit psn_type'),
    psn_insu_stas: Enum(['0', '1', '2', '3', '4']),
    psn_insu_date: DateText,
    cvlserv_flag: Enum(['0', '1']),
    emp_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    acct_balc: Yuan,
    card_sn: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    // Extensions (optional, docs/dataset-extensions.md): the social security card number and the e-voucher token.
    card_no: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32 }))),
    ectoken: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 128 }))),
    // Extension: the 参保人服务 password, kept apart from the person row (a person row travels over the bus).
    portal_pwd_hash: Type.Optional(PwdHash),
    idet: Type.Optional(
      Type.Array(
        Type.Object(
          {
            psn_idet_type: Type.String({ minLength: 1, maxLength: 10 }),
            begntime: DateTimeText,
            endtime: Nullable(DateTimeText),
          },
          strict,
        ),
      ),
    ),
    chronic: Type.Optional(
      Type.Array(
        Type.Object({ opsp_dise_code: DiseCode, begndate: DateText, enddate: Nullable(DateText) }, strict),
      ),
    ),
  },
  strict,
);
export const PersonsFileSchema = Type.Array(PersonSchema);

export const FilingSchema = Type.Object(
  {
    trt_dcla_detl_sn: Code('^[0-9A-Za-z]{1,40}$', 'must be 1–40 letters or digits'),
    psn_no: Type.String({ minLength: 1, maxLength: 30 }),
    insutype: Enum(INSUTYPES),
    dcla_type: Enum(DCLA_TYPES),
    mdtrtarea_admdvs: Admdvs('province-or-prefecture'),
    begndate: DateText,
    enddate: Nullable(DateText),
    dcla_souc: Type.String({ minLength: 1, maxLength: 10 }),
    commitment: Type.Boolean(),
    status: Enum(['submitted', 'approved', 'rejected', 'cancelled']),
  },
  strict,
);
export const FilingsFileSchema = Type.Array(FilingSchema);

export const AccumulatorSchema = Type.Object(
  {
    psn_no: Type.String({ minLength: 1, maxLength: 30 }),
    insutype: Enum(INSUTYPES),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    admissions: Type.Integer({ minimum: 0 }),
    counters: Type.Record(
      Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}\\.(paid|dedc|eligible)$' }),
      Yuan,
      {
        ...strict,
        'x-message': 'is not a counter name <layer id>.<paid|dedc|eligible>',
      },
    ),
  },
  strict,
);
export const AccumulatorsFileSchema = Type.Array(AccumulatorSchema);

/** The national minimum validity of a temporary filing (policy.md §1.5) and the longest a region may choose. */
export const TEMPORARY_MIN_MONTHS = 6;
export const TEMPORARY_MAX_MONTHS = 24;
/** 补办 reaches back at most a year (a leap year's 366 days). */
export const BACKDATE_MAX_DAYS = 366;

const Months = (minimum: number, maximum: number, why: string) =>
  Type.Integer({
    minimum,
    maximum,
    'x-message': `must be a whole number of months from ${minimum} to ${maximum} (${why})`,
  });

/** 经办机构 contacts of a pooling region, as the public query 查经办机构 shows them. */
export const AgencySchema = Type.Object(
  {
    name: Text(),
    tel: Type.Optional(Nullable(Text(50))),
    addr: Type.Optional(Nullable(Text())),
    hours: Type.Optional(Nullable(Text(100))),
  },
  strict,
);

/** A region's local filing choices (core/filing/settings.ts); an absent field takes the national default. */
export const RegionFilingSchema = Type.Object(
  {
    auto_approve_commitment: Type.Optional(Type.Boolean()),
    change_wait_months: Type.Optional(
      Months(0, MAX_CHANGE_WAIT_MONTHS, 'the national ceiling, policy.md §1.5'),
    ),
    temporary_months: Type.Optional(
      Months(
        TEMPORARY_MIN_MONTHS,
        TEMPORARY_MAX_MONTHS,
        'the national minimum is six months, policy.md §1.5',
      ),
    ),
    temporary_shorter_allowed: Type.Optional(Type.Boolean()),
    backdate_max_days: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: BACKDATE_MAX_DAYS,
        'x-message': `must be a whole number of days from 0 to ${BACKDATE_MAX_DAYS}`,
      }),
    ),
    notice_version: Type.Optional(Text(50)),
    commitment_version: Type.Optional(Text(50)),
  },
  strict,
);

export const RegionSchema = Type.Object(
  {
    admdvs: Admdvs('pooling'),
    agency: Type.Optional(AgencySchema),
    filing: Type.Optional(RegionFilingSchema),
  },
  strict,
);
export const RegionsFileSchema = Type.Array(RegionSchema);

export const StaffSchema = Type.Object(
  {
    username: Code('^[A-Za-z0-9._-]{1,64}$', 'must be 1–64 letters, digits, dots, underscores or hyphens'),
    name: Text(100),
    // The whole province's node, or one pooling region of it (the staff member sees only that region's filings).
    scope_admdvs: Admdvs('province-or-prefecture'),
    pwd_hash: PwdHash,
    // What the account may do (docs/SECURITY.md); absent = every role, as before roles existed.
    roles: Type.Optional(Type.Array(Enum(STAFF_ROLES), { minItems: 1, uniqueItems: true })),
  },
  strict,
);
export const StaffFileSchema = Type.Array(StaffSchema);

export type InstitutionRow = Static<typeof InstitutionSchema>;
export type CatalogueRow = Static<typeof CatalogueRowSchema>;
export type Selector = Static<typeof SelectorSchema>;
export type LayerDoc = Static<typeof LayerSchema>;
export type BenefitDoc = Static<typeof BenefitSchema>;
export type PolicyDoc = Static<typeof PolicySchema>;
export type PersonRow = Static<typeof PersonSchema>;
export type FilingRow = Static<typeof FilingSchema>;
export type AccumulatorRow = Static<typeof AccumulatorSchema>;
export type AgencyDoc = Static<typeof AgencySchema>;
export type RegionFilingDoc = Static<typeof RegionFilingSchema>;
export type RegionRow = Static<typeof RegionSchema>;
export type StaffRow = Static<typeof StaffSchema>;

/** A dataset as read from its folder (or generated): raw rows in the file format. */
export interface RawDataset {
  readonly institutions?: readonly InstitutionRow[];
  /** Treatment province `XX0000` → its catalogue rows. */
  readonly catalogues?: Readonly<Record<string, readonly CatalogueRow[]>>;
  /** `<admdvs>-<insutype>` → one policy or its versions. */
  readonly policies?: Readonly<Record<string, PolicyDoc | readonly PolicyDoc[]>>;
  readonly persons?: readonly PersonRow[];
  readonly filings?: readonly FilingRow[];
  readonly accumulators?: readonly AccumulatorRow[];
  /** Extension (docs/dataset-extensions.md): agency contacts and filing settings per pooling region. */
  readonly regions?: readonly RegionRow[];
  /** Extension: agency staff accounts (经办人员) of the console. */
  readonly staff?: readonly StaffRow[];
}
