// A provincial node: owns its province's data and serves the other nodes and the hub over the bus.
import type { Bus, Json, Subscription } from '../bus/port.ts';
import type { Db } from '../store/db.ts';
import { NodeStore } from '../store/node-store.ts';
import { nodeSubject } from './subjects.ts';

export interface NodeHealth {
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
    this.subscriptions.push(await this.bus.serve(nodeSubject(this.province, 'health'), async () => (await this.health()) as unknown as Json));
  }

  async health(): Promise<NodeHealth> {
    return { province: this.province, ...(await this.store.counts()) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
