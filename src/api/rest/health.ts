// GET /healthz: the database answers and every provincial node answers over the bus.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.ts';

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
