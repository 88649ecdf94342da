// Option parsing shared by the commands: integers and the database configuration, validated once.

import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { DatabaseConfig } from '../store/open.ts';

export const DEFAULT_DATA_DIR = '.yidi';

export function integerOption(min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return Number(text);
  };
}

/** DATABASE_URL wins; otherwise the embedded database under the data folder (or in memory). */
export function databaseConfig(options: { dataDir?: string; memory?: boolean }): DatabaseConfig {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  return {
    databaseUrl,
    memory: options.memory ?? false,
    dataDir: join(resolve(options.dataDir ?? DEFAULT_DATA_DIR), 'pgdata'),
  };
}

/** Prints dataset problems one per line on stderr and sets exit code 2, as the loader promises. */
export function failWithProblems(problems: readonly string[]): void {
  for (const line of problems) process.stderr.write(`${line}\n`);
  process.exitCode = 2;
}
