import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import { keyringFromData, type KeyringData } from '../../../core/pii/index.js';
import { placesFrom } from './place-index.js';
import type { PlaceData } from './places.js';
import type { PreparedBatch } from './batch.js';
import { prepareRows } from './prepare.js';

/** What the importing thread sends to start a worker (see prepared-source.ts). */
export type WorkerInput = {
  entry: string;
  file: string;
  places: PlaceData;
  keyring: KeyringData;
  allOrNothing: boolean;
  seal: boolean;
};

/** Messages from the worker: a batch, the end, or why it stopped (an AppError's text, or another error). */
export type WorkerMessage =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'end' }
  | { type: 'error'; text: { zh: string; en: string } | null; message: string };

/** Messages to the worker: a batch was taken (room for another), or stop sealing. */
export type WorkerCommand = { type: 'taken' } | { type: 'check-only' };

/** Batches the worker may have sent and not yet seen taken: two, so the writer never waits. */
const AHEAD = 2;

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('prepare-worker runs as a worker thread');
const keyring = keyringFromData(input.keyring);
const sealSwitch = { seal: input.seal };
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', (m: WorkerCommand) => {
  if (m.type === 'check-only') sealSwitch.seal = false;
  if (m.type === 'taken') {
    ahead--;
    wake?.();
    wake = null;
  }
});
const send = (m: WorkerMessage) => port.postMessage(m);
try {
  for await (const batch of prepareRows({
    file: input.file,
    places: placesFrom(input.places),
    keyring,
    allOrNothing: input.allOrNothing,
    switch: sealSwitch,
  })) {
    while (ahead >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    ahead++;
    send({ type: 'batch', batch });
  }
  send({ type: 'end' });
} catch (err) {
  send({
    type: 'error',
    text: err instanceof AppError ? err.text : null,
    message: err instanceof Error ? err.message : String(err),
  });
}
port.unref();
