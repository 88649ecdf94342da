// JSON schemas of the filing API (portal and console), shared so that both describe a filing the same way.
import { type Static, Type } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
export const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
export const Admdvs = Type.String({ pattern: '^\\d{6}$', description: '医保区划代码（省或地市）' });
export const FilingSn = Type.String({
  pattern: '^[A-Z][0-9]{10,40}$',
  description: '备案流水号 trt_dcla_detl_sn',
});

export const ContactSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50, description: '联系人' }),
    tel: Type.String({ pattern: '^[0-9+\\- ]{7,20}$', description: '联系电话' }),
    addr: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
      description: '就医地居住地址',
    }),
  },
  strict,
);

export const ProofSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('materials'),
      material_ids: Type.Array(Type.String({ pattern: '^M\\d{2}[0-9a-f]{24}$' }), {
        minItems: 1,
        maxItems: 10,
      }),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('commitment'),
      text_version: Type.String({ minLength: 1, maxLength: 40, description: '个人承诺书版本' }),
      signed_name: Type.String({ minLength: 1, maxLength: 50, description: '签名（本人姓名）' }),
    },
    strict,
  ),
]);

/** 备案申请: what the person fills in the mini-program's steps. */
export const ApplicationSchema = Type.Object(
  {
    insutype: Type.String({ pattern: '^\\d{3}$', description: '险种类型' }),
    dcla_type: Type.Union(
      ['11', '12', '13', '21', '22', '23'].map((v) => Type.Literal(v)),
      {
        description:
          '备案类别：11 异地安置退休 12 异地长期居住 13 常驻异地工作 21 异地转诊 22 急诊抢救 23 其他临时外出',
      },
    ),
    mdtrtarea_admdvs: Admdvs,
    begndate: DateText,
    enddate: Type.Optional(Type.Union([DateText, Type.Null()])),
    contact: ContactSchema,
    notice_version: Type.String({ minLength: 1, maxLength: 40, description: '已阅读并确认的备案告知书版本' }),
    proof: Type.Union([ProofSchema, Type.Null()]),
  },
  strict,
);
export type ApplicationBody = Static<typeof ApplicationSchema>;

export const ChangeSchema = Type.Object(
  {
    mdtrtarea_admdvs: Type.Optional(Admdvs),
    enddate: Type.Optional(Type.Union([DateText, Type.Null()])),
    contact: Type.Optional(ContactSchema),
  },
  { ...strict, minProperties: 1 },
);
export type ChangeBody = Static<typeof ChangeSchema>;

export const ReasonSchema = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  strict,
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A filing as answered (FilingView). */
export const FilingViewSchema = Type.Object({
  trt_dcla_detl_sn: Type.String(),
  psn_no: Type.String(),
  psn_name: Type.String(),
  insutype: Type.String(),
  insuplc_admdvs: Type.String(),
  dcla_type: Type.String(),
  dcla_type_name: Type.String(),
  long_term: Type.Boolean(),
  mdtrtarea_admdvs: Type.String(),
  mdtrtarea_name: Type.String(),
  begndate: Type.String(),
  enddate: Nullable(Type.String()),
  status: Type.String({ description: 'submitted / approved / rejected / cancelled / expired' }),
  status_name: Type.String(),
  dcla_souc: Type.String(),
  contact: Type.Union([
    Type.Object({ name: Type.String(), tel: Type.String(), addr: Nullable(Type.String()) }),
    Type.Null(),
  ]),
  notice_version: Nullable(Type.String()),
  proof: Type.Unknown(),
  reason: Nullable(Type.String()),
  reviewer: Nullable(Type.String()),
  approved_at: Nullable(Type.String()),
  change_allowed_from: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      status: Type.String(),
      actor: Type.String(),
      reason: Nullable(Type.String()),
      changes: Type.Unknown(),
    }),
  ),
});
