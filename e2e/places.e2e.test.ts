import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInOnPhone, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
/** The base map this street is configured with: a tile server these tests answer for (or refuse). */
const TILES = 'https://tiles.example.test/{z}/{x}/{y}.png';
beforeAll(async () => {
  h = await startHarness({ env: { LINLI_MAP_TILES: TILES, LINLI_MAP_ATTRIBUTION: '测试底图' } });
}, 180_000);

const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The tile server up (a tile for every request, counted) or down (every request refused). */
async function tiles(page: Page, state: 'up' | 'down'): Promise<() => number> {
  let served = 0;
  await page.route('https://tiles.example.test/**', (r) => {
    if (state === 'down') return r.abort('connectionrefused');
    served++;
    return r.fulfill({ body: TILE, contentType: 'image/png' });
  });
  return () => served;
}
afterAll(async () => h?.close());

const GRID = '350102001002001';

/** A phone-sized page at a GPS position, signed in on the phone pages. */
async function phoneAt(user: string, at?: { lng: number; lat: number }): Promise<Page> {
  const page = await h.browser.newPage({
    viewport: { width: 390, height: 844 },
    ...(at ? { geolocation: { longitude: at.lng, latitude: at.lat }, permissions: ['geolocation'] } : {}),
  });
  await tiles(page, 'down');
  await signInOnPhone(page, user, h.url);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `places-${name}.png`), fullPage: true });

describe('places as places (issue 15, items 9 and 10)', () => {
  it('a resident’s 随手拍 names the grid and the nearest building, marks the point, and the case carries the address', async () => {
    const b = await h.database.db
      .selectFrom('buildings as b')
      .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
      .select(['b.name', 'e.name as estate', 'b.lng', 'b.lat'])
      .where('b.grid_code', '=', GRID)
      .where('b.lng', 'is not', null)
      .orderBy('b.id')
      .executeTakeFirstOrThrow();
    const at = { lng: (b.lng ?? 0) + 0.0001, lat: (b.lat ?? 0) + 0.0001 };
    const resident = await phoneAt('13800000001', at);
    await resident.getByTestId('m-go-report').click();
    await resident.getByTestId('m-locate').click();
    const building = `${b.estate ?? ''}${b.name}`;
    await expect
      .poll(() => resident.getByTestId('m-location').textContent(), { timeout: 20_000 })
      .toContain('庆城社区第1网格');
    expect(await resident.getByTestId('m-location').textContent()).toContain(building);
    expect(await resident.getByTestId('m-location').textContent()).not.toMatch(/\d+\.\d{4,}/);
    // the point on the map (a Leaflet marker over the grids), drawn plainly: the tile server is down
    await expect
      .poll(() => resident.locator('[data-testid="grid-map"] path.leaflet-interactive').count(), { timeout: 20_000 })
      .toBeGreaterThan(1);
    await expect
      .poll(() => resident.getByTestId('grid-map').getAttribute('data-tiles'), { timeout: 20_000 })
      .toBe('off');
    await resident.getByText('环境卫生', { exact: true }).click();
    await resident.getByTestId('m-description').locator('textarea').fill('楼下绿化带里堆了很多建筑垃圾');
    await shot(resident, '1-resident-located');
    await resident.getByTestId('m-report-submit').click();
    await expect
      .poll(() => resident.getByTestId('m-case-address').textContent(), { timeout: 20_000 })
      .toContain(building);
    const id = Number(resident.url().split('/').pop());

    // the operator registers it and dispatches it; the handler's phone shows where, by when, and whom to call
    const operator = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await operator.goto(h.url);
    await signInAndWait(operator, 'operator');
    await operator.goto(`${h.url}/cases/${id}`);
    // the case page shows the point on the map
    await expect
      .poll(() => operator.locator('[data-testid="grid-map"] path.leaflet-interactive').count(), { timeout: 20_000 })
      .toBeGreaterThan(1);
    for (const action of ['register', 'dispatch']) {
      await operator.getByTestId(`act-${action}`).click();
      await operator.getByTestId('action-ok').click();
      await operator.getByTestId(`act-${action}`).waitFor({ state: 'detached' });
    }
    const handler = await phoneAt('handler');
    await handler.goto(`${h.url}/m/cases/${id}`);
    await expect
      .poll(() => handler.getByTestId('m-case-address').textContent(), { timeout: 20_000 })
      .toContain(building);
    expect(await handler.getByTestId('m-case-limit').textContent()).toMatch(
      /签收时限：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（.+后）/,
    );
    expect(await handler.getByTestId('m-case-reporter').textContent()).toMatch(/138\*{4}0001/);
    await expect
      .poll(() => handler.locator('[data-testid="grid-map"] path.leaflet-interactive').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await shot(handler, '2-handler-case');
    // calling shows the full number only after a confirmation that can be cancelled
    await handler.getByTestId('m-case-call').click();
    await handler.getByRole('button', { name: '取消' }).click();
    await handler.getByTestId('m-act-sign').click();
    await handler.getByTestId('m-step-cancel').click();
    expect(await handler.getByTestId('m-case-status').textContent()).toBe('待签收');
    const reveals = await h.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'cases.reveal_phone')
      .execute();
    expect(reveals).toEqual([]);
    await Promise.all([resident.close(), operator.close(), handler.close()]);
  }, 120_000);

  it('draws the grids over the configured tile source, and plainly when its tiles do not load', async () => {
    const open = async (state: 'up' | 'down') => {
      const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
      const served = await tiles(page, state);
      await page.goto(h.url);
      await signInAndWait(page, 'community');
      await page.goto(`${h.url}/registry`);
      return { page, served };
    };
    const up = await open('up');
    await expect.poll(() => up.served(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => up.page.locator('.leaflet-tile-loaded').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await up.page.getByTestId('grid-map').getAttribute('data-tiles')).toBe('on');
    expect(await up.page.locator('[data-testid="grid-map"] path.leaflet-interactive').count()).toBe(10);
    expect(await up.page.getByText('测试底图').isVisible()).toBe(true);
    await shot(up.page, '3-tiles');
    await up.page.close();
    const down = await open('down');
    await expect
      .poll(() => down.page.getByTestId('grid-map').getAttribute('data-tiles'), { timeout: 20_000 })
      .toBe('off');
    await down.page.getByText('底图无法加载，已显示简图').waitFor({ timeout: 20_000 });
    expect(await down.page.locator('[data-testid="grid-map"] path.leaflet-interactive').count()).toBe(10);
    await shot(down.page, '4-plain-fallback');
    await down.page.close();
  }, 60_000);
});

describe('charts people can read (issue 15, item 12)', () => {
  it('lays 50 grids out as horizontal bars with every name, and offers a table view', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'operator');
    await page.goto(`${h.url}/indicators?groupBy=grid`);
    await page.getByTestId('indicator-chart').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="indicator-chart"] canvas').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await shot(page, '5-indicators-grids');
    await page.getByText('表格', { exact: true }).click();
    await expect
      .poll(() => page.locator('[data-testid="indicator-chart-table"] tbody tr.ant-table-row').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThan(40);
    expect(await page.locator('[data-testid="indicator-chart-table"] thead').textContent()).toContain('立案（件）');
    // headers stay on one line
    const th = page.locator('[data-testid="indicator-chart-table"] thead th').nth(1);
    const box = await th.boundingBox();
    expect(box?.height ?? 100).toBeLessThan(60);
    await page.close();
  });
});
