// The national hub: routing table, national filing index, institution directory; reaches nodes over the bus.
import type { Bus, Json } from '../bus/port.ts';
import { provinceOf } from '../core/regions.ts';
import type { PersonLookup, PersonQuery } from '../node/person-lookup.ts';
import type { NodeStats } from '../node/provincial-node.ts';
import { nodeSubject } from '../node/subjects.ts';
import type { Db } from '../store/db.ts';
import { HubStore } from '../store/hub-store.ts';

/** How long the hub waits for a node's health answer before calling it down. */
export const NODE_HEALTH_TIMEOUT_MS = 2_000;
/** How long a 1101 waits for the insured side; a HIS retries a timeout with the same msgid. */
export const PERSON_LOOKUP_TIMEOUT_MS = 3_000;

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

  async start(provinces: readonly string[], nodeIdOf: (province: string) => string): Promise<void> {
    await this.store.setRoutes(provinces, nodeIdOf);
  }

  /**
   * Finds an insured person for a treatment place (1101). With the insured place known the hub asks that
   * province's node; otherwise every node, concurrently, and the one that knows the person answers.
   */
  async locatePerson(query: PersonQuery, insuplcAdmdvs?: string): Promise<PersonLookup | undefined> {
    const provinces = insuplcAdmdvs
      ? [provinceOf(insuplcAdmdvs)]
      : (await this.store.routes()).map((r) => r.province);
    const answers = await Promise.allSettled(
      provinces.map((province) =>
        this.bus.request(nodeSubject(province, 'person.lookup'), query as unknown as Json, {
          timeoutMs: PERSON_LOOKUP_TIMEOUT_MS,
        }),
      ),
    );
    const found = answers.find((a) => a.status === 'fulfilled' && a.value !== null);
    if (found) return (found as PromiseFulfilledResult<Json>).value as unknown as PersonLookup;
    // Nobody knows the person; but if a node did not answer, it may be the one that does.
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return undefined;
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
