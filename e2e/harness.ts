import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../server/core/config.js';
import { openDatabase, type Database } from '../server/core/db.js';
import { keyFilePath } from '../server/core/pii/index.js';
import { ROOT, prepareServer } from '../server/main.js';
import { ensureWebBuild } from '../server/web-build.js';

export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

/** The password of the demo accounts (LINLI_DEMO_PASSWORD's default). */
export const DEMO_PASSWORD = 'Linli@2026';

/** Signs in on the console's sign-in page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名或手机号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Signs in and waits until the console shows the signed-in user (so that a following navigation has the session). */
export async function signInAndWait(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, username, password);
  await page.getByTestId('user-menu').waitFor();
}

/** Signs in on the phone pages (`/m`) with a password and waits for the phone home. */
export async function signInOnPhone(page: Page, user: string, url: string): Promise<void> {
  await page.goto(`${url}/m`);
  await page.getByPlaceholder('用户名或手机号').fill(user);
  await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
  await page.locator('.adm-tabs-content button[type=submit]').first().click();
  await page.getByTestId('m-home').waitFor();
}

export type Harness = {
  url: string;
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  /** Text messages the server sent (the SMS adapter keeps them instead of logging them). */
  sms: { phone: string; text: string }[];
  close(): Promise<void>;
};

/** An IPv4 address of this machine other than loopback (how another computer on the LAN reaches it). */
export function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/**
 * The real server (demo street loaded into a fresh in-memory PGlite, or a PostgreSQL database
 * when TEST_DATABASE_URL is set) on a free port, and Debian's Chromium driven by playwright-core.
 */
export async function startHarness(opts: { host?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  await ensureWebBuild(ROOT, () => undefined);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-'));
  const config = {
    ...loadConfig(opts.env ?? {}),
    dataDir,
    port: 0,
    host: '127.0.0.1',
    loadDemo: true,
    logLevel: 'warn' as const,
  };
  // the demo loaded once for the suite (e2e/global-setup.ts): a copy of its database, with its keys
  const snapshot = inject('demoSnapshot');
  let pglite: PGlite;
  if (snapshot) {
    fs.mkdirSync(path.dirname(keyFilePath(dataDir)), { recursive: true });
    fs.copyFileSync(keyFilePath(snapshot), keyFilePath(dataDir));
    pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(path.join(snapshot, 'demo.tar'))]) });
  } else pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  const sms: Harness['sms'] = [];
  const app = await prepareServer(config, database, undefined, {
    sms: { name: 'capture', send: async (phone, text) => void sms.push({ phone, text }) },
  });
  await app.listen({ port: 0, host: opts.host ?? '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    browser,
    sms,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
      await pglite.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
