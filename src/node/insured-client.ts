// A treatment node's calls to an insured node, through the hub; a failure comes back as a Refusal for the HIS.
import type { Bus, Json } from '../bus/port.ts';
import { INSURED_CALL_TIMEOUT_MS } from '../hub/national-hub.ts';
import type { InsuredOperation } from './insured-messages.ts';
import { refusalOf } from './refusal.ts';
import { hubSubject } from './subjects.ts';

export class InsuredClient {
  constructor(private readonly bus: Bus) {}

  async ask<Q, A>(operation: InsuredOperation, request: Q): Promise<A> {
    try {
      return (await this.bus.request(hubSubject(operation), request as unknown as Json, {
        timeoutMs: INSURED_CALL_TIMEOUT_MS,
      })) as unknown as A;
    } catch (error) {
      throw refusalOf(error);
    }
  }
}
