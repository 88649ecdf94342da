// The OpenAPI document of the JSON API at /openapi.json and Swagger UI at /docs; routes describe themselves by schema.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yidi — 跨省异地就医直接结算 JSON API',
        version: '0.1.0',
        description:
          '参保人服务 (portal), 经办机构 (console) and public queries. Money is yuan with two decimals at this edge; ' +
          'errors are application/problem+json naming the field. The HIS interface is documented in docs/his.md.',
      },
      tags: [
        { name: 'public', description: '公共查询：定点机构、开通情况、经办机构（无需登录）' },
        { name: 'portal', description: '参保人服务：登录、备案、备案记录、电子凭证、费用明细、慢特病资格' },
        { name: 'console', description: '经办机构：备案审核、窗口备案、备案查询与撤销' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yidi_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
