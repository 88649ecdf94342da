// The JetStream side of the NATS bus: the event stream, deduplicated publishing and durable consumers.

import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  JSONCodec,
  type JsMsg,
  NatsError,
  nanos,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { assertEventId, redeliveryDelayMs } from './delivery.ts';
import { type BusEvent, type Json, REQUEST_TIMEOUT_MS, type Subscription } from './port.ts';
import { assertEventSubject, assertName, parseSubject, subjectCovers } from './subject.ts';

/**
 * JetStream drops a publish whose id (Nats-Msg-Id) it saw within this window, so a publish retried
 * within 2 minutes is stored once. Set only when this adapter creates the stream.
 */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;
/** Unacknowledged this long, an event is delivered again: covers a subscriber that died mid-handler. */
export const ACK_WAIT_MS = 30_000;
/** A handler still running tells JetStream so this often, so a slow handler is not mistaken for a dead one. */
const WORKING_SIGNAL_INTERVAL_MS = ACK_WAIT_MS / 2;

/** The header carrying a message's id, which JetStream dedupes on (set by `msgID`). */
const MSG_ID_HEADER = 'Nats-Msg-Id';
// JetStream API error codes (nats-server's errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

const codec = JSONCodec<unknown>();

type EventHandler = (event: BusEvent) => Promise<void>;

/** The stream of durable events, created on first use. Its subjects bound what may be published. */
export class EventStream {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly name: string,
    readonly subjects: readonly string[],
  ) {}

  static async open(js: JetStreamClient, jsm: JetStreamManager, name: string, subjects: readonly string[]) {
    assertName(name, 'stream name');
    for (const subject of subjects) parseSubject(subject, 'filter');
    const info = await jsm.streams.info(name).catch((error: unknown) => {
      if (isApiError(error, STREAM_NOT_FOUND)) return undefined;
      throw error;
    });
    if (info === undefined) {
      // Two processes racing here both succeed: JetStream accepts an identical add.
      await jsm.streams.add({
        name,
        subjects: [...subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    } else {
      // An existing stream belongs to its operator: check it, never silently reconfigure it.
      const missing = subjects.filter(
        (subject) => !info.config.subjects.some((s) => subjectCovers(s, subject)),
      );
      if (missing.length > 0) {
        throw new Error(
          `stream ${name} does not hold ${missing.join(', ')}: add them to it or use another stream`,
        );
      }
    }
    return new EventStream(js, jsm, name, subjects);
  }

  async publish(subject: string, id: string, data: Json): Promise<void> {
    parseSubject(subject, 'literal');
    assertEventSubject(subject, this.subjects);
    assertEventId(id);
    // `expect` makes the server refuse rather than store the event in some other stream.
    await this.js.publish(subject, codec.encode(data ?? null), {
      msgID: id,
      expect: { streamName: this.name },
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  async subscribe(filter: string, durableName: string, handler: EventHandler): Promise<Subscription> {
    parseSubject(filter, 'filter');
    assertEventSubject(filter, this.subjects);
    assertName(durableName, 'durable name');
    const info = await this.jsm.consumers.info(this.name, durableName).catch((error: unknown) => {
      if (isApiError(error, CONSUMER_NOT_FOUND)) return undefined;
      throw error;
    });
    if (info === undefined) {
      await this.jsm.consumers.add(this.name, {
        durable_name: durableName,
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        max_deliver: -1,
        // One unacknowledged event at a time: delivery in publish order, a failed event holds the rest.
        max_ack_pending: 1,
      });
    } else if (info.config.filter_subject !== filter) {
      throw new TypeError(
        `durable '${durableName}' is bound to '${info.config.filter_subject}', not '${filter}'`,
      );
    }
    const consumer = await this.js.consumers.get(this.name, durableName);
    // A pull consumer (several subscribers of one durable share it); a buffer of one keeps close() clean.
    const messages = await consumer.consume({ max_messages: 1 });
    return new DurableSubscription(messages, durableName, handler);
  }
}

class DurableSubscription implements Subscription {
  private closing = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly messages: ConsumerMessages,
    private readonly durableName: string,
    private readonly handler: EventHandler,
  ) {
    this.loop = this.run().catch((error: unknown) => {
      // Nothing awaits this loop until close(): say loudly that the durable stopped receiving events.
      process.emitWarning(`bus: durable '${this.durableName}' stopped: ${String(error)}`);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.messages.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    for await (const message of this.messages) {
      if (this.closing) {
        // Already fetched but not yet handed over: give it back at once to the durable's next subscriber.
        message.nak();
        continue;
      }
      await this.handle(message);
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    let event: BusEvent;
    try {
      event = toEvent(message);
    } catch {
      // A body that is not JSON was not published through a Bus and can never be handled: drop it.
      message.term();
      return;
    }
    const working = setInterval(() => message.working(), WORKING_SIGNAL_INTERVAL_MS);
    try {
      await this.handler(event);
    } catch {
      message.nak(redeliveryDelayMs(message.info.deliveryCount));
      return;
    } finally {
      clearInterval(working);
    }
    // Wait for the server to record the ack, so a subscriber started after close() resumes past it.
    // A lost ack only means a redelivery after ACK_WAIT_MS: at least once, as promised.
    await message.ackAck().catch(() => false);
  }
}

function toEvent(message: JsMsg): BusEvent {
  const id = message.headers?.get(MSG_ID_HEADER) || `${message.info.stream}:${message.seq}`;
  return { id, subject: message.subject, data: codec.decode(message.data) as Json };
}

function isApiError(error: unknown, errorCode: number): boolean {
  return error instanceof NatsError && error.api_error?.err_code === errorCode;
}
