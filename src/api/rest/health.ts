// GET /healthz: the database answers and every provincial node answers over the bus (a node process: its own).
import type { FastifyInstance } from 'fastify';
import type { NodesPlatform, Platform } from '../../platform.ts';

export function registerHealth(app: FastifyInstance, platform: Platform): void {
  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    await platform.db.query('SELECT 1');
    const statuses = await platform.hub.nodeHealth();
    const down = statuses.filter((s) => !s.up).map((s) => s.province);
    reply.code(down.length === 0 ? 200 : 503);
    return {
      status: down.length === 0 ? 'ok' : 'degraded',
      database: platform.db.kind,
      nodes: { up: statuses.length - down.length, down },
      took_ms: Math.round(performance.now() - started),
    };
  });
}

/** A node process's liveness: its database and each of its nodes' stores answer. */
export function registerNodeHealth(app: FastifyInstance, platform: NodesPlatform): void {
  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    const statuses = await Promise.all(
      [...platform.nodes.values()].map(async (node) => {
        try {
          await node.store.ping();
          return { province: node.province, up: true };
        } catch {
          return { province: node.province, up: false };
        }
      }),
    );
    const down = statuses.filter((s) => !s.up).map((s) => s.province);
    reply.code(down.length === 0 ? 200 : 503);
    return {
      status: down.length === 0 ? 'ok' : 'degraded',
      database: platform.db.kind,
      nodes: { up: statuses.length - down.length, down },
      took_ms: Math.round(performance.now() - started),
    };
  });
}
