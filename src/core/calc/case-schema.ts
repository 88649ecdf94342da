// Schemas of the parts of a `yidi calc` case that are not dataset files (shared/spec/calc.md).
import { Type } from '@sinclair/typebox';
import { DateTimeText, Yuan } from '../dataset/schema.ts';

export const CASE_FIELDS = [
  'policy',
  'catalogue',
  'person',
  'filing',
  'accumulators',
  'visit',
  'feedetail',
  'acct_used_flag',
  'setl_time',
] as const;

export const CaseAccumulatorsSchema = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    admissions: Type.Integer({ minimum: 0 }),
    counters: Type.Record(
      Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}\\.(paid|dedc|eligible)$' }),
      Yuan,
      {
        additionalProperties: false,
        'x-message': 'is not a counter name <layer id>.<paid|dedc|eligible>',
      },
    ),
  },
  { additionalProperties: false },
);

// The visit may carry any other field of the national interface; calc reads these.
export const CaseVisitSchema = Type.Object({
  med_type: Type.String({ minLength: 2, maxLength: 6 }),
  hosp_lv: Type.Unsafe<string>({ type: 'string', enum: ['0', '1', '2', '3'] }),
  begntime: DateTimeText,
  endtime: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], dateTime: true })),
  dise_codg: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 20 })),
});

export const AcctUsedFlagSchema = Type.Unsafe<'0' | '1'>({ type: 'string', enum: ['0', '1'] });
export const SetlTimeSchema = DateTimeText;
