// `yidi load <dir>`: validates a dataset folder and writes it into the configured database, or nothing at all.
import type { Command } from 'commander';
import { createInProcessBus } from '../bus/in-process.ts';
import { DatasetError, loadDataset, startPlatform } from '../platform.ts';
import { readDatasetFolder } from '../store/dataset-folder.ts';
import { describeDatabase } from '../store/open.ts';
import { DEFAULT_DATA_DIR, databaseConfig, failWithProblems } from './options.ts';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      'validate a dataset folder (shared/spec/dataset.md) and load it; on any problem nothing is written (exit 2)',
    )
    .argument('<dir>', 'the dataset folder')
    .option('--data-dir <dir>', 'folder of the embedded database', DEFAULT_DATA_DIR)
    .action(async (dir: string, options: { dataDir: string }) => {
      const folder = readDatasetFolder(dir);
      if (!folder.ok) return failWithProblems(folder.problems);
      const config = databaseConfig(options);
      const platform = await startPlatform({ ...config, bus: createInProcessBus() });
      try {
        const summary = await loadDataset(platform.db, folder.raw);
        console.log(`loaded ${dir} into ${describeDatabase(config)}: ${JSON.stringify(summary)}`);
      } catch (error) {
        if (error instanceof DatasetError) failWithProblems(error.problems);
        else throw error;
      } finally {
        await platform.close();
      }
    });
}
