// The subscriptions a bus has handed out, so that each closes once and all close with the bus.
import type { Subscription } from './port.ts';

export class OpenSubscriptions {
  private readonly open = new Set<Subscription>();

  /** Wraps a stop function into a Subscription that stops once, however often it is closed. */
  track(stop: () => Promise<void>): Subscription {
    let stopping: Promise<void> | undefined;
    const subscription: Subscription = {
      close: () => {
        stopping ??= stop().finally(() => this.open.delete(subscription));
        return stopping;
      },
    };
    this.open.add(subscription);
    return subscription;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}
