// `yidi demo-data <dir>`: writes the deterministic demo world as a dataset folder.
import type { Command } from 'commander';
import { generateDemoWorld } from '../demo/index.ts';
import { writeDatasetFolder } from '../store/dataset-folder.ts';
import { integerOption } from './options.ts';

export const DEFAULT_SEED = 1;
export const DEFAULT_PERSONS = 20_000;

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description(
      'write the demo world (31 provinces, institutions, catalogues, policies, persons, filings) as a dataset folder',
    )
    .argument('<dir>', 'the folder to write')
    .option(
      '--seed <n>',
      'seed of the generator (same seed, same world)',
      integerOption(0, 2 ** 31 - 1),
      DEFAULT_SEED,
    )
    .option('--persons <n>', 'number of insured persons', integerOption(10, 5_000_000), DEFAULT_PERSONS)
    .action((dir: string, options: { seed: number; persons: number }) => {
      const files = writeDatasetFolder(dir, generateDemoWorld(options));
      console.log(`wrote ${files.length} files to ${dir} (seed ${options.seed}, ${options.persons} persons)`);
    });
}
