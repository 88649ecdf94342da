// The web UI at /: the Vite bundle in dist/web (built by `npm ci` / `npm run build`), or a hint where it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** dist/web beside the sources or beside the bundle (dist/yidi.mjs): both resolve to the same folder. */
const WEB_ROOT = fileURLToPath(
  new URL(/\/dist\/[^/]+\.mjs$/.test(import.meta.url) ? './web/' : '../../../dist/web/', import.meta.url),
);

export async function registerWebUi(app: FastifyInstance): Promise<void> {
  if (!existsSync(`${WEB_ROOT}index.html`)) {
    app.get('/', async () => ({
      name: 'Yidi — 跨省异地就医直接结算',
      ui: 'the web UI is not built: run `npm run build`',
      api: '/api',
    }));
    return;
  }
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    // Hashed asset names never change content: cache them for a year; index.html is always asked again.
    setHeaders(reply, path) {
      reply.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
