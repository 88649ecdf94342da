// The demo world for a first start, prepared on a second core while the database opens (both take seconds).
import { Worker } from 'node:worker_threads';
import type { ValidationResult } from '../core/dataset/validate.ts';

/**
 * Starts generating and validating the demo world in a worker thread. From the sources the worker is the
 * TypeScript module run through tsx; from the bundle (dist/yidi.mjs) it is the bundled dist/demo-worker.mjs.
 */
export function prepareDemoWorld(options: { seed: number; persons: number }): Promise<ValidationResult> {
  const fromBundle = import.meta.url.endsWith('.mjs');
  const worker = fromBundle
    ? new Worker(new URL('./demo-worker.mjs', import.meta.url), { workerData: options })
    : new Worker(new URL('../demo/worker.ts', import.meta.url), {
        workerData: options,
        execArgv: ['--import', 'tsx'],
      });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: ValidationResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the demo world worker stopped with exit code ${code}`)));
  });
}
