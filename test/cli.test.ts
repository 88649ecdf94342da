// The `yidi` command as a newcomer runs it: help, demo-data, load (good and bad), start and stop.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeStore } from '../src/store/node-store.ts';
import { openPglite } from '../src/store/pglite.ts';
import { SMALL_DATASET_DIR } from './support/datasets.ts';

const BIN = fileURLToPath(new URL('../bin/yidi.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'yidi-cli-'));
// Test what users run: the bundle that `npm ci` builds, rebuilt here so that it has every edit.
beforeAll(() =>
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.js', import.meta.url))]),
);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function yidi(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `yidi start`, waits for the URLs it prints, and returns the base URL and the process. */
function startPlatform(
  args: readonly string[],
): Promise<{ base: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--quiet', ...args], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /platform\s+(http:\/\/\S+?)\/\s/.exec(output);
      if (match) resolve({ base: match[1]!, child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`yidi start exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('yidi command', () => {
  it('lists its commands, and each command has --help', async () => {
    const help = await yidi(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'load', 'demo-data']) {
      expect(help.stdout).toContain(command);
      const own = await yidi([command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: yidi ${command}`);
    }
  });

  it('demo-data writes the same world for the same seed', async () => {
    const [a, b] = [join(work, 'world-a'), join(work, 'world-b')];
    expect((await yidi(['demo-data', a, '--seed', '3', '--persons', '40'])).code).toBe(0);
    expect((await yidi(['demo-data', b, '--seed', '3', '--persons', '40'])).code).toBe(0);
    const persons = JSON.parse(readFileSync(join(a, 'persons.json'), 'utf8'));
    expect(persons).toHaveLength(40);
    expect(readFileSync(join(a, 'persons.json'), 'utf8')).toBe(readFileSync(join(b, 'persons.json'), 'utf8'));
    expect(readFileSync(join(a, 'catalogue', '460000.json'), 'utf8')).toBe(
      readFileSync(join(b, 'catalogue', '460000.json'), 'utf8'),
    );
  });

  it('refuses a bad value of an option with a clear message', async () => {
    const run = await yidi(['demo-data', join(work, 'x'), '--persons', 'many']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("option '--persons <n>' argument 'many' is invalid");
  });

  const dataDir = join(work, 'data');

  it('load writes a good dataset into the embedded database', async () => {
    const run = await yidi(['load', SMALL_DATASET_DIR, '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"persons":2');
  });

  it('load of a bad dataset prints one line per problem, exits 2 and changes nothing', async () => {
    const bad = join(work, 'bad');
    cpSync(SMALL_DATASET_DIR, bad, { recursive: true });
    const persons = JSON.parse(readFileSync(join(bad, 'persons.json'), 'utf8'));
    persons[0].certno = '130102197003121230';
    persons[1].acct_balc = '12.345';
    persons[1].nickname = '老李';
    writeFileSync(join(bad, 'persons.json'), JSON.stringify(persons));
    writeFileSync(join(bad, 'notes.txt'), 'not part of a dataset');
    const unknownFile = await yidi(['load', bad, '--data-dir', dataDir]);
    expect(unknownFile.code).toBe(2);
    expect(unknownFile.stderr).toMatch(/^notes\.txt: unknown file \(a dataset holds/);
    rmSync(join(bad, 'notes.txt'));

    const run = await yidi(['load', bad, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'persons.json: [1].nickname: unknown field',
      'persons.json: [1].acct_balc: more than 2 decimals',
    ]);
    // Structure first: the check digit is reported once the file is well formed.
    delete persons[1].nickname;
    persons[1].acct_balc = 12.34;
    writeFileSync(join(bad, 'persons.json'), JSON.stringify(persons));
    const second = await yidi(['load', bad, '--data-dir', dataDir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe('persons.json: [0].certno: wrong check digit (expected 8)\n');

    const db = await openPglite({ dataDir: join(dataDir, 'pgdata') });
    try {
      const laozhang = await new NodeStore(db, '130000').findPerson('13010000000000001234', '310');
      expect(laozhang?.certno).toBe('130102197003121238');
      expect(
        (await new NodeStore(db, '130000').findPerson('13010000000000002001', '310'))?.acct_balc_fen,
      ).toBe(120_000);
    } finally {
      await db.close();
    }
  });

  it('start serves /healthz and /api/nodes on the loaded database, and stops cleanly on SIGTERM', async () => {
    const { base, child } = await startPlatform(['--data-dir', dataDir]);
    try {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        database: 'pglite',
        nodes: { up: 31, down: [] },
      });
      const nodes = (await (await fetch(`${base}/api/nodes`)).json()) as {
        province: string;
        counts: { institutions: number };
      }[];
      expect(nodes).toHaveLength(31);
      expect(nodes.find((n) => n.province === '460000')?.counts.institutions).toBe(2);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('start on a new database loads the demo world first', async () => {
    const { base, child, output } = await startPlatform(['--memory', '--persons', '60', '--seed', '2']);
    try {
      expect(output()).toContain('loaded the demo world (seed 2)');
      const nodes = (await (await fetch(`${base}/api/nodes`)).json()) as {
        counts: { persons: number; catalogueItems: number };
      }[];
      expect(nodes.reduce((sum, n) => sum + n.counts.persons, 0)).toBe(60);
      expect(nodes.every((n) => n.counts.catalogueItems >= 2000)).toBe(true);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });
});

describe('yidi calc', () => {
  const laozhang = fileURLToPath(new URL('./fixtures/examples/laozhang.case.json', import.meta.url));

  it('prints the settlement of a case file as JSON', async () => {
    const run = await yidi(['calc', laozhang]);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.setlinfo).toMatchObject({ fund_pay_sumamt: 17500, psn_part_amt: 7500 });
  });

  it('reads the case from standard input with -', async () => {
    const child = spawn(process.execPath, [BIN, 'calc', '-']);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.end(readFileSync(laozhang));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).setlinfo.hifp_pay).toBe(17500);
  });

  it('exits 2 with one line per problem and nothing on standard output', async () => {
    const bad = JSON.parse(readFileSync(laozhang, 'utf8'));
    bad.feedetail[3].pric = '100.1234567';
    bad.policy.benefits[0].layers[0].cap.amount = 'lots';
    const file = join(work, 'bad.case.json');
    writeFileSync(file, JSON.stringify(bad));
    const run = await yidi(['calc', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'bad.case.json: policy.benefits[0].layers[0].cap.amount: must be a number',
      'bad.case.json: feedetail[3].pric: more than 6 decimals',
    ]);
  });
});
