// The small test dataset (老张 and 李秀英 of the worked examples, one hospital in 海口) and ways to spoil it.
import { fileURLToPath } from 'node:url';
import type { RawDataset } from '../../src/core/dataset/schema.ts';
import { readDatasetFolder } from '../../src/store/dataset-folder.ts';

export const SMALL_DATASET_DIR = fileURLToPath(new URL('../fixtures/datasets/small', import.meta.url));

/** A fresh, mutable copy of the small dataset. */
export function smallDataset(): RawDataset & Record<string, unknown> {
  const folder = readDatasetFolder(SMALL_DATASET_DIR);
  if (!folder.ok) throw new Error(`the small dataset is broken:\n${folder.problems.join('\n')}`);
  return structuredClone(folder.raw) as RawDataset & Record<string, unknown>;
}

/** Mutable view for tests that break one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary JSON into the raw dataset on purpose.
export type Mutable = any;
