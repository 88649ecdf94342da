// `yidi start`: the embedded platform — hub and 31 nodes, in-process bus, PGlite — serving HTTP until stopped.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { REQUIRE_SIGNATURES_HELP, SIGNATURE_WINDOW_HELP, signingOptionsOf } from '../api/his/signature.ts';
import { createMetrics } from '../api/metrics.ts';
import { buildServer } from '../api/server.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import { measuredBus } from '../bus/measured.ts';
import { DatasetError, isEmptyWorld, startPlatform } from '../platform.ts';
import { readValidDataset } from '../store/dataset-folder.ts';
import { writeDataset } from '../store/dataset-writer.ts';
import { describeDatabase, isNewEmbeddedDatabase } from '../store/open.ts';
import { DEFAULT_PERSONS, DEFAULT_SEED } from './demo-data.ts';
import { prepareDemoWorld } from './demo-world.ts';
import { DEFAULT_DATA_DIR, databaseConfig, failWithProblems, integerOption } from './options.ts';
import {
  addSecurityOptions,
  configureMaterialsKey,
  type SecurityCliOptions,
  schemeOf,
  serverSecurityOf,
} from './security-options.ts';

interface StartOptions extends SecurityCliOptions {
  host: string;
  port: number;
  dataDir: string;
  memory?: boolean;
  data?: string;
  seed: number;
  persons: number;
  quiet?: boolean;
  requireSignatures?: boolean;
  signatureWindow?: number;
}

export function registerStart(program: Command): void {
  addSecurityOptions(program.command('start'), true)
    .description(
      'start the embedded platform (national hub + 31 provincial nodes in one process); loads the demo world on first start',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', integerOption(0, 65_535), 8080)
    .option('--data-dir <dir>', 'folder of the embedded database', DEFAULT_DATA_DIR)
    .option('--memory', 'keep the embedded database in memory (nothing is kept)')
    .option('--data <dir>', 'load this dataset folder instead of the demo world')
    .option('--seed <n>', 'seed of the demo world', integerOption(0, 2 ** 31 - 1), DEFAULT_SEED)
    .option(
      '--persons <n>',
      'insured persons in the demo world',
      integerOption(10, 5_000_000),
      DEFAULT_PERSONS,
    )
    .option('--quiet', 'log warnings only')
    .option('--require-signatures', REQUIRE_SIGNATURES_HELP)
    .option('--signature-window <seconds>', SIGNATURE_WINDOW_HELP, integerOption(1, 86_400))
    .action(start);
}

async function start(options: StartOptions): Promise<void> {
  const started = performance.now();
  const dataset = options.data ? readValidDataset(options.data) : undefined;
  if (dataset && !dataset.ok) return failWithProblems(dataset.problems);
  const config = databaseConfig(options);
  // A new embedded database will want the demo world: build it on the other core meanwhile.
  const demoWorld = !dataset && isNewEmbeddedDatabase(config) ? prepareDemoWorld(options) : undefined;
  demoWorld?.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const metrics = createMetrics();
  const security = serverSecurityOf(options);
  // Filing materials are encrypted at rest; without a configured key the demo keeps a generated one with its data.
  configureMaterialsKey(
    options,
    options.memory ? undefined : join(resolve(options.dataDir), 'materials.key'),
  );
  const platform = await startPlatform({ ...config, bus: measuredBus(createInProcessBus(), metrics) });
  try {
    if (dataset?.ok) {
      const summary = await writeDataset(platform.db, dataset.dataset);
      console.log(`loaded ${options.data}: ${JSON.stringify(summary)}`);
    } else if (await isEmptyWorld(platform)) {
      const world = await (demoWorld ?? prepareDemoWorld(options));
      if (!world.ok) throw new DatasetError(world.problems);
      const summary = await writeDataset(platform.db, world.dataset);
      console.log(`loaded the demo world (seed ${options.seed}): ${JSON.stringify(summary)}`);
    }
  } catch (error) {
    await platform.close();
    if (error instanceof DatasetError) return failWithProblems(error.problems);
    throw error;
  }
  const app = await buildServer(platform, {
    logger: { level: options.quiet ? 'warn' : 'info' },
    // The demo world has no SMS gateway: the portal shows one-time login codes on screen instead.
    showLoginCodes: !options.data,
    // The demo world's institutions have demo keys: the workstation fetches its own to sign (docs/SECURITY.md).
    demoSigningKeys: !options.data,
    signing: signingOptionsOf(options),
    metrics,
    ...security,
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const base = `${schemeOf(options)}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  console.log(
    [
      `Yidi is running (${describeDatabase(config)}, ${platform.nodes.size} provincial nodes + national hub) — ready in ${Math.round(performance.now() - started)} ms`,
      `  platform  ${base}/`,
      `  health    ${base}/healthz (readiness ${base}/readyz, metrics ${base}/metrics)`,
      `  nodes     ${base}/api/nodes`,
      `  API docs  ${base}/docs (OpenAPI: ${base}/openapi.json)`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping — finishing requests in flight, then closing the database`);
    // Stop accepting first, let answers in flight finish, then close the nodes, the bus and the database.
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
