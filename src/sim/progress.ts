// Live counts while a simulation runs: a redrawn bar on a terminal, a plain line now and then otherwise (CI logs).
import { formatYuan } from '../core/money.ts';
import type { SimStats } from './stats.ts';

const TTY_REFRESH_MS = 250;
const PLAIN_EVERY_MS = 10_000;
const BAR_WIDTH = 24;

export interface ProgressOptions {
  readonly durationMs: number;
  readonly out?: NodeJS.WriteStream;
}

/** Starts the display; the returned function stops it and clears the bar. */
export function showProgress(stats: SimStats, options: ProgressOptions): () => void {
  const out = options.out ?? process.stdout;
  const tty = out.isTTY === true;
  const line = () => {
    const elapsed = stats.elapsedMs;
    const seconds = Math.max(elapsed / 1000, 0.001);
    const done = Math.min(1, elapsed / options.durationMs);
    const counts =
      `${stats.completedCycles} cycles, ${stats.transactions} tx (${(stats.transactions / seconds).toFixed(0)}/s), ` +
      `fund ${formatYuan(stats.fundPaidFen)}, unexpected ${stats.unexpectedCount}`;
    if (!tty) return `[${Math.round(elapsed / 1000)} s] ${counts}`;
    const filled = Math.round(done * BAR_WIDTH);
    return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.round(done * 100)}% ${counts}`;
  };
  const timer = setInterval(
    () => (tty ? out.write(`\r\x1b[2K${line()}`) : out.write(`${line()}\n`)),
    tty ? TTY_REFRESH_MS : PLAIN_EVERY_MS,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) out.write('\r\x1b[2K');
  };
}
