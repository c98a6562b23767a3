// A separate process that imports a CSV into the registry and reports its progress on stdout,
// so that a test can kill it with SIGKILL part-way (see import-kill.test.ts).
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { openDatabase } from '../server/core/db.js';
import { migrateToLatest } from '../server/core/migrate.js';
import { isEmpty, loadDemo } from '../server/demo/load-demo.js';
import { modules } from '../server/modules/index.js';
import { createImport, runImport } from '../server/modules/registry/index.js';

const [file] = process.argv.slice(2);
const url = process.env.CHILD_DATABASE_URL;
const dataDir = process.env.CHILD_DATA_DIR;
if (!file || (!url && !dataDir)) throw new Error('usage: CHILD_DATABASE_URL=… | CHILD_DATA_DIR=… import-child FILE');
const database = url ? await openDatabase({ url }) : await openDatabase({ dataDir: dataDir ?? '' });
const db = database.db;
await migrateToLatest(db, modules);
const keyring = ephemeralKeyring();
if (await isEmpty(db))
  await loadDemo({ db, keyring, password: 'Child@2026', householdsPerGrid: [0, 0], casesPerDay: 0 });
const id = await createImport(db, {
  streetId: '350102001',
  userId: null,
  fileName: 'kill.csv',
  mode: 'all',
  dryRun: false,
});
process.stdout.write(`import ${id}\n`);
await runImport({
  db,
  databaseUrl: database.url,
  keyring,
  streetId: '350102001',
  importId: id,
  file,
  mode: 'all',
  dryRun: false,
  scopes: [],
  actorId: null,
  audit: { actorName: 'import-child' },
  onProgress: (rows) => process.stdout.write(`staged ${rows}\n`),
});
process.stdout.write('done\n');
await database.close();
