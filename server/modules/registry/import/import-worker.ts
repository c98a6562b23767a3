import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../core/db.js';
import { keyringFromData } from '../../../core/pii/index.js';
import { runImport, type ImportWorkerInput, type ImportWorkerMessage } from './run.js';

const input = workerData as ImportWorkerInput;
const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread');
const send = (m: ImportWorkerMessage) => port.postMessage(m);
const keyring = keyringFromData(input.keyring);
// two connections: the import's transaction, and what it reads or records outside it
const database = await openDatabase({ url: input.url, poolSize: 2 });
try {
  const { url: _, ...options } = input;
  const result = await runImport({
    ...options,
    db: database.db,
    keyring,
    onProgress: (rows) => send({ type: 'progress', rows }),
  });
  send({ type: 'result', result });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
} finally {
  await database.close();
}
