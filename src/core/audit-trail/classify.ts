// Which requests the audit trail records, on which chain, and whom they concern (docs/SECURITY.md).
import { maskCertno } from '../masking.ts';
import type { AuditKind } from './chain.ts';

/** HIS queries that read a person's data (人员信息, 结算/费用明细, 累计, 慢特病/转诊备案). */
export const HIS_PERSONAL_READS: ReadonlySet<string> = new Set([
  '1101',
  '5203',
  '5204',
  '5206',
  '5301',
  '5304',
]);
/** HIS queries of catalogues, dictionaries and totals: nobody's data, not recorded. */
const HIS_NOT_RECORDED: ReadonlySet<string> = new Set([
  '1201',
  '1312',
  '1318',
  '1319',
  '1901',
  '3201',
  '3202',
  '9102',
]);

/** Console reads that answer persons, filings, settlements or 协查 cases (and the trail itself). */
const CONSOLE_PERSONAL_READS: readonly RegExp[] = [
  /^\/api\/console\/filings(\/|$)/,
  /^\/api\/console\/offsite-filings(\/|$)/,
  /^\/api\/console\/settlements(\/|$)/,
  /^\/api\/console\/cross-checks(\/|$)/,
  /^\/api\/console\/orphan-reversals(\/|$)/,
  /^\/api\/console\/audit\/hits$/,
  /^\/api\/console\/audit-trail(\/|$)/,
];
/** The routes the national hub serves: their changes go on the hub's chain. */
const NATIONAL_ROUTES: readonly RegExp[] = [
  /^\/api\/console\/clearing(\/|$)/,
  /^\/api\/console\/prepaid(\/|$)/,
  /^\/api\/public\//,
];

export type Chain = { readonly kind: 'node' } | { readonly kind: 'hub' };

/** How a JSON API request is recorded, or undefined when it is not. */
export function classifyRoute(
  method: string,
  route: string,
): { readonly kind: AuditKind; readonly chain: 'node' | 'hub' } | undefined {
  const chain = NATIONAL_ROUTES.some((r) => r.test(route)) ? 'hub' : 'node';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return { kind: 'change', chain };
  if (method !== 'GET') return undefined;
  if (route.startsWith('/api/portal/')) return { kind: 'read', chain };
  if (CONSOLE_PERSONAL_READS.some((r) => r.test(route))) return { kind: 'read', chain };
  if (route === '/settlements/:setl_id/slip') return { kind: 'read', chain };
  return undefined;
}

/** How a HIS message is recorded (by its infno), or undefined when it is not. */
export function classifyHis(infno: string): AuditKind | undefined {
  if (HIS_NOT_RECORDED.has(infno)) return undefined;
  return HIS_PERSONAL_READS.has(infno) ? 'read' : 'change';
}

/** References kept in `refs`: ids that lead to a person without naming them. */
const REF_FIELDS = ['setl_id', 'mdtrt_id', 'trt_dcla_detl_sn', 'sn', 'case_id', 'ref', 'username'] as const;
const MAX_REF_LENGTH = 64;
/** Only short printable ids are kept: whatever else a field holds is not the trail's business. */
const ID_TEXT = /^[\w.:@-]{1,64}$/;

export interface Subject {
  readonly psn_no: string | null;
  readonly certno_masked: string | null;
  readonly refs: string | null;
}

type Bag = Readonly<Record<string, unknown>> | undefined;

function textIn(bags: readonly Bag[], field: string): string | undefined {
  for (const bag of bags) {
    const value = bag?.[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

const asBag = (value: unknown): Bag =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * The person concerned, from the fields a request names (params, query, body; for a HIS message its input and
 * input.data): psn_no as it is, certno masked, ids as references. Never a name.
 */
export function subjectOf(...sources: readonly unknown[]): Subject {
  const bags = sources.map(asBag);
  const psnNo = textIn(bags, 'psn_no');
  const certno =
    textIn(bags, 'certno') ??
    (textIn(bags, 'mdtrt_cert_type') === '02' ? textIn(bags, 'mdtrt_cert_no') : undefined);
  const refs: string[] = [];
  for (const field of REF_FIELDS) {
    const value = textIn(bags, field);
    if (value !== undefined && ID_TEXT.test(value)) refs.push(`${field}=${value.slice(0, MAX_REF_LENGTH)}`);
  }
  return {
    psn_no: psnNo !== undefined && ID_TEXT.test(psnNo) ? psnNo : null,
    certno_masked: certno !== undefined ? maskCertno(certno.slice(0, 32)) : null,
    refs: refs.length > 0 ? refs.join(';') : null,
  };
}

/** The HIS message's own parts the trail reads: input and input.data (some transactions nest further). */
export function hisSources(body: unknown): readonly unknown[] {
  const input = asBag(asBag(body)?.input);
  return [asBag(input?.data), input];
}
