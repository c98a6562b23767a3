import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('the region console', () => {
  it('walks the tree from the top to 庆城社区 and shows its code, counts, grid table and map', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(h.url);
    await signIn(page, 'operator');
    // the operator lands on the home with the street's figures, then opens the tree
    await page.waitForURL(/\/home$/);
    await page.getByTestId('tile-stat-cases.open').waitFor();
    await page.getByRole('menuitem', { name: '行政区划' }).click();
    await page.waitForURL(/\/regions$/);
    for (const code of ['35', '3501', '350102', '350102001', '350102001002']) {
      await page.getByTestId(`tree-${code}`).click();
      await page.waitForURL(new RegExp(`/regions/${code}$`));
      await expect.poll(() => page.getByTestId('region-code').textContent()).toBe(code);
    }
    expect(await page.getByTestId('region-title').textContent()).toBe('庆城社区');
    await expect.poll(() => page.locator('[data-testid="children-table"] tbody tr').count()).toBe(10);
    expect(await page.locator('[data-testid="children-table"] tbody').textContent()).toContain('庆城社区第1网格');
    await expect
      .poll(() => page.locator('[data-testid="grid-map"] path.leaflet-interactive').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText('鼓东街道', { exact: true }).first().isVisible()).toBe(true);
    await page.waitForTimeout(800); // let the map's entrance animation finish before the picture
    await page.screenshot({ path: path.join(ARTIFACTS, 'regions-qingcheng.png'), fullPage: true });
    await page.close();
  });

  it('opens a link straight to a community with the tree expanded, and switches to English', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${h.url}/regions/350102001002`);
    await signIn(page, 'community');
    await expect.poll(() => page.getByTestId('tree-350102001002').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByText('Region tree').isVisible()).toBe(true);
    expect(await page.getByText('Community/village').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'regions-english.png') });
    await page.close();
  });

  it('finds a region from the header search', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${h.url}/regions`);
    await signIn(page, 'gridworker');
    await page.getByPlaceholder('搜索区划，如：庆城').fill('观风亭');
    await page.getByTestId('switch-350102001004').click();
    await page.waitForURL(/\/regions\/350102001004$/);
    await expect.poll(() => page.getByTestId('region-title').textContent()).toBe('观风亭社区');
    await page.close();
  });
});
