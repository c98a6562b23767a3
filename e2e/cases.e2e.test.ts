import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoWithGps, pointIn } from '../test/cases.js';
import { ARTIFACTS, signInOnPhone, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `cases-${name}.png`), fullPage: true });

/** A phone-sized page signed in on the phone pages with a password. */
async function phone(user: string): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
  await signInOnPhone(page, user, h.url);
  return page;
}

async function console_(user: string): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(h.url);
  await signInAndWait(page, user);
  return page;
}

/** Clicks a step's button on the console case page, fills the note, confirms. */
async function act(page: Page, action: string, note?: string) {
  await page.getByTestId(`act-${action}`).click();
  if (note) await page.getByTestId('action-note').fill(note);
  await page.getByTestId('action-ok').click();
  await page.getByTestId(`act-${action}`).waitFor({ state: 'detached' });
}

describe('a resident’s snapshot, end to end', () => {
  it('is reported with a photo on the phone, registered and dispatched, signed for and handled, verified, and rated', async () => {
    // 1. the resident takes a photo in 庆城社区第1网格 and reports it on the phone
    const here = await pointIn(h.database.db, '350102001002001');
    const file = path.join(os.tmpdir(), `linli-snapshot-${Date.now()}.jpg`);
    fs.writeFileSync(file, await photoWithGps(here.lat, here.lng));
    const resident = await phone('13800000001');
    await resident.getByTestId('m-go-report').click();
    await resident.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => resident.getByTestId('m-location').textContent()).toContain('照片');
    await resident.getByText('环境卫生', { exact: true }).click();
    await resident.getByTestId('m-description').locator('textarea').fill('5号楼门口垃圾桶满溢两天没人清运，气味很大');
    await shot(resident, '1-resident-report');
    await resident.getByTestId('m-report-submit').click();
    await expect.poll(() => resident.getByTestId('m-case-status').textContent()).toBe('待立案');
    const caseId = Number(resident.url().split('/').pop());
    expect(caseId).toBeGreaterThan(0);

    // 2. the command centre registers it and dispatches it to the unit the category proposes
    const operator = await console_('operator');
    await operator.goto(`${h.url}/cases?queue=to_register`);
    await operator.getByText('5号楼门口垃圾桶满溢').first().click();
    await operator.getByTestId('case-title').waitFor();
    await act(operator, 'register');
    await operator.getByTestId('act-dispatch').click();
    await operator.getByRole('dialog').getByText('鼓东街道城管中队').waitFor();
    await shot(operator, '2-operator-dispatch');
    await operator.getByTestId('action-ok').click();
    await expect.poll(() => operator.getByTestId('case-status').textContent()).toBe('待签收');

    // 3. the city-management squad's handler signs for it and marks it handled on the phone
    const db = h.database.db;
    const handler = await phone('handler');
    await handler.getByTestId('m-go-tasks').click();
    await handler.getByText('5号楼门口垃圾桶满溢').first().click();
    await handler.getByTestId('m-act-sign').click();
    await handler.getByTestId('m-step-ok').click();
    await expect.poll(() => handler.getByTestId('m-case-status').textContent()).toBe('处置中');
    await handler.getByTestId('m-act-handle').click();
    await handler.getByTestId('m-step-note').locator('textarea').fill('已安排环卫清运并消杀');
    await shot(handler, '3-handler-handle');
    await handler.getByTestId('m-step-ok').click();
    await expect.poll(() => handler.getByTestId('m-case-status').textContent()).toBe('待核查');

    // 4. the grid worker verifies on site
    const grid = await phone('gridworker');
    await grid.goto(`${h.url}/m/cases/${caseId}`);
    await grid.getByTestId('m-act-verify_pass').click();
    await grid.getByTestId('m-step-note').locator('textarea').fill('现场核查，垃圾已清运干净');
    await shot(grid, '4-gridworker-verify');
    await grid.getByTestId('m-step-ok').click();
    await expect.poll(() => grid.getByTestId('m-case-status').textContent()).toBe('已结案');

    // 5. the resident follows it to the end and rates it
    await resident.goto(`${h.url}/m/mine`);
    await resident.getByText('5号楼门口垃圾桶满溢').first().click();
    await resident.getByTestId('m-act-rate').click();
    await resident.getByTestId('m-rate-satisfied').click();
    await resident.getByTestId('m-step-ok').click();
    await expect.poll(() => resident.getByTestId('m-act-rate').count()).toBe(0);
    await shot(resident, '5-resident-rated');
    const row = await db
      .selectFrom('cases')
      .select(['status', 'rating'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', rating: 'satisfied' });

    // the console shows the full timeline
    await operator.reload();
    await expect.poll(() => operator.getByTestId('case-timeline').textContent()).toContain('评价');
    await shot(operator, '6-operator-timeline');
  }, 180_000);

  it('shows a year of indicators for 鼓东街道 on first start', async () => {
    const page = await console_('operator');
    await page.getByText('案件指标').click();
    await expect.poll(() => page.getByTestId('indicator-summary').textContent()).toMatch(/期间立案 \d{3,} 件/);
    await expect.poll(() => page.getByText('庆城社区').count()).toBeGreaterThan(0);
    await shot(page, '7-indicators');
  });
});
