// Starts a worker thread on a TypeScript module: registers tsx in the worker (the app runs its
// sources through tsx, with no build step), then imports workerData.entry. See core/workers.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
