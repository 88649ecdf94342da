// GET /api: what this server offers (the web UI has the root).
import type { FastifyInstance } from 'fastify';

export function registerIndex(app: FastifyInstance): void {
  app.get('/api', async () => ({
    name: 'Yidi — 跨省异地就医直接结算',
    endpoints: {
      '/healthz': 'database and every provincial node answering over the bus',
      '/api/nodes': 'routing table with each provincial node’s data counts',
      'POST /fsi/api/rsfComIfsService/callService':
        'the national HIS interface (see docs/his.md for the transactions)',
      'GET /settlements/{setl_id}/slip': '结算单: the printable settlement sheet',
      '/': 'the web UI (参保人服务, 医院工作站, 经办机构, 全国监测)',
      '/docs': 'Swagger UI of the JSON API (/openapi.json)',
    },
  }));
}
