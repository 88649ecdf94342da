// Worker thread: generates and validates the demo world while the main thread opens the database.
import { parentPort, workerData } from 'node:worker_threads';
import { validateDataset } from '../core/dataset/validate.ts';
import { generateDemoWorld } from './index.ts';

const options = workerData as { seed: number; persons: number };
parentPort?.postMessage(validateDataset(generateDemoWorld(options)));
