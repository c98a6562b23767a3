import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

const GRID = '350102001002001';

describe('联户走访: the round on the phone (online and offline), coverage in the console', () => {
  it('the grid worker records visits, two with the network cut, uploaded once when it returns; the community sees coverage', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const context = await h.browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    await signInOnPhone(phone, 'gridworker', h.url);
    await phone.getByTestId('m-go-round').click();
    await phone.getByTestId('m-visits-summary').waitFor();
    const households = phone.locator('[data-testid^="m-visit-"]');
    await households.first().waitFor();
    const count = async () =>
      Number(/待访 (\d+) 户/.exec((await phone.getByTestId('m-visits-summary').textContent()) ?? '')?.[1]);
    const before = await count();
    // online: a visit with a finding that becomes a case
    await households.first().click();
    await phone.getByTestId('m-visit-notes').locator('textarea').fill('楼道堆放杂物（浏览器测试）');
    await phone.getByTestId('m-visit-finding').getByText('转为案件').click();
    await phone.locator('.adm-popup-body .adm-selector').nth(2).locator('.adm-selector-item').first().click();
    await phone.getByTestId('m-visit-what').locator('textarea').fill('三楼楼道堆放纸箱，影响通行');
    await phone
      .getByTestId('m-visit-photos')
      .setInputFiles({ name: 'corridor.jpg', mimeType: 'image/jpeg', buffer: photo });
    await phone.getByTestId('m-visit-save').click();
    await phone.getByText('走访已记录').waitFor();
    await expect.poll(count, { timeout: 20_000 }).toBe(before - 1);
    // the service worker holds the app shell and the round: with the network cut the page reloads
    // (a string: the e2e sources are typed for Node, the page runs it)
    await phone.evaluate(`(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    })()`);
    await phone.reload(); // online once more under the worker's control: it keeps this month's plan
    await households.first().waitFor();
    await context.setOffline(true);
    await phone.reload();
    await households.first().waitFor({ timeout: 20_000 });
    // offline: two visits wait on the phone (in IndexedDB), one with a photo
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const row = households.first();
      ids.push(((await row.getAttribute('data-testid')) ?? '').replace('m-visit-', ''));
      await row.click();
      await phone
        .getByTestId('m-visit-notes')
        .locator('textarea')
        .fill(`离线走访 ${i + 1}`);
      if (i === 0)
        await phone
          .getByTestId('m-visit-photos')
          .setInputFiles({ name: 'offline.jpg', mimeType: 'image/jpeg', buffer: photo });
      await phone.getByTestId('m-visit-save').click();
      await phone.getByText('暂无网络，已保存，联网后自动上传').waitFor();
    }
    await expect
      .poll(async () => phone.getByTestId('m-visits-queue').textContent(), { timeout: 20_000 })
      .toContain('2 条待上传');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'visits-phone-offline.png'), fullPage: true });
    await context.setOffline(false);
    await phone.getByTestId('m-visits-queue').waitFor({ state: 'detached', timeout: 20_000 });
    // each offline visit is there once
    const once = await phone.evaluate(
      async ([grid, hs]) =>
        Promise.all(
          (hs as string[]).map(async (id) => {
            const r = await fetch(`/api/visits?region=${grid}&household=${id}`);
            const body = (await r.json()) as { items: { notes: string; photos: string[] }[] };
            return body.items
              .filter((v) => v.notes.startsWith('离线走访'))
              .map((v) => (v.notes === '离线走访 1' ? v.photos.length * 10 : 1) + 0)
              .reduce((a, b) => a + b, 0);
          }),
        ),
      [GRID, [...new Set(ids)]] as const,
    );
    // once each, and the first with its photo (counted 10)
    expect(once.reduce((a, b) => a + b, 0)).toBe(11);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'visits-phone.png'), fullPage: true });

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.getByRole('menuitem', { name: '联户走访' }).click();
    await expect
      .poll(async () => page.getByTestId('visits-share').textContent(), { timeout: 20_000 })
      .toMatch(/\d+(\.\d)?%/);
    await page.getByTestId('visits-by-frequency').locator('tbody tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'visits-coverage.png'), fullPage: true });
    await page.getByRole('tab', { name: '民情日记' }).click();
    await page.locator('tbody tr.ant-table-row', { hasText: '楼道堆放杂物（浏览器测试）' }).first().waitFor();
    await page.getByRole('tab', { name: '走访计划' }).click();
    await page.getByTestId('visits-plan').locator('tbody tr.ant-table-row').first().waitFor();
  }, 150_000);
});
