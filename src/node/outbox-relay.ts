// Moves a node's outbox onto the bus: after each change that wrote an event, and on a timer for what a crash left.
import type { Bus } from '../bus/port.ts';
import type { OutboxStore } from '../store/outbox-store.ts';

/** Events published per round trip to the outbox table. */
const RELAY_BATCH = 100;
/** A sweep for events a failed publish or a crash left behind. */
export const RELAY_SWEEP_MS = 1_000;

export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly bus: Bus,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), RELAY_SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  /** Publishes what is pending; a kick during a run makes the run go round once more. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const batch = await this.outbox.pending(RELAY_BATCH);
        if (batch.length === 0) break;
        // Publishing is idempotent by event id, so an event published before a crash and again after it is one event.
        for (const event of batch) await this.bus.publish(event.subject, event.event_id, event.data);
        await this.outbox.markPublished(batch.map((e) => e.seq));
        if (batch.length < RELAY_BATCH) break;
      }
    } while (this.again);
  }
}
