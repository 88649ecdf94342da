// A cluster on this machine: the hub and one node process per province (or group of provinces) as child processes of
// `yidi hub` / `yidi node`, each on its own database of one PostgreSQL server, NATS between them. `yidi cluster up`
// runs one; the fault tests and bench:cluster start, kill -9 and restart its processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveMaterialsKey } from '../store/materials-cipher.ts';
import { type ClusterLayout, hubDatabase, nodeDatabase } from './layout.ts';

export interface LocalClusterOptions {
  /** The `yidi` entry script (bin/yidi.js), run with this Node. */
  readonly entry: string;
  readonly layout: ClusterLayout;
  readonly nats: string;
  /** The hub listens on it, the node processes on the ports after it. */
  readonly basePort: number;
  /** One node process per group: `[['460000'], ['130000']]`, or several provinces in one process. */
  readonly nodes: readonly (readonly string[])[];
  /** Every line a process prints, with its name (`hub`, `node-460000`); default: dropped. */
  readonly onLine?: (name: string, line: string) => void;
  /** How long a process may take to answer /healthz after it is spawned. */
  readonly readyTimeoutMs?: number;
  /** More arguments for every node process (e.g. `--orphan-grace 20000`). */
  readonly nodeArgs?: readonly string[];
}

interface Member {
  readonly name: string;
  readonly args: readonly string[];
  readonly port: number;
  child?: ChildProcess;
}

export class LocalCluster {
  private readonly members: Member[];
  private stopping = false;

  constructor(private readonly options: LocalClusterOptions) {
    const { layout, basePort } = options;
    this.members = [
      { name: 'hub', args: ['hub', '--database', hubDatabase(layout)], port: basePort },
      ...options.nodes.map((provinces, n) => ({
        name: `node-${provinces.join('+')}`,
        // A process serving several provinces keeps them in the database of its first.
        args: [
          'node',
          '--province',
          provinces.join(','),
          '--database',
          nodeDatabase(layout, provinces[0]!),
          ...(options.nodeArgs ?? []),
        ],
        port: basePort + 1 + n,
      })),
    ];
  }

  /** The processes' names, hub first. */
  get names(): string[] {
    return this.members.map((m) => m.name);
  }

  url(name: string): string {
    return `http://127.0.0.1:${this.member(name).port}`;
  }

  /** Spawns every process and waits until each answers /healthz. */
  async start(): Promise<void> {
    for (const member of this.members) this.spawn(member);
    await Promise.all(this.members.map((m) => this.untilHealthy(m)));
  }

  /** Ends a process at once (`SIGKILL`: no goodbye, as a crash) or asks it to stop (`SIGTERM`). */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const member = this.member(name);
    const child = member.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Starts a stopped (or killed) process again with the same arguments and waits until it is healthy. */
  async restart(name: string): Promise<void> {
    const member = this.member(name);
    await this.kill(name);
    this.spawn(member);
    await this.untilHealthy(member);
  }

  /** Asks every process to stop and waits for all. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.members.map((m) => this.kill(m.name, 'SIGTERM')));
  }

  private member(name: string): Member {
    const member = this.members.find((m) => m.name === name);
    if (!member) throw new Error(`no process ${name} in this cluster (${this.names.join(', ')})`);
    return member;
  }

  private spawn(member: Member): void {
    const args = [
      this.options.entry,
      ...member.args,
      '--nats',
      this.options.nats,
      '--port',
      String(member.port),
    ];
    const child = spawn(process.execPath, [...args, '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, YIDI_MATERIALS_KEY: localMaterialsKey() },
    });
    const onLine = this.options.onLine;
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream! }).on('line', (line) => onLine?.(member.name, line));
    child.on('exit', (code, signal) => {
      if (!this.stopping && member.child === child) onLine?.(member.name, `exited (${signal ?? code})`);
    });
    member.child = child;
  }

  private async untilHealthy(member: Member): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    for (;;) {
      const child = member.child;
      if (child && (child.exitCode !== null || child.signalCode !== null))
        throw new Error(`${member.name} exited (${child.signalCode ?? child.exitCode}) before it was ready`);
      try {
        const response = await fetch(`${this.url(member.name)}/healthz`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${member.name} did not answer /healthz in time`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * A cluster on this machine is a development one: unless YIDI_MATERIALS_KEY is set, its nodes share a key generated
 * once in .yidi/cluster-materials.key (mode 0600), so that their materials stay readable across restarts.
 */
function localMaterialsKey(): string {
  if (process.env.YIDI_MATERIALS_KEY) return process.env.YIDI_MATERIALS_KEY;
  const file = join(resolve('.yidi'), 'cluster-materials.key');
  return resolveMaterialsKey({ env: {}, generatedKeyFile: file, warn: () => {} })!.toString('base64');
}
