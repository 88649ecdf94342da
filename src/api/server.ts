// The HTTP surface (Fastify): health, and the JSON API; no business rule lives here.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { registerHis } from './his/route.ts';
import { registerHealth } from './rest/health.ts';
import { registerIndex } from './rest/index.ts';
import { registerSettlementSlip } from './rest/settlement-slip.ts';
import { registerWorld } from './rest/world.ts';

export interface ServerOptions {
  /** Pino options; false silences the log (tests). */
  readonly logger?: boolean | { readonly level: string };
  /** The clock the edge reads once per message (tests fix it to replay the worked examples' times). */
  readonly clock?: () => Date;
}

export async function buildServer(platform: Platform, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    // Requests in flight get this long to finish when the process is asked to stop.
    forceCloseConnections: 'idle',
  });
  registerIndex(app);
  registerHealth(app, platform);
  registerHis(app, platform, options.clock);
  registerWorld(app, platform);
  registerSettlementSlip(app, platform);
  await app.ready();
  return app;
}
