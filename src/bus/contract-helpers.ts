// Small test helpers for the bus contract: recording handlers, awaiting BusErrors, bounded polling, gates.

import { BusError, type BusEvent } from './port.ts';

/** Long enough for a loaded CI machine, short enough that a broken test fails fast instead of hanging. */
const WAIT_LIMIT_MS = 3_000;
const POLL_INTERVAL_MS = 5;

/** Records delivered events; `pause` lets a test hold the handler open. */
export function collector(pause?: () => Promise<void>): {
  readonly events: BusEvent[];
  readonly ids: () => string[];
  readonly handler: (event: BusEvent) => Promise<void>;
} {
  const events: BusEvent[] = [];
  return {
    events,
    ids: () => events.map((e) => e.id),
    handler: async (received) => {
      events.push(received);
      await pause?.();
    },
  };
}

export async function busError(promise: Promise<unknown>): Promise<BusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BusError) return error;
    throw error;
  }
  throw new Error('expected a BusError, but the operation succeeded');
}

/** Polls until `condition` holds; fails the test after WAIT_LIMIT_MS instead of hanging. */
export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${WAIT_LIMIT_MS} ms waiting for ${what}`);
    await sleep(POLL_INTERVAL_MS);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function openLater(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
