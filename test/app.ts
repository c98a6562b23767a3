import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../server/core/config.js';
import type { Database } from '../server/core/db.js';
import { ephemeralKeyring, type Keyring } from '../server/core/pii/index.js';
import { createHttpServer } from '../server/core/http.js';
import type { SmsSender } from '../server/core/sms.js';
import { modules } from '../server/modules/index.js';

/** The device alarms' shared secret in tests. */
export const TEST_DEVICE_SECRET = 'device-secret-for-tests-0123';

/** The full HTTP stack over a test database, for `app.inject` requests. */
export function testApp(
  database: Database,
  opts: {
    keyring?: Keyring;
    sms?: SmsSender;
    auth?: Partial<ReturnType<typeof loadConfig>['auth']>;
    /** Run the deadline clock in the background (off: tests fire timers themselves). */
    background?: boolean;
    /** LINLI_DEVICE_SECRET (tests: a fixed one). */
    deviceSecret?: string;
    /** TRUST_PROXY (none by default). */
    trustProxy?: false | number | string[];
  } = {},
): Promise<FastifyInstance> {
  const auth = { ...loadConfig({}).auth, ...opts.auth };
  return createHttpServer({
    database,
    modules,
    logLevel: (process.env.LINLI_TEST_LOG_LEVEL as 'error' | undefined) ?? 'silent',
    auth,
    keyring: opts.keyring ?? ephemeralKeyring(),
    background: opts.background ?? false,
    deviceSecret: opts.deviceSecret ?? TEST_DEVICE_SECRET,
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.sms ? { sms: opts.sms } : {}),
  });
}
