// The demo world for a first start, prepared on a second core while the database opens (both take seconds).
import { Worker } from 'node:worker_threads';
import { type ValidationResult, validateDataset } from '../core/dataset/validate.ts';
import { generateDemoWorld } from '../demo/index.ts';

/**
 * Generates and validates the demo world. From the bundle (dist/yidi.mjs, what `yidi` runs after `npm ci`)
 * this happens in a worker thread, dist/demo-worker.mjs. Run from the TypeScript sources it happens on this
 * thread: tsx's loader does not reach into worker threads of Node 20.
 */
export function prepareDemoWorld(options: { seed: number; persons: number }): Promise<ValidationResult> {
  if (!import.meta.url.endsWith('.mjs')) {
    return Promise.resolve().then(() => validateDataset(generateDemoWorld(options)));
  }
  const worker = new Worker(new URL('./demo-worker.mjs', import.meta.url), { workerData: options });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: ValidationResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the demo world worker stopped with exit code ${code}`)));
  });
}
