// Builds the web UI (web/) into dist/web with Vite; the platform serves it at /. `npm ci` runs it once.
import { build } from 'vite';

await build({ configFile: new URL('../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
