// The national hub: routing table, national filing index, institution directory; reaches nodes over the bus.
import type { Bus } from '../bus/port.ts';
import type { NodeHealth } from '../node/provincial-node.ts';
import { nodeSubject } from '../node/subjects.ts';
import type { Db } from '../store/db.ts';
import { HubStore } from '../store/hub-store.ts';

/** How long the hub waits for a node's health answer before calling it down. */
export const NODE_HEALTH_TIMEOUT_MS = 2_000;

export type NodeStatus = { readonly province: string; readonly up: true; readonly health: NodeHealth } | { readonly province: string; readonly up: false; readonly error: string };

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

  /** Asks every routed node for its health over the bus, concurrently. */
  async nodeStatuses(): Promise<NodeStatus[]> {
    const routes = await this.store.routes();
    return Promise.all(
      routes.map(async ({ province }): Promise<NodeStatus> => {
        try {
          const health = (await this.bus.request(nodeSubject(province, 'health'), null, { timeoutMs: NODE_HEALTH_TIMEOUT_MS })) as unknown as NodeHealth;
          return { province, up: true, health };
        } catch (error) {
          return { province, up: false, error: (error as Error).message };
        }
      }),
    );
  }
}
