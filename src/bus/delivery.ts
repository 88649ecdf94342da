// Delivery rules both bus adapters share: redelivery backoff, how a responder's failure is told, payload limits.

import { type Json, ReplyError } from './port.ts';

/** First redelivery of an event whose handler threw waits this long… */
export const REDELIVERY_BASE_DELAY_MS = 50;
/** …and each further one twice as long, up to this: a handler failing on a down database retries every 5 s. */
export const MAX_REDELIVERY_DELAY_MS = 5_000;
/** NATS's default max_payload (1 MiB); the embedded bus enforces it too so nothing works only in-process. */
export const MAX_PAYLOAD_BYTES = 1_048_576;
/** Event ids travel in the Nats-Msg-Id header; idempotency keys are far shorter. */
export const MAX_EVENT_ID_LENGTH_CHARS = 256;

/** The remote error code of a responder failure that was not a ReplyError (a bug or an outage, not a rule). */
export const INTERNAL_ERROR_CODE = 'internal';

/** Delay before delivering an event again after its `deliveryCount`-th delivery (1-based) failed. */
export function redeliveryDelayMs(deliveryCount: number): number {
  const doublings = Math.max(0, Math.min(deliveryCount - 1, 30));
  return Math.min(REDELIVERY_BASE_DELAY_MS * 2 ** doublings, MAX_REDELIVERY_DELAY_MS);
}

/** What a requester learns about a failed responder: a ReplyError keeps its code, anything else is 'internal'. */
export function describeReplyFailure(error: unknown): { readonly code: string; readonly message: string } {
  if (error instanceof ReplyError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: INTERNAL_ERROR_CODE, message };
}

/** Throws a TypeError unless `id` can serve as an event's idempotency key (and as a NATS header value). */
export function assertEventId(id: string): void {
  if (id.length === 0 || id.length > MAX_EVENT_ID_LENGTH_CHARS || /[\r\n]/.test(id)) {
    throw new TypeError(`event id must have 1 to ${MAX_EVENT_ID_LENGTH_CHARS} characters and no line break`);
  }
}

/**
 * Serialises a message body as it would travel over the network. `undefined` (which a JavaScript
 * caller can pass despite the type) becomes null, as it would after a JSON round trip in an envelope.
 */
export function encodeJson(data: Json | undefined): string {
  const text = JSON.stringify(data ?? null);
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`message body exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
  return text;
}

export function decodeJson(text: string): Json {
  return JSON.parse(text) as Json;
}
