// The embedded-mode bus (hub and 31 provincial nodes in one process), with the semantics of the NATS adapter.

import { decodeJson, describeReplyFailure, encodeJson } from './delivery.ts';
import { EventLog } from './in-process-events.ts';
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
import { assertRequestSubject, parseSubject, subjectCovers } from './subject.ts';
import { OpenSubscriptions } from './subscriptions.ts';

export { MAX_RETAINED_EVENTS } from './in-process-events.ts';

export interface InProcessBusOptions {
  /** Subjects durable events may use, as the NATS stream's subjects; default DEFAULT_EVENT_SUBJECTS. */
  readonly eventSubjects?: readonly string[];
}

export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  return new InProcessBus(new EventLog(options.eventSubjects ?? DEFAULT_EVENT_SUBJECTS));
}

class InProcessBus implements Bus {
  private readonly responders: Responder[] = [];
  private responderTurn = 0;
  /** Rejecters of requests still waiting for their reply, so close() can fail them at once. */
  private readonly pending = new Set<(error: BusError) => void>();
  private readonly subscriptions = new OpenSubscriptions();
  private closing: Promise<void> | undefined;

  constructor(private readonly events: EventLog) {}

  connected(): boolean {
    return this.closing === undefined;
  }

  async request(subject: string, data: Json, options: RequestOptions = {}): Promise<Json> {
    this.assertOpen();
    parseSubject(subject, 'literal');
    assertRequestSubject(subject, this.events.subjects);
    const payload = encodeJson(data);
    const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const responder = this.pickResponder(subject);
    if (responder === undefined) throw new BusError('no-responder', `nobody serves ${subject}`);
    const reply = await new Promise<string>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.pending.delete(fail);
      };
      const fail = (error: BusError): void => {
        settle();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new BusError('timeout', `no reply from ${subject} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.pending.add(fail);
      responder.answer(payload).then(
        (replyPayload) => {
          settle();
          resolve(replyPayload);
        },
        (error: unknown) => {
          const failure = describeReplyFailure(error);
          fail(new BusError('remote', failure.message, failure.code));
        },
      );
    });
    return decodeJson(reply);
  }

  async serve(subject: string, handler: (data: Json) => Promise<Json>): Promise<Subscription> {
    this.assertOpen();
    parseSubject(subject, 'filter');
    assertRequestSubject(subject, this.events.subjects);
    const responder = new Responder(subject, handler);
    this.responders.push(responder);
    return this.subscriptions.track(async () => {
      this.responders.splice(this.responders.indexOf(responder), 1);
      await Promise.allSettled([...responder.inFlight]);
    });
  }

  async publish(subject: string, id: string, data: Json): Promise<void> {
    this.assertOpen();
    this.events.publish(subject, id, data);
  }

  async subscribe(
    subject: string,
    durableName: string,
    handler: (event: BusEvent) => Promise<void>,
  ): Promise<Subscription> {
    this.assertOpen();
    return this.subscriptions.track(this.events.subscribe(subject, durableName, handler));
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const fail of [...this.pending]) fail(new BusError('closed', 'the bus was closed'));
    await this.subscriptions.closeAll();
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new BusError('closed', 'the bus is closed');
  }

  /** Round robin over the matching responders, as a NATS queue group spreads requests. */
  private pickResponder(subject: string): Responder | undefined {
    const matching = this.responders.filter((responder) => subjectCovers(responder.filter, subject));
    if (matching.length === 0) return undefined;
    this.responderTurn = (this.responderTurn + 1) % Number.MAX_SAFE_INTEGER;
    return matching[this.responderTurn % matching.length];
  }
}

class Responder {
  readonly inFlight = new Set<Promise<string>>();

  constructor(
    readonly filter: string,
    private readonly handler: (data: Json) => Promise<Json>,
  ) {}

  /** Runs the handler on a fresh copy of the request and serialises its reply, as a network hop would. */
  answer(payload: string): Promise<string> {
    const run = (async () => {
      // Never run the handler inside the requester's synchronous frame: over NATS it never is.
      await Promise.resolve();
      return encodeJson(await this.handler(decodeJson(payload)));
    })();
    this.inFlight.add(run);
    const forget = (): void => {
      this.inFlight.delete(run);
    };
    run.then(forget, forget);
    return run;
  }
}
