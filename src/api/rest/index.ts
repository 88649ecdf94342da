// GET /: what this server offers, until the web UI (issue 6) takes the root.
import type { FastifyInstance } from 'fastify';

export function registerIndex(app: FastifyInstance): void {
  app.get('/', async () => ({
    name: 'Yidi — 跨省异地就医直接结算',
    endpoints: {
      '/healthz': 'database and every provincial node answering over the bus',
      '/api/nodes': 'routing table with each provincial node’s data counts',
      'POST /fsi/api/rsfComIfsService/callService':
        'the national HIS interface (see docs/his.md for the transactions)',
      'GET /settlements/{setl_id}/slip': '结算单: the printable settlement sheet',
    },
  }));
}
