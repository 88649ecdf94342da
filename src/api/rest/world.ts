// GET /api/nodes: the routing table with each node's data counts, read over the bus as the hub sees them.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.ts';

export function registerWorld(app: FastifyInstance, platform: Platform): void {
  app.get('/api/nodes', async () => {
    const [routes, statuses] = await Promise.all([platform.hub.store.routes(), platform.hub.nodeStats()]);
    const byProvince = new Map(statuses.map((s) => [s.province, s]));
    return routes.map((route) => {
      const status = byProvince.get(route.province);
      return { ...route, up: status?.up ?? false, ...(status?.up ? { counts: status.answer } : {}) };
    });
  });
}
