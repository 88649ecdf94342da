// `yidi simulate`: realistic cross-province traffic through the HIS interface of a running platform, over HTTP.
import { type Command, InvalidArgumentError } from 'commander';
import type { RawDataset } from '../core/dataset/schema.ts';
import { addDays, chinaDateOf } from '../core/time.ts';
import { generateDemoWorld } from '../demo/index.ts';
import { drive } from '../sim/driver.ts';
import { keepAliveTransport } from '../sim/http-transport.ts';
import { showProgress } from '../sim/progress.ts';
import { SimStats } from '../sim/stats.ts';
import { formatSummary } from '../sim/summary.ts';
import { simWorldOf } from '../sim/world.ts';
import { readDatasetFolder } from '../store/dataset-folder.ts';
import { DEFAULT_PERSONS, DEFAULT_SEED } from './demo-data.ts';
import { failWithProblems, integerOption } from './options.ts';

interface SimulateOptions {
  url: string;
  rate: number;
  duration: number;
  concurrency: number;
  seed: number;
  persons: number;
  data?: string;
}

/** `yidi start` listens here by default (src/cli/start.ts). */
const DEFAULT_URL = 'http://127.0.0.1:8080';
/** The oldest admission simulated is 7 days and 12 hours back: catalogue rows must hold from then on. */
const WINDOW_DAYS = 9;

function rateOption(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new InvalidArgumentError('must be cycles per second, like 20 or 20/s');
  return Number(m[1]);
}

function durationOption(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new InvalidArgumentError('must be a duration, like 90s, 10m or 1h');
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'drive cross-province traffic (inpatient, outpatient, 门诊慢特病, pharmacy) through the HIS interface of a running platform',
    )
    .option('--url <url>', 'the platform', DEFAULT_URL)
    .option('--rate <n/s>', 'visit cycles started per second', rateOption, 20)
    .option('--duration <time>', 'how long to run (90s, 10m, 1h)', durationOption, 60_000)
    .option('--concurrency <n>', 'cycles in flight at most (HIS workers)', integerOption(1, 1_024), 64)
    .option(
      '--seed <n>',
      'seed of the demo world the platform loaded',
      integerOption(0, 2 ** 31 - 1),
      DEFAULT_SEED,
    )
    .option('--persons <n>', 'persons of that demo world', integerOption(10, 5_000_000), DEFAULT_PERSONS)
    .option('--data <dir>', 'the dataset folder the platform loaded, instead of the demo world')
    .action(simulate);
}

async function simulate(options: SimulateOptions): Promise<void> {
  let raw: RawDataset;
  if (options.data) {
    const folder = readDatasetFolder(options.data);
    if (!folder.ok) return failWithProblems(folder.problems);
    raw = folder.raw;
  } else raw = generateDemoWorld({ seed: options.seed, persons: options.persons });
  const today = chinaDateOf(Date.now());
  const world = simWorldOf(raw, addDays(today, -WINDOW_DAYS), today);

  const healthy = await fetch(new URL('/healthz', options.url)).then(
    (r) => r.ok,
    () => false,
  );
  if (!healthy) {
    process.stderr.write(`no platform answers at ${options.url} (start one with: yidi start)\n`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `simulating ${options.rate}/s for ${options.duration / 1000} s against ${options.url} — ` +
      `${world.persons.length} persons, ${world.filed.length} with filings; Ctrl-C stops and reports`,
  );
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const stats = new SimStats();
  const hideProgress = showProgress(stats, { durationMs: options.duration });
  try {
    await drive({
      transport: keepAliveTransport(options.url, { maxSockets: options.concurrency }),
      world,
      durationMs: options.duration,
      rate: options.rate,
      concurrency: options.concurrency,
      seed: options.seed,
      stats,
      signal: stop.signal,
    });
  } finally {
    hideProgress();
  }
  console.log(formatSummary(stats));
  if (stats.unexpectedCount > 0) process.exitCode = 1;
}
