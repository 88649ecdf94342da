// GET /healthz: the database answers and every provincial node answers (over the bus; a node process: its own).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { NodesPlatform, Platform } from '../../platform.ts';

/** The hub's view: its database, and every routed node answering over the bus. */
export function registerHealth(app: FastifyInstance, platform: Platform): void {
  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    await platform.db.query('SELECT 1');
    return answer(reply, platform, await platform.hub.nodeHealth(), started);
  });
}

/** A node process's liveness: its database and each of its nodes' stores answer. */
export function registerNodeHealth(app: FastifyInstance, platform: NodesPlatform): void {
  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    const statuses = await Promise.all(
      [...platform.nodes.values()].map((node) =>
        node.store.ping().then(
          () => ({ province: node.province, up: true }),
          () => ({ province: node.province, up: false }),
        ),
      ),
    );
    return answer(reply, platform, statuses, started);
  });
}

function answer(
  reply: FastifyReply,
  platform: NodesPlatform,
  statuses: readonly { province: string; up: boolean }[],
  startedMs: number,
) {
  const down = statuses.filter((s) => !s.up).map((s) => s.province);
  reply.code(down.length === 0 ? 200 : 503);
  return {
    status: down.length === 0 ? 'ok' : 'degraded',
    database: platform.db.kind,
    nodes: { up: statuses.length - down.length, down },
    took_ms: Math.round(performance.now() - startedMs),
  };
}
