// The cluster-mode bus: request/reply over NATS core, durable events on a JetStream stream (see nats-events.ts).

import { connect, ErrorCode, JSONCodec, type Msg, type NatsConnection, NatsError } from 'nats';
import { describeReplyFailure, INTERNAL_ERROR_CODE } from './delivery.ts';
import { EventStream } from './nats-events.ts';
import {
  type Bus,
  BusError,
  type BusEvent,
  DEFAULT_EVENT_SUBJECTS,
  type Json,
  REQUEST_TIMEOUT_MS,
  type RequestOptions,
  type Subscription,
} from './port.ts';
import { assertRequestSubject, parseSubject } from './subject.ts';
import { OpenSubscriptions } from './subscriptions.ts';

export { ACK_WAIT_MS, DUPLICATE_WINDOW_MS } from './nats-events.ts';

export const DEFAULT_STREAM_NAME = 'YIDI';
/** Every responder joins this queue group: the processes serving one subject share its requests. */
export const RESPONDER_QUEUE_GROUP = 'yidi-responders';

export interface NatsBusOptions {
  /** One server URL or several, comma-separated (`nats://a:4222,nats://b:4222`). */
  readonly servers: string;
  /** The JetStream stream of durable events; default `YIDI`. Created if missing. */
  readonly streamName?: string;
  /** Connection name shown by the server's monitoring, e.g. `node-460000`. */
  readonly name?: string;
  /** The stream's subjects; published and subscribed subjects must fall under them. Default `yidi.events.>`. */
  readonly eventSubjects?: readonly string[];
}

/** What travels back to a requester, so that a responder's typed failure crosses the wire. */
type ReplyEnvelope =
  | { readonly ok: true; readonly data: Json }
  | { readonly ok: false; readonly code: string; readonly message: string };

const codec = JSONCodec<unknown>();

export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const servers = options.servers
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
  // A node outlives network blips and server restarts: reconnect forever rather than die after ten tries.
  const nc = await connect({ servers, name: options.name, maxReconnectAttempts: -1 });
  try {
    const jsm = await nc.jetstreamManager();
    const streamName = options.streamName ?? DEFAULT_STREAM_NAME;
    const eventSubjects = options.eventSubjects ?? DEFAULT_EVENT_SUBJECTS;
    const events = await EventStream.open(nc.jetstream(), jsm, streamName, eventSubjects);
    return new NatsBus(nc, events);
  } catch (error) {
    await nc.close();
    throw error;
  }
}

class NatsBus implements Bus {
  /** Rejecters of operations still waiting on the server, so close() can fail them at once. */
  private readonly pending = new Set<(error: unknown) => void>();
  private readonly subscriptions = new OpenSubscriptions();
  private closing: Promise<void> | undefined;
  /** False while the client is reconnecting to a server (it buffers publishes meanwhile). */
  private online = true;

  constructor(
    private readonly nc: NatsConnection,
    private readonly events: EventStream,
  ) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.online = false;
        else if (status.type === 'reconnect') this.online = true;
      }
    })().catch(() => undefined);
  }

  connected(): boolean {
    return this.online && !this.nc.isClosed() && this.closing === undefined;
  }

  async request(subject: string, data: Json, options: RequestOptions = {}): Promise<Json> {
    this.assertOpen();
    parseSubject(subject, 'literal');
    assertRequestSubject(subject, this.events.subjects);
    const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const payload = codec.encode(data ?? null);
    const reply = await this.untilClosed(this.nc.request(subject, payload, { timeout: timeoutMs }), subject);
    return openEnvelope(reply.data);
  }

  async serve(subject: string, handler: (data: Json) => Promise<Json>): Promise<Subscription> {
    this.assertOpen();
    parseSubject(subject, 'filter');
    assertRequestSubject(subject, this.events.subjects);
    const inFlight = new Set<Promise<void>>();
    const subscription = this.nc.subscribe(subject, {
      queue: RESPONDER_QUEUE_GROUP,
      callback: (error, message) => {
        if (error !== null) return; // the server refused the subscription (permissions): nothing to answer
        const answering = answer(message, handler);
        inFlight.add(answering);
        void answering.then(() => inFlight.delete(answering));
      },
    });
    // The server must know the responder before serve() resolves, or an immediate request finds nobody.
    await this.untilClosed(this.nc.flush(), subject);
    return this.subscriptions.track(async () => {
      if (!this.nc.isClosed()) await subscription.drain();
      await Promise.all([...inFlight]);
    });
  }

  async publish(subject: string, id: string, data: Json): Promise<void> {
    this.assertOpen();
    await this.untilClosed(this.events.publish(subject, id, data), subject);
  }

  async subscribe(
    subject: string,
    durableName: string,
    handler: (event: BusEvent) => Promise<void>,
  ): Promise<Subscription> {
    this.assertOpen();
    const subscribing = this.events.subscribe(subject, durableName, handler);
    try {
      const subscription = await this.untilClosed(subscribing, subject);
      return this.subscriptions.track(() => subscription.close());
    } catch (error) {
      // Closed while setting up: the consumer may still come into being; stop it once it does.
      void subscribing.then((subscription) => subscription.close()).catch(() => undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const fail of [...this.pending]) fail(new BusError('closed', 'the bus was closed'));
    await this.subscriptions.closeAll();
    // Drain rather than close: replies and acks already written still reach the server.
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new BusError('closed', 'the bus is closed');
  }

  /** Settles with `operation`, mapping NATS errors to BusError, or fails with 'closed' when the bus closes first. */
  private untilClosed<T>(operation: Promise<T>, subject: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: unknown): void => {
        this.pending.delete(fail);
        reject(error);
      };
      this.pending.add(fail);
      operation.then(
        (value) => {
          this.pending.delete(fail);
          resolve(value);
        },
        (error: unknown) => fail(toBusError(error, subject)),
      );
    });
  }
}

/** Runs a handler for one request and answers with an envelope; never throws. */
async function answer(message: Msg, handler: (data: Json) => Promise<Json>): Promise<void> {
  let envelope: ReplyEnvelope;
  try {
    envelope = { ok: true, data: (await handler(codec.decode(message.data) as Json)) ?? null };
  } catch (error) {
    envelope = { ok: false, ...describeReplyFailure(error) };
  }
  if (message.reply === undefined || message.reply === '') return; // a plain publish expects no answer
  try {
    message.respond(codec.encode(envelope));
  } catch (error) {
    // The reply could not be sent (not JSON, over max_payload): tell the requester rather than let it time out.
    try {
      message.respond(codec.encode({ ok: false, ...describeReplyFailure(error) }));
    } catch {
      // The connection is gone; the requester times out.
    }
  }
}

function openEnvelope(bytes: Uint8Array): Json {
  let envelope: unknown;
  try {
    envelope = codec.decode(bytes);
  } catch {
    envelope = undefined;
  }
  if (isRecord(envelope) && envelope.ok === true) return (envelope.data ?? null) as Json;
  if (isRecord(envelope) && envelope.ok === false) {
    const { code, message } = envelope;
    if (typeof code === 'string' && typeof message === 'string') throw new BusError('remote', message, code);
  }
  throw new BusError('remote', 'the responder answered without a reply envelope', INTERNAL_ERROR_CODE);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toBusError(error: unknown, subject: string): unknown {
  if (!(error instanceof NatsError)) return error;
  switch (error.code) {
    case ErrorCode.Timeout:
      return new BusError('timeout', `no answer on ${subject} in time`);
    case ErrorCode.NoResponders:
      return new BusError('no-responder', `nobody serves ${subject}`);
    case ErrorCode.ConnectionClosed:
    case ErrorCode.ConnectionDraining:
      return new BusError('closed', 'the bus is closed');
    default:
      return error;
  }
}
