import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module (given as a file URL) with `data` as its
 * workerData (plus `entry`). The module reads `workerData` and talks through `parentPort`.
 */
export function startWorker(
  entry: URL,
  data: Record<string, unknown>,
  limits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number },
): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { ...data, entry: entry.href },
    ...(limits ? { resourceLimits: limits } : {}),
  });
}
