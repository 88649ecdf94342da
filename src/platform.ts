// Composition root of the embedded platform: the hub and the provincial nodes in one process, on one database.
import type { Bus } from './bus/port.ts';
import type { RawDataset } from './core/dataset/schema.ts';
import { validateDataset } from './core/dataset/validate.ts';
import type { HubPort } from './hub/hub-port.ts';
import { NationalHub } from './hub/national-hub.ts';
import { ProvincialNode } from './node/provincial-node.ts';
import { type LoadSummary, writeDataset } from './store/dataset-writer.ts';
import type { Db } from './store/db.ts';
import { type DatabaseConfig, openDatabase, prepareSchemas } from './store/open.ts';
import { ALL_PROVINCES } from './store/schemas.ts';

export interface PlatformOptions extends DatabaseConfig {
  /** Provinces served by this process; all 31 by default. */
  readonly provinces?: readonly string[];
  readonly bus: Bus;
}

/**
 * What a process that serves provincial nodes holds: their database, the bus, the nodes, and the hub as a port —
 * the hub itself when it runs in the same process, a client over the bus when it does not (cluster mode).
 */
export interface NodesPlatform {
  readonly db: Db;
  readonly bus: Bus;
  readonly hub: HubPort;
  readonly nodes: ReadonlyMap<string, ProvincialNode>;
  close(): Promise<void>;
}

/** The embedded platform: the hub and every node in one process, on one database. */
export interface Platform extends NodesPlatform {
  readonly hub: NationalHub;
}

export const EMBEDDED_NODE_ID = 'embedded';

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const provinces = options.provinces ?? ALL_PROVINCES;
  const db = await openDatabase(options);
  try {
    await prepareSchemas(db, provinces);
    const hub = new NationalHub(db, options.bus);
    await hub.start(provinces, () => EMBEDDED_NODE_ID);
    const nodes = new Map(provinces.map((p) => [p, new ProvincialNode(p, db, options.bus)]));
    for (const node of nodes.values()) await node.start();
    return {
      db,
      bus: options.bus,
      hub,
      nodes,
      async close() {
        await hub.stop();
        for (const node of nodes.values()) await node.stop();
        await options.bus.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export class DatasetError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the dataset has ${problems.length} problem(s):\n${problems.join('\n')}`);
    this.name = 'DatasetError';
  }
}

/** Validates a whole dataset, then writes it in one transaction; on any problem nothing is written. */
export async function loadDataset(db: Db, raw: RawDataset): Promise<LoadSummary> {
  const result = validateDataset(raw);
  if (!result.ok) throw new DatasetError(result.problems);
  return writeDataset(db, result.dataset);
}

/** True when no world has been loaded yet (the directory of institutions is empty). */
export async function isEmptyWorld(platform: Platform): Promise<boolean> {
  return (await platform.hub.store.counts()).institutions === 0;
}
