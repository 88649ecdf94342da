// What the filing transactions (2501–2504, 5301, 5304, 5206) share: a call to the insured place through the hub.
import { BusError, type Json } from '../../bus/port.ts';
import { INSURED_CALL_TIMEOUT_MS } from '../../hub/national-hub.ts';
import { FILING_REFUSAL_FIELDS, type InsuredOperation } from '../../node/insured-messages.ts';
import { Refusal, refusalOf } from '../../node/refusal.ts';
import { hubSubject } from '../../node/subjects.ts';
import { fieldError } from './envelope.ts';
import { type HisContext, inputDate } from './transaction.ts';

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

/** begndate (required) and enddate (required for a temporary filing), with begndate ≤ enddate. */
export function inputPeriod(
  node: Record<string, unknown>,
  path: string,
  endRequired: boolean,
): { begndate: string; enddate: string | null } {
  const begndate = inputDate(node, path, 'begndate', true);
  const enddate = inputDate(node, path, 'enddate', endRequired) ?? null;
  if (enddate !== null && enddate < begndate)
    throw fieldError(`${path}.enddate`, `结束日期${enddate}早于开始日期${begndate}`);
  return { begndate, enddate };
}

/** The fields of a node the platform does not read itself, kept with the filing as the HIS sent them. */
export function restOf(node: Record<string, unknown>, read: ReadonlySet<string>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node))
    if (!read.has(key) && value !== undefined && value !== null && value !== '') rest[key] = value;
  return rest;
}
