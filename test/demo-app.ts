import type { FastifyInstance } from 'fastify';
import type { Database } from '../server/core/db.js';
import { ephemeralKeyring, type Keyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { testApp } from './app.js';
import { testDatabase } from './db.js';

/** The demo accounts' password in tests. */
export const DEMO_TEST_PASSWORD = 'Demo@2026';

export type DemoApp = { database: Database; app: FastifyInstance; keyring: Keyring; close(): Promise<void> };

/** A database of this test file's own with the demo street and accounts, and the full HTTP stack over it. */
export async function demoApp(): Promise<DemoApp> {
  const keyring = ephemeralKeyring();
  const database = await testDatabase();
  await loadDemo({ db: database.db, keyring, password: DEMO_TEST_PASSWORD });
  const app = await testApp(database, { keyring });
  return {
    database,
    app,
    keyring,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
