import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, lanAddress, signInAndWait, startHarness, type Harness } from './harness.js';

/** Served on 0.0.0.0 and opened from another address over plain HTTP, as on a community office's LAN. */
let h: Harness;
const lan = lanAddress();
beforeAll(async () => {
  h = await startHarness({ host: '0.0.0.0' });
}, 180_000);
afterAll(async () => h?.close());

describe.skipIf(lan === undefined)('over plain HTTP on the office network', () => {
  it('the console and the phone pages load, sign in and work (no request is upgraded to https)', async () => {
    const base = h.url.replace('127.0.0.1', lan ?? '');
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const https: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith('https:')) https.push(r.url());
    });
    await page.goto(base);
    await signInAndWait(page, 'community');
    await page.getByRole('menuitem', { name: '网格与居民' }).click();
    await page.getByTestId('grid-table').waitFor();
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.on('request', (r) => {
      if (r.url().startsWith('https:')) https.push(r.url());
    });
    await phone.goto(`${base}/m`);
    await phone.getByPlaceholder('用户名或手机号').fill('13800000001');
    await phone.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await phone.locator('.adm-tabs-content button[type=submit]').first().click();
    await phone.getByTestId('m-home').waitFor();
    expect(https).toEqual([]);
  });
});
