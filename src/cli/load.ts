// `yidi load <dir>`: validates a dataset folder and writes it into the configured database, or nothing at all.
import type { Command } from 'commander';
import { createInProcessBus } from '../bus/in-process.ts';
import { startPlatform } from '../platform.ts';
import { readValidDataset } from '../store/dataset-folder.ts';
import { writeDataset } from '../store/dataset-writer.ts';
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
      // Everything is checked before the database is even opened.
      const dataset = readValidDataset(dir);
      if (!dataset.ok) return failWithProblems(dataset.problems);
      const config = databaseConfig(options);
      const platform = await startPlatform({ ...config, bus: createInProcessBus() });
      try {
        const summary = await writeDataset(platform.db, dataset.dataset);
        console.log(`loaded ${dir} into ${describeDatabase(config)}: ${JSON.stringify(summary)}`);
      } finally {
        await platform.close();
      }
    });
}
