// The national hub: routing table, national filing index, institution directory; reaches nodes over the bus.
import type { Bus } from '../bus/port.ts';
import type { NodeStats } from '../node/provincial-node.ts';
import { nodeSubject } from '../node/subjects.ts';
import type { Db } from '../store/db.ts';
import { HubStore } from '../store/hub-store.ts';

/** How long the hub waits for a node's health answer before calling it down. */
export const NODE_HEALTH_TIMEOUT_MS = 2_000;

export type NodeStatus<T> =
  | { readonly province: string; readonly up: true; readonly answer: T }
  | { readonly province: string; readonly up: false; readonly error: string };

export class NationalHub {
  readonly store: HubStore;

  constructor(
    db: Db,
    private readonly bus: Bus,
  ) {
    this.store = new HubStore(db);
  }

  async start(nodeIdOf: (province: string) => string): Promise<void> {
    await this.store.setRoutes(nodeIdOf);
  }

  /** Asks every routed node whether it is up, over the bus, concurrently. */
  nodeHealth(): Promise<NodeStatus<unknown>[]> {
    return this.askEveryNode('health');
  }

  /** Asks every routed node what it holds. */
  nodeStats(): Promise<NodeStatus<NodeStats>[]> {
    return this.askEveryNode<NodeStats>('stats');
  }

  private async askEveryNode<T>(operation: string): Promise<NodeStatus<T>[]> {
    const routes = await this.store.routes();
    return Promise.all(
      routes.map(async ({ province }): Promise<NodeStatus<T>> => {
        try {
          const answer = await this.bus.request(nodeSubject(province, operation), null, {
            timeoutMs: NODE_HEALTH_TIMEOUT_MS,
          });
          return { province, up: true, answer: answer as T };
        } catch (error) {
          return { province, up: false, error: (error as Error).message };
        }
      }),
    );
  }
}
