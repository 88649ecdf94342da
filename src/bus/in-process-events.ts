// The durable side of the embedded bus: one in-memory event log, deduplicated by id, read by named durable consumers.

import { assertEventId, decodeJson, encodeJson, redeliveryDelayMs } from './delivery.ts';
import type { BusEvent, Json } from './port.ts';
import { assertEventSubject, assertName, parseSubject, subjectCovers } from './subject.ts';

/** Events kept in memory (nothing is ever trimmed); past this, publish fails loudly instead of exhausting memory. */
export const MAX_RETAINED_EVENTS = 1_000_000;

/** An event as stored: the body is kept serialised so every delivery hands out a fresh copy. */
interface StoredEvent {
  readonly id: string;
  readonly subject: string;
  readonly payload: string;
}

type EventHandler = (event: BusEvent) => Promise<void>;

/**
 * One append-only log for all subjects, like a JetStream stream, so a wildcard consumer sees publish
 * order across subjects. Ids are remembered for good (JetStream only within its duplicate window).
 */
export class EventLog {
  private readonly log: StoredEvent[] = [];
  private readonly storedIds = new Set<string>();
  private readonly consumers = new Map<string, DurableConsumer>();

  constructor(readonly subjects: readonly string[]) {
    for (const subject of subjects) parseSubject(subject, 'filter');
  }

  publish(subject: string, id: string, data: Json): void {
    parseSubject(subject, 'literal');
    assertEventSubject(subject, this.subjects);
    assertEventId(id);
    const payload = encodeJson(data);
    if (this.storedIds.has(id)) return;
    if (this.log.length >= MAX_RETAINED_EVENTS) {
      throw new RangeError(`the in-process event log is full (${MAX_RETAINED_EVENTS} events): run a cluster`);
    }
    this.storedIds.add(id);
    this.log.push({ id, subject, payload });
    for (const consumer of this.consumers.values()) consumer.wake();
  }

  /** Attaches a handler to a durable consumer (created on first use); returns how to detach it. */
  subscribe(filter: string, durableName: string, handler: EventHandler): () => Promise<void> {
    parseSubject(filter, 'filter');
    assertEventSubject(filter, this.subjects);
    assertName(durableName, 'durable name');
    const consumer = this.consumers.get(durableName) ?? new DurableConsumer(filter, this.log);
    if (consumer.filter !== filter) {
      throw new TypeError(`durable '${durableName}' is bound to '${consumer.filter}', not '${filter}'`);
    }
    this.consumers.set(durableName, consumer);
    const member = consumer.attach(handler);
    return () => consumer.detach(member);
  }
}

interface Member {
  readonly handler: EventHandler;
  /** The delivery this member is running, so detaching can wait for it. */
  delivering: Promise<boolean> | undefined;
}

/** A named cursor over the log: delivers matching events one at a time to its members, in turn. */
class DurableConsumer {
  /** Index in the log of the first event not yet acknowledged; everything before it is done or filtered out. */
  private position = 0;
  private members: Member[] = [];
  private turn = 0;
  private running = false;
  private readonly wakeup = new Wakeup();

  constructor(
    readonly filter: string,
    private readonly log: readonly StoredEvent[],
  ) {}

  attach(handler: EventHandler): Member {
    const member: Member = { handler, delivering: undefined };
    this.members.push(member);
    if (this.running) {
      this.wakeup.wake();
    } else {
      this.running = true;
      void this.run();
    }
    return member;
  }

  async detach(member: Member): Promise<void> {
    this.members = this.members.filter((other) => other !== member);
    this.wakeup.wake();
    await member.delivering;
  }

  wake(): void {
    this.wakeup.wake();
  }

  private async run(): Promise<void> {
    let failedDeliveries = 0;
    while (this.members.length > 0) {
      const index = this.findNext();
      const stored = index === undefined ? undefined : this.log[index];
      if (index === undefined || stored === undefined) {
        await this.wakeup.sleep();
        continue;
      }
      this.turn = (this.turn + 1) % Number.MAX_SAFE_INTEGER;
      const member = this.members[this.turn % this.members.length]!;
      member.delivering = deliver(member.handler, stored);
      if (await member.delivering) {
        this.position = index + 1;
        failedDeliveries = 0;
      } else {
        failedDeliveries++;
        await this.backOff(redeliveryDelayMs(failedDeliveries));
      }
    }
    this.running = false;
  }

  private findNext(): number | undefined {
    for (; this.position < this.log.length; this.position++) {
      const stored = this.log[this.position];
      if (stored !== undefined && subjectCovers(this.filter, stored.subject)) return this.position;
    }
    return undefined;
  }

  /** Waits before a redelivery; new events do not cut it short, losing the last member does. */
  private async backOff(delayMs: number): Promise<void> {
    const deadline = Date.now() + delayMs;
    for (let left = delayMs; left > 0 && this.members.length > 0; left = deadline - Date.now()) {
      await this.wakeup.sleep(left);
    }
  }
}

/** Calls a handler on a fresh copy of the event; true when it returned (the acknowledgement). */
async function deliver(handler: EventHandler, stored: StoredEvent): Promise<boolean> {
  try {
    await handler({ id: stored.id, subject: stored.subject, data: decodeJson(stored.payload) });
    return true;
  } catch {
    return false;
  }
}

/** Lets a loop sleep until something changes (or a delay passes) without polling. */
class Wakeup {
  private readonly sleepers = new Set<() => void>();

  sleep(delayMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const awake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(awake);
        resolve();
      };
      if (delayMs !== undefined) timer = setTimeout(awake, delayMs);
      this.sleepers.add(awake);
    });
  }

  wake(): void {
    for (const awake of [...this.sleepers]) awake();
  }
}
