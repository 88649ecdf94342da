// Composition roots of cluster mode: the national hub and the provincial nodes as separate processes, each on its own
// PostgreSQL database, meeting only over NATS — the same services as the embedded platform, other adapters.
import type { Bus } from '../bus/port.ts';
import { HubClient } from '../hub/hub-port.ts';
import { NationalHub } from '../hub/national-hub.ts';
import type { OrphanSettings } from '../node/orphan-decisions.ts';
import { ProvincialNode } from '../node/provincial-node.ts';
import type { NodesPlatform, Platform } from '../platform.ts';
import type { Db } from '../store/db.ts';
import { openPostgres } from '../store/postgres.ts';
import { prepareSchemas } from '../store/prepare.ts';

export interface ProcessOptions {
  /** `postgres://…/<database>`: this process's own database. */
  readonly databaseUrl: string;
  /** The bus, connected (NATS in cluster mode; tests may pass an in-process bus shared by several "processes"). */
  readonly bus: Bus;
}

/**
 * The hub process: routing table, national filing index, directory, clearing and ledger. It serves no province; its
 * routing table fills as nodes announce themselves (`route.register`), and persists across restarts.
 */
export async function startHubProcess(options: ProcessOptions): Promise<Platform> {
  const db = await openPostgres(options.databaseUrl);
  try {
    await prepareSchemas(db, []);
    const hub = new NationalHub(db, options.bus);
    await hub.start([], () => '');
    return {
      db,
      bus: options.bus,
      hub,
      nodes: new Map(),
      async close() {
        await hub.stop();
        await options.bus.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export interface NodeProcessOptions extends ProcessOptions {
  /** The provinces this process serves (one node each, one database for all of them). */
  readonly provinces: readonly string[];
  /** How the hub's routing table names this process; default `node-<provinces>`. */
  readonly nodeId?: string;
  /** How long to wait between attempts to announce the node while the hub is not answering. */
  readonly registerRetryMs?: number;
  readonly log?: (line: string) => void;
  /** Orphan-decision rounds (src/node/orphan-decisions.ts); absent fields from YIDI_ORPHAN_*, then the defaults. */
  readonly orphans?: Partial<OrphanSettings>;
}

/** A node process's platform, and whether the hub has taken every province yet (its readiness). */
export interface NodeProcess extends NodesPlatform {
  registered(): boolean;
}

/**
 * A node process: the provincial nodes of its provinces on its database, the hub reached over the bus. It announces
 * each province to the hub until the hub answers (the hub may start later or be restarting), in the background: the
 * node serves its own hospitals meanwhile.
 */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const db: Db = await openPostgres(options.databaseUrl);
  const log = options.log ?? ((line) => console.log(line));
  const nodeId = options.nodeId ?? `node-${options.provinces.join('+')}`;
  const nodes = new Map<string, ProvincialNode>();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  try {
    await prepareSchemas(db, options.provinces);
    for (const province of options.provinces) {
      const node = new ProvincialNode(province, db, options.bus, {
        ...(options.orphans ? { orphans: options.orphans } : {}),
      });
      await node.start();
      nodes.set(province, node);
    }
  } catch (error) {
    for (const node of nodes.values()) await node.stop();
    await db.close();
    throw error;
  }
  const hub = new HubClient(options.bus);
  const unregistered = new Set(options.provinces);
  const announce = async () => {
    retry = undefined;
    for (const province of [...unregistered]) {
      try {
        await hub.registerRoute(province, nodeId);
        unregistered.delete(province);
        log(`${nodeId}: registered ${province} with the national hub`);
      } catch (error) {
        log(`${nodeId}: the hub did not take ${province} yet (${(error as Error).message}); retrying`);
        break;
      }
    }
    if (unregistered.size > 0 && !closed)
      retry = setTimeout(() => void announce(), options.registerRetryMs ?? 2_000).unref();
  };
  const announced = announce();
  return {
    db,
    bus: options.bus,
    hub,
    nodes,
    registered: () => unregistered.size === 0,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await announced;
      for (const node of nodes.values()) await node.stop();
      await options.bus.close();
      await db.close();
    },
  };
}
