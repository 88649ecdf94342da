// What the filing transactions (2501–2504, 5301, 5304, 5206) share: a call to the insured place through the hub.
import { BusError, type Json } from '../../bus/port.ts';
import { INSUTYPE } from '../../core/dictionaries.ts';
import { chinaDateOf } from '../../core/time.ts';
import { INSURED_CALL_TIMEOUT_MS } from '../../hub/national-hub.ts';
import {
  FILING_REFUSAL_FIELDS,
  type FilingCancelReply,
  type FilingCancelRequest,
  type InsuredOperation,
} from '../../node/insured-messages.ts';
import { Refusal, refusalOf } from '../../node/refusal.ts';
import { hubSubject } from '../../node/subjects.ts';
import { inputError } from './envelope.ts';
import { type HisContext, inputCode, inputDate, inputNode, inputText } from './transaction.ts';
import { insuredPlaceOf } from './visit-input.ts';

/** Asks the insured node (routed by the hub on insuplc_admdvs); its refusals come back naming their field. */
export async function askInsuredPlace<Q, A>(
  context: HisContext,
  operation: InsuredOperation,
  request: Q,
): Promise<A> {
  try {
    return (await context.platform.bus.request(hubSubject(operation), request as unknown as Json, {
      timeoutMs: INSURED_CALL_TIMEOUT_MS,
    })) as unknown as A;
  } catch (error) {
    if (error instanceof BusError && error.code === 'remote' && error.remoteCode) {
      const field = FILING_REFUSAL_FIELDS[error.remoteCode];
      if (field) throw new Refusal(field, error.message);
    }
    throw refusalOf(error);
  }
}

/** 2502/2504: withdraws a filing this institution made; the reply carries it as it now stands. */
export function cancelFiling(
  context: HisContext,
  kind: FilingCancelRequest['kind'],
): Promise<FilingCancelReply> {
  const data = inputNode(context.request, 'data');
  return askInsuredPlace<FilingCancelRequest, FilingCancelReply>(context, 'filing.cancel', {
    kind,
    insuplc_admdvs: insuredPlaceOf(context),
    trt_dcla_detl_sn: inputText(data, 'input.data', 'trt_dcla_detl_sn', true),
    psn_no: inputText(data, 'input.data', 'psn_no', true),
    fixmedins_code: context.institution.fixmedins_code,
    memo: inputText(data, 'input.data', 'memo') ?? null,
  });
}

/**
 * What every filing a hospital makes (2501, 2503) tells the insured place besides its own fields: the place, the
 * person and insurance (read in this order, so the first missing one is named), the idempotency key and the day.
 */
export function filingParty(context: HisContext, node: Record<string, unknown>, path: string) {
  const { request, institution, now } = context;
  return {
    insuplc_admdvs: insuredPlaceOf(context),
    psn_no: inputText(node, path, 'psn_no', true),
    insutype: inputCode(node, path, 'insutype', INSUTYPE, true),
    request_key: `${institution.fixmedins_code}:${request.msgid}`,
    fixmedins_code: institution.fixmedins_code,
    day: chinaDateOf(now.getTime()),
  };
}

/** begndate (required) and enddate (required for a temporary filing), with begndate ≤ enddate. */
export function inputPeriod(
  node: Record<string, unknown>,
  path: string,
  endRequired: boolean,
): { begndate: string; enddate: string | null } {
  const begndate = inputDate(node, path, 'begndate', true);
  const enddate = inputDate(node, path, 'enddate', endRequired) ?? null;
  if (enddate !== null && enddate < begndate)
    throw inputError(`${path}.enddate`, `结束日期${enddate}早于开始日期${begndate}`);
  return { begndate, enddate };
}

/** The fields of a node the platform does not read itself, kept with the filing as the HIS sent them. */
export function restOf(node: Record<string, unknown>, read: ReadonlySet<string>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node))
    if (!read.has(key) && value !== undefined && value !== null && value !== '') rest[key] = value;
  return rest;
}
