// A provincial node: owns its province's data and serves the other nodes and the hub over the bus.
import type { Bus, Json, Subscription } from '../bus/port.ts';
import type { Db } from '../store/db.ts';
import { NodeStore } from '../store/node-store.ts';
import { lookupPerson, type PersonQuery } from './person-lookup.ts';
import { nodeSubject } from './subjects.ts';

/** What a node holds, for the console and /api/nodes. */
export interface NodeStats {
  readonly province: string;
  readonly institutions: number;
  readonly catalogueItems: number;
  readonly policies: number;
  readonly persons: number;
  readonly filings: number;
}

export class ProvincialNode {
  readonly store: NodeStore;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    readonly province: string,
    db: Db,
    private readonly bus: Bus,
  ) {
    this.store = new NodeStore(db, province);
  }

  async start(): Promise<void> {
    this.subscriptions.push(
      // Liveness stays cheap (one round trip to the database); counting rows is for stats.
      await this.bus.serve(nodeSubject(this.province, 'health'), async () => {
        await this.store.ping();
        return { province: this.province, up: true };
      }),
      await this.bus.serve(
        nodeSubject(this.province, 'stats'),
        async () => (await this.stats()) as unknown as Json,
      ),
      await this.bus.serve(
        nodeSubject(this.province, 'person.lookup'),
        async (query) => (await lookupPerson(this.store, query as unknown as PersonQuery)) as unknown as Json,
      ),
    );
  }

  async stats(): Promise<NodeStats> {
    return { province: this.province, ...(await this.store.counts()) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
