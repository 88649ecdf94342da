// The 协查 messages as they travel between nodes and the hub: a schema each receiver checks before applying one, so
// a malformed message from another process is refused naming its field instead of corrupting a case.
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { CrossCheckMessage } from './case.ts';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, MAX_TEXT } from './case.ts';

const Province = Type.String({ pattern: '^\\d{2}0000$' });
const Admdvs = Type.String({ pattern: '^\\d{6}$' });
const ChinaTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' });
const Fen = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Text = (maxLength = MAX_TEXT) => Type.String({ maxLength });
const Outcome = Type.Union([Type.Literal('confirmed'), Type.Literal('adjusted'), Type.Literal('refused')]);
const CaseId = Type.String({ pattern: '^XC[0-9A-Za-z]{1,60}$' });
const Person = Type.Union([Type.String({ maxLength: 100 }), Type.Null()]);

const Request = Type.Object({
  kind: Type.Literal('request'),
  case_id: CaseId,
  automatic: Type.Boolean(),
  setl_id: Type.String({ minLength: 1, maxLength: 60 }),
  insured_province: Province,
  treatment_province: Province,
  fixmedins_code: Type.String({ minLength: 1, maxLength: 30 }),
  insuplc_admdvs: Admdvs,
  med_type: Type.String({ minLength: 1, maxLength: 10 }),
  setl_time: ChinaTime,
  medfee_fen: Fen,
  fund_pay_fen: Fen,
  reason: Text(),
  requested_by: Text(100),
  requested_at: ChinaTime,
});

/** Base64 of a document: the size bound is checked on the decoded bytes by the answering side. */
const Document = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  content_type: Type.String({ minLength: 1, maxLength: 100 }),
  data: Type.String({ maxLength: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 4 }),
});

const Answer = Type.Object({
  kind: Type.Literal('answer'),
  case_id: CaseId,
  findings: Text(),
  proposal: Outcome,
  proposed_fen: Fen,
  psn_no: Person,
  psn_name: Person,
  documents: Type.Array(Document, { maxItems: MAX_DOCUMENTS }),
  answered_by: Text(100),
  answered_at: ChinaTime,
});

const OutcomeMsg = Type.Object({
  kind: Type.Literal('outcome'),
  case_id: CaseId,
  outcome: Outcome,
  adjustment_fen: Fen,
  note: Text(),
  concluded_by: Text(100),
  concluded_at: ChinaTime,
  clearing_period: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}$' }), Type.Null()]),
});

export const CROSS_CHECK_MESSAGE = Type.Union([Request, Answer, OutcomeMsg]);
type Checked = Static<typeof CROSS_CHECK_MESSAGE>;

/** The message, or an Error naming the first field at fault. */
export function parseCrossCheckMessage(data: unknown): CrossCheckMessage {
  const kind = (data as { kind?: unknown } | null)?.kind;
  const schema =
    kind === 'request' ? Request : kind === 'answer' ? Answer : kind === 'outcome' ? OutcomeMsg : null;
  if (!schema) throw new Error('协查报文 kind 须为 request / answer / outcome');
  if (!Value.Check(schema, data)) {
    const first = Value.Errors(schema, data).First();
    throw new Error(`协查报文${first?.path || '/'}：${first?.message ?? '格式错误'}`);
  }
  return data as Checked as CrossCheckMessage;
}
