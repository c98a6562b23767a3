import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, DEMO_PASSWORD, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

/** Sums the JavaScript a page downloads (bytes on the wire: compressed as sent) from now on. */
function countJs(page: Page): () => Promise<{ bytes: number; files: number }> {
  const pending: Promise<number>[] = [];
  page.on('requestfinished', (req) => {
    if (req.resourceType() === 'script') pending.push(req.sizes().then((s) => s.responseBodySize));
  });
  return async () => {
    const sizes = await Promise.all(pending);
    return { bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length };
  };
}

describe('what a first visit downloads (compressed JavaScript)', () => {
  it('the phone home stays under 250 kB and the console’s first page under 700 kB', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    const phoneJs = countJs(phone);
    await phone.goto(`${h.url}/m`);
    await phone.getByPlaceholder('用户名或手机号').fill('13800000001');
    await phone.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await phone.locator('.adm-tabs-content button[type=submit]').first().click();
    await phone.getByTestId('m-home').waitFor();
    const p = await phoneJs();

    const consolePage = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const consoleJs = countJs(consolePage);
    await consolePage.goto(h.url);
    await signInAndWait(consolePage, 'community');
    await consolePage.waitForLoadState('networkidle');
    const c = await consoleJs();

    const report = `phone home: ${(p.bytes / 1024).toFixed(1)} kB in ${p.files} files; console first page: ${(c.bytes / 1024).toFixed(1)} kB in ${c.files} files\n`;
    fs.writeFileSync(path.join(ARTIFACTS, 'bundle-sizes.txt'), report);
    process.stdout.write(report);
    expect(p.bytes).toBeGreaterThan(0);
    expect(p.bytes).toBeLessThanOrEqual(250 * 1024);
    expect(c.bytes).toBeLessThanOrEqual(700 * 1024);
  });

  it('hashed assets are cached for a year, the pages not at all, and compressed copies are sent', async () => {
    const page = await fetch(`${h.url}/m`, { headers: { 'accept-encoding': 'br' } });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${h.url}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('br');
  });
});
