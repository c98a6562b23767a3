import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Me } from '../contracts/auth.js';
import type { Database } from '../server/core/db.js';
import { ephemeralKeyring, type Keyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { testApp } from './app.js';
import { inject } from 'vitest';
import { demoDatabase, testDatabase } from './db.js';
import { DEMO_TEST_PASSWORD, TEST_DEMO } from './demo-options.js';

/** The demo accounts' password in tests. */
export { DEMO_TEST_PASSWORD };

export type DemoApp = { database: Database; app: FastifyInstance; keyring: Keyring; close(): Promise<void> };

/** A database of this test file's own with the demo street and accounts, and the full HTTP stack over it. */
export async function demoApp(): Promise<DemoApp> {
  // a clone of the demo loaded once in global setup (PGlite, PostgreSQL); on Citus each file loads its own
  const cloned = await demoDatabase();
  const keyring = cloned ? ephemeralKeyring(inject('demoKey')) : ephemeralKeyring();
  const database = cloned ?? (await testDatabase());
  if (!cloned) await loadDemo({ db: database.db, keyring, ...TEST_DEMO });
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

export type Client = {
  me: Me;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: object): Promise<LightMyRequestResponse>;
  patch(url: string, payload: object): Promise<LightMyRequestResponse>;
  put(url: string, payload: object): Promise<LightMyRequestResponse>;
  /** Any request with the session's cookie and CSRF header added. */
  raw(opts: {
    method: 'GET' | 'POST' | 'PUT';
    url: string;
    payload?: Buffer | string;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
};

/** Signs in (password, or a session cookie already obtained) and returns a client that sends the cookie and CSRF token. */
export async function signedIn(app: FastifyInstance, username: string, password = DEMO_TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  return clientOf(app, res);
}

/** A client for the session a sign-in response started. */
export function clientOf(app: FastifyInstance, res: LightMyRequestResponse): Client {
  const cookie = res.cookies.find((c) => c.name === 'linli_session');
  const me = res.json<Me>();
  const headers = { cookie: `linli_session=${cookie?.value ?? ''}`, 'x-csrf-token': me.csrfToken };
  const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return {
    me,
    get: (url) => app.inject({ url, headers }),
    post: (url, payload) => send('POST', url, payload),
    patch: (url, payload) => send('PATCH', url, payload),
    put: (url, payload) => send('PUT', url, payload),
    raw: (o) => app.inject({ ...o, headers: { ...headers, ...o.headers } }),
  };
}
