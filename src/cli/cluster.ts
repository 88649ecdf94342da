// Cluster mode on the command line: `yidi hub`, `yidi node` (one process each, own PostgreSQL database, NATS between
// them), and `yidi cluster up` / `yidi cluster load` to run and fill such a cluster on one machine.
import { type Command, InvalidArgumentError } from 'commander';
import { REQUIRE_SIGNATURES_HELP, SIGNATURE_WINDOW_HELP, signingOptionsOf } from '../api/his/signature.ts';
import { createMetrics, type Metrics } from '../api/metrics.ts';
import { buildServer, type ServerOptions } from '../api/server.ts';
import { measuredBus } from '../bus/measured.ts';
import { connectNatsBus } from '../bus/nats.ts';
import {
  type ClusterLayout,
  createDatabases,
  DEFAULT_DATABASE_SERVER,
  DEFAULT_NATS_URL,
  DEFAULT_PREFIX,
  hubDatabase,
  loadCluster,
  nodeDatabase,
} from '../cluster/layout.ts';
import { LocalCluster } from '../cluster/local.ts';
import { startHubProcess, startNodeProcess } from '../cluster/processes.ts';
import type { NodesPlatform } from '../platform.ts';
import { readValidDataset } from '../store/dataset-folder.ts';
import { describeDatabase } from '../store/open.ts';
import { ALL_PROVINCES } from '../store/schemas.ts';
import { failWithProblems, integerOption } from './options.ts';
import {
  addSecurityOptions,
  configureMaterialsKey,
  type SecurityCliOptions,
  schemeOf,
  serverSecurityOf,
} from './security-options.ts';

const provinceList = (text: string): string[] => {
  if (text === 'all') return [...ALL_PROVINCES];
  const list = text.split(',').map((p) => p.trim());
  for (const p of list)
    if (!ALL_PROVINCES.includes(p))
      throw new InvalidArgumentError(`${p} is not a province code (e.g. 460000)`);
  if (new Set(list).size !== list.length) throw new InvalidArgumentError('a province is listed twice');
  return list;
};

interface ServeOptions extends SecurityCliOptions {
  database: string;
  nats: string;
  host: string;
  port: number;
  quiet?: boolean;
}

export function registerCluster(program: Command): void {
  addSecurityOptions(program.command('hub'), false)
    .description(
      'run the national hub as its own process (cluster mode): routing, national index, clearing, ledger',
    )
    .requiredOption('--database <url>', "the hub's PostgreSQL database (postgres://…)")
    .option('--nats <url>', 'NATS server(s), comma-separated', DEFAULT_NATS_URL)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', integerOption(0, 65_535), 8100)
    .option('--quiet', 'log warnings only')
    .action(async (options: ServeOptions) => {
      const metrics = createMetrics();
      const bus = measuredBus(await connectNatsBus({ servers: options.nats, name: 'hub' }), metrics);
      const platform = await startHubProcess({ databaseUrl: options.database, bus });
      await serve('national hub', platform, options, metrics);
    });

  addSecurityOptions(program.command('node'), true)
    .description(
      'run provincial nodes as one process (cluster mode): their hospitals, insured persons and filings',
    )
    .requiredOption(
      '--province <list>',
      'the provinces it serves, e.g. 460000 or 460000,130000',
      provinceList,
    )
    .requiredOption('--database <url>', "the node's PostgreSQL database (postgres://…)")
    .option('--nats <url>', 'NATS server(s), comma-separated', DEFAULT_NATS_URL)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', integerOption(0, 65_535), 8101)
    .option(
      '--orphan-grace <ms>',
      'reverse a benefit decision that has no settlement after this long (default 600000; or YIDI_ORPHAN_GRACE_MS)',
      integerOption(0, 2 ** 31 - 1),
    )
    .option(
      '--orphan-interval <ms>',
      'how often the insured side looks for such decisions, 0 never (default 60000; or YIDI_ORPHAN_INTERVAL_MS)',
      integerOption(0, 2 ** 31 - 1),
    )
    .option('--require-signatures', REQUIRE_SIGNATURES_HELP)
    .option('--signature-window <seconds>', SIGNATURE_WINDOW_HELP, integerOption(1, 86_400))
    .option('--quiet', 'log warnings only')
    .action(
      async (
        options: ServeOptions & {
          province: string[];
          orphanGrace?: number;
          orphanInterval?: number;
          requireSignatures?: boolean;
          signatureWindow?: number;
        },
      ) => {
        const name = `node-${options.province.join('+')}`;
        // A node keeps filing materials encrypted at rest: it must be given their key (docs/SECURITY.md).
        configureMaterialsKey(options, undefined, true);
        const metrics = createMetrics();
        const bus = measuredBus(await connectNatsBus({ servers: options.nats, name }), metrics);
        const platform = await startNodeProcess({
          databaseUrl: options.database,
          bus,
          provinces: options.province,
          orphans: {
            ...(options.orphanGrace !== undefined ? { graceMs: options.orphanGrace } : {}),
            ...(options.orphanInterval !== undefined ? { intervalMs: options.orphanInterval } : {}),
          },
        });
        await serve(`provincial node ${options.province.join(', ')}`, platform, options, metrics, {
          signing: signingOptionsOf(options),
        });
      },
    );

  const cluster = program
    .command('cluster')
    .description('a local cluster on this machine: the hub and one process per province');
  cluster
    .command('up')
    .description(
      'start the hub and a node process per province (a database each on the server, created if missing); Ctrl-C stops all',
    )
    .option('--provinces <list>', 'all, or province codes separated by commas', provinceList, [
      ...ALL_PROVINCES,
    ])
    .option('--database-server <url>', 'the PostgreSQL server', DEFAULT_DATABASE_SERVER)
    .option('--prefix <name>', 'database names start with it', DEFAULT_PREFIX)
    .option('--nats <url>', 'NATS server(s)', DEFAULT_NATS_URL)
    .option(
      '--base-port <n>',
      'the hub listens on it, the nodes on the ports after it',
      integerOption(1, 65_000),
      8100,
    )
    .action(up);
  cluster
    .command('load')
    .description(
      "load a dataset folder into a cluster's databases: each node gets only its own province's data",
    )
    .argument('<dir>', 'the dataset folder')
    .option('--provinces <list>', 'the nodes to load: all, or codes separated by commas', provinceList, [
      ...ALL_PROVINCES,
    ])
    .option('--database-server <url>', 'the PostgreSQL server', DEFAULT_DATABASE_SERVER)
    .option('--prefix <name>', 'database names start with it', DEFAULT_PREFIX)
    .action(async (dir: string, options: { provinces: string[]; databaseServer: string; prefix: string }) => {
      const dataset = readValidDataset(dir);
      if (!dataset.ok) return failWithProblems(dataset.problems);
      const layout: ClusterLayout = { server: options.databaseServer, prefix: options.prefix };
      await createDatabases(layout, options.provinces);
      for (const { target } of await loadCluster(layout, options.provinces, dataset.dataset))
        console.log(
          `loaded ${dir} into ${describeDatabase({ databaseUrl: target === 'hub' ? hubDatabase(layout) : nodeDatabase(layout, target) })}`,
        );
    });
}

/** Serves a process's HTTP surface until SIGINT/SIGTERM, then stops accepting, finishes, and closes. */
async function serve(
  what: string,
  platform: NodesPlatform,
  options: ServeOptions,
  metrics: Metrics,
  extra: Pick<ServerOptions, 'signing'> = {},
): Promise<void> {
  const app = await buildServer(platform, {
    ...extra,
    ...serverSecurityOf(options),
    logger: { level: options.quiet ? 'warn' : 'info' },
    metrics,
    busReady: () => platform.bus.connected(),
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  console.log(
    `Yidi ${what} is running on ${describeDatabase({ databaseUrl: options.database })}: ${schemeOf(options)}://${options.host}:${port}/`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${what}`);
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

interface UpOptions {
  provinces: string[];
  databaseServer: string;
  prefix: string;
  nats: string;
  basePort: number;
}

async function up(options: UpOptions): Promise<void> {
  const layout: ClusterLayout = { server: options.databaseServer, prefix: options.prefix };
  const created = await createDatabases(layout, options.provinces);
  if (created.length > 0)
    console.log(
      `created ${created.length} database(s) on ${describeDatabase({ databaseUrl: layout.server })}`,
    );
  const cluster = new LocalCluster({
    entry: process.argv[1]!,
    layout,
    nats: options.nats,
    basePort: options.basePort,
    nodes: options.provinces.map((p) => [p]),
    onLine: (name, line) => console.log(`[${name}] ${line}`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping the cluster');
    await cluster.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await cluster.start();
  console.log(
    [
      `Yidi cluster (hub + one process per province, NATS at ${options.nats}):`,
      ...cluster.names.map((name) => `  ${name.padEnd(12)} ${cluster.url(name)}/`),
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
}
