import fs from 'node:fs';
import { AppError } from '../../../core/errors.js';
import { keyringData, type Keyring } from '../../../core/pii/index.js';
import { startWorker } from '../../../core/workers.js';
import type { PlaceData } from './places.js';
import type { WorkerCommand, WorkerInput, WorkerMessage } from './prepare-worker.js';
import type { PreparedBatch } from './batch.js';

/** Files from this size are prepared in a worker thread (starting one costs about half a second). */
export const WORKER_FROM_BYTES = 1024 * 1024;

/** The prepared batches of a file, and a way to stop sealing once the import only checks. */
export type PreparedSource = AsyncIterable<PreparedBatch> & { checkOnly(): void; close(): Promise<void> };

type SourceOptions = {
  file: string;
  places: PlaceData;
  keyring: Keyring;
  allOrNothing: boolean;
  seal: boolean;
  /** Force the worker on or off; by default a file of WORKER_FROM_BYTES or more gets one. */
  worker?: boolean;
};

/** Prepared here: prepare.ts (with exceljs, csv-parse, jieba and the grid index) is loaded only where it runs. */
function inThread(o: SourceOptions): PreparedSource {
  const sealSwitch = { seal: o.seal };
  const loading = Promise.all([import('./prepare.js'), import('./place-index.js')]).then(
    ([{ prepareRows }, { placesFrom }]) => prepareRows({ ...o, places: placesFrom(o.places), switch: sealSwitch }),
  );
  return {
    async *[Symbol.asyncIterator]() {
      yield* await loading;
    },
    checkOnly: () => (sealSwitch.seal = false),
    close: async () => {
      await (await loading).return(undefined);
    },
  };
}

/**
 * Reading, checking, sealing and segmenting take more CPU than the database's writing of the
 * same rows: in a worker they use the machine's second core while this thread talks to the
 * database (and, on PGlite, runs it).
 */
function inWorker(o: SourceOptions): PreparedSource {
  const input: Omit<WorkerInput, 'entry'> = {
    file: o.file,
    places: o.places,
    keyring: keyringData(o.keyring),
    allOrNothing: o.allOrNothing,
    seal: o.seal,
  };
  // a small heap: V8 otherwise lets a busy worker's garbage grow to gigabytes before collecting it
  const worker = startWorker(new URL('./prepare-worker.ts', import.meta.url), input, {
    maxOldGenerationSizeMb: 96,
    maxYoungGenerationSizeMb: 16,
  });
  const queue: (WorkerMessage | { type: 'crash'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'crash', error: new Error(`the import worker exited (${code})`) }));
  const command = (c: WorkerCommand) => worker.postMessage(c);
  let handedOut = false;
  async function* batches(): AsyncGenerator<PreparedBatch> {
    for (;;) {
      if (handedOut) command({ type: 'taken' });
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift();
      if (!m || m.type === 'end') return;
      if (m.type === 'crash') throw m.error;
      if (m.type === 'error') throw m.text ? new AppError('validation', m.text) : new Error(m.message);
      handedOut = true;
      yield m.batch;
    }
  }
  return {
    [Symbol.asyncIterator]: batches,
    checkOnly: () => command({ type: 'check-only' }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The file's rows, prepared on this thread or, for a large file, in a worker. */
export function preparedSource(o: SourceOptions): PreparedSource {
  const useWorker = o.worker ?? fs.statSync(o.file).size >= WORKER_FROM_BYTES;
  return useWorker ? inWorker(o) : inThread(o);
}
