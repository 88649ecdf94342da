// Records audit entries after the answer has gone: one bounded queue per chain, drained in order in batches, so
// that a request never waits for the trail and chains never wait for each other (docs/SECURITY.md).
import type { AuditEntryInput } from './chain.ts';

/** Where a chain's entries go (the store: AuditTrailStore.append). */
export interface AuditChainPort {
  append(entries: readonly AuditEntryInput[]): Promise<unknown>;
}

/** Entries appended in one transaction. */
export const AUDIT_BATCH_MAX = 200;
/** Entries waiting per chain before a recording request waits for the queue (back-pressure, never a drop). */
export const AUDIT_QUEUE_MAX = 10_000;
/** After a failed append, the queue is tried again this much later (the entries stay queued). */
export const AUDIT_RETRY_MS = 1_000;

interface Queue {
  readonly port: AuditChainPort;
  readonly items: AuditEntryInput[];
  draining: Promise<void> | undefined;
}

export class AuditRecorder {
  private readonly queues = new Map<string, Queue>();
  private closing = false;

  constructor(
    private readonly portOf: (chain: string) => AuditChainPort,
    /** Told of a failed append; `dropped` counts entries given up (only when closing). Must not throw. */
    private readonly onError: (error: unknown, chain: string, dropped: number) => void = () => {},
  ) {}

  /**
   * Queues an entry on its chain. Resolves at once unless the chain's queue is full; then it resolves when the
   * queue has drained below its bound, so that a flood slows its callers instead of losing entries.
   */
  async record(chain: string, entry: AuditEntryInput): Promise<void> {
    const queue = this.queueOf(chain);
    while (queue.items.length >= AUDIT_QUEUE_MAX && queue.draining) await queue.draining;
    queue.items.push(entry);
    this.drain(chain, queue);
  }

  /** Waits until every entry queued so far is in the database (or given up, when closing). */
  async flush(): Promise<void> {
    for (;;) {
      const pending = [...this.queues.values()].filter((q) => q.draining).map((q) => q.draining);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Appends what is queued once more; what still fails is dropped and reported. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  /** Entries queued and not yet appended, per chain (metrics, tests). */
  backlog(): Record<string, number> {
    return Object.fromEntries([...this.queues].map(([chain, q]) => [chain, q.items.length]));
  }

  private queueOf(chain: string): Queue {
    let queue = this.queues.get(chain);
    if (!queue) {
      queue = { port: this.portOf(chain), items: [], draining: undefined };
      this.queues.set(chain, queue);
    }
    return queue;
  }

  private drain(chain: string, queue: Queue): void {
    if (queue.draining) return;
    queue.draining = (async () => {
      while (queue.items.length > 0) {
        const batch = queue.items.slice(0, AUDIT_BATCH_MAX);
        try {
          await queue.port.append(batch);
          queue.items.splice(0, batch.length);
        } catch (error) {
          if (this.closing) {
            queue.items.splice(0, batch.length);
            this.onError(error, chain, batch.length);
          } else {
            this.onError(error, chain, 0);
            await new Promise((resolve) => setTimeout(resolve, AUDIT_RETRY_MS));
          }
        }
      }
      queue.draining = undefined;
    })();
  }
}
