// The transport port between the hub and the provincial nodes: request/reply and durable publish/subscribe.

/** A JSON-serialisable message body. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Default time a request waits for its reply. */
export const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Where durable events live: every published subject and every subscription must fall under one of
 * these (in the cluster they are the JetStream stream's subjects). Request subjects are free.
 */
export const DEFAULT_EVENT_SUBJECTS: readonly string[] = ['yidi.events.>'];

/** Why a request failed, with a stable code the edges map (HIS err_msg, REST problem+json). */
export type BusErrorCode =
  | 'timeout' // no reply within the timeout: the caller may retry with the same idempotency key
  | 'no-responder' // nobody serves the subject (node down or unknown)
  | 'remote' // the responder ran and answered with a typed failure
  | 'closed'; // the bus was closed

export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
    /** For `remote`: the responder's own stable error code (e.g. `policy-not-found`). */
    readonly remoteCode?: string,
  ) {
    super(message);
    this.name = 'BusError';
  }
}

/** A failure a responder raises on purpose: it travels to the requester as BusError('remote', …, code). */
export class ReplyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}

export interface RequestOptions {
  readonly timeoutMs?: number;
}

/**
 * A durable event: `id` is its idempotency key. The bus stores an id once (see `Bus.publish`); a
 * durable consumer sees it again only when its handler failed or stopped before acknowledging it.
 */
export interface BusEvent {
  readonly id: string;
  readonly subject: string;
  readonly data: Json;
}

export interface Subscription {
  /** Stops delivery; in-flight handlers finish. */
  close(): Promise<void>;
}

/**
 * Malformed arguments (a wildcard in a published subject, an event subject outside the event
 * subjects, a bad durable name) are programming errors and throw a TypeError, not a BusError.
 */
export interface Bus {
  /** Whether the bus can carry messages now (NATS: connected, not reconnecting); readiness reads it. */
  connected(): boolean;
  /** Sends a request and waits for the reply; throws BusError. */
  request(subject: string, data: Json, options?: RequestOptions): Promise<Json>;
  /**
   * Serves a subject (wildcards allowed). A thrown ReplyError reaches the requester as
   * BusError('remote'); anything else as 'remote' with code 'internal'. Several responders of one
   * subject share its requests: each request is handled by one of them.
   */
  serve(subject: string, handler: (data: Json) => Promise<Json>): Promise<Subscription>;
  /**
   * Publishes a durable event and resolves once the bus has stored it. Publishing the same id twice
   * stores it once (dedupe), so a retried publish is safe. NATS only remembers ids for its duplicate
   * window (2 minutes by default): retry within it; the in-process bus remembers them for good.
   */
  publish(subject: string, id: string, data: Json): Promise<void>;
  /**
   * Delivers durable events of a subject (wildcards `*` and `>` as in NATS) to a named durable
   * consumer, at least once, one at a time in publish order; a handler that returns acknowledges the
   * event, a handler that throws gets the same event again after a growing delay, and later events
   * wait for it (so an event that can never succeed holds its consumer: fix and redeploy).
   * Events published before the first subscribe are delivered too. Events already acknowledged by
   * this durable name are not delivered again after a restart of the subscriber. A durable name is
   * bound to the subject it was first subscribed with; subscriptions sharing a name share its events.
   */
  subscribe(
    subject: string,
    durableName: string,
    handler: (event: BusEvent) => Promise<void>,
  ): Promise<Subscription>;
  /**
   * Rejects pending requests with BusError('closed') and closes every subscription (in-flight handlers
   * finish, so a handler that never settles holds close()). Afterwards every call fails with 'closed'.
   */
  close(): Promise<void>;
}
