// Start-up benchmark: time from spawning `yidi start` to the first 200 from /healthz, on a new database (demo
// world loaded) and on a restart, against a bare Node HTTP server spawned the same way in the same run.
// Run: npm run bench:startup [-- --runs 3]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const POLL_MS = 20;
const GIVE_UP_MS = 60_000;
const BIN = fileURLToPath(new URL('../bin/yidi.js', import.meta.url));
const BARE = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
let nextPort = 18_600;

async function timeToFirstAnswer(args: readonly string[], url: (port: number) => string): Promise<number> {
  const port = nextPort++;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    args.map((a) => a.replace('{port}', String(port))),
    { stdio: 'ignore' },
  );
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      const ok = await fetch(url(port)).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`no answer from ${args.join(' ')} within ${GIVE_UP_MS} ms`);
  } finally {
    await stop(child);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.js', import.meta.url))]);
const healthz = (port: number) => `http://127.0.0.1:${port}/healthz`;
const results = { bare: [] as number[], first: [] as number[], restart: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yidi-bench-'));
  const yidi = [BIN, 'start', '--port', '{port}', '--quiet', '--data-dir', dataDir];
  results.bare.push(await timeToFirstAnswer([BARE, '{port}'], (port) => `http://127.0.0.1:${port}/`));
  results.first.push(await timeToFirstAnswer(yidi, healthz));
  results.restart.push(await timeToFirstAnswer(yidi, healthz));
  rmSync(dataDir, { recursive: true, force: true });
}
const bare = median(results.bare);
console.log(`start-up to first answer, median of ${RUNS} runs (20,000-person demo world, PGlite on disk)`);
for (const [name, values] of Object.entries(results)) {
  const m = median(values);
  console.log(
    `${name.padEnd(8)} ${String(Math.round(m)).padStart(6)} ms   ×${(m / bare).toFixed(1)} bare server   (${values.map(Math.round).join(', ')})`,
  );
}
