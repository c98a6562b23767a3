import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

const run = promisify(execFile);

describe('关爱: care subjects in the console, 关护通 alarms from the simulator to the phone', () => {
  it('the community sees care subjects and the overdue; a simulated SOS becomes an urgent case the grid worker answers on the phone', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/visits?tab=care`);
    const rows = page.getByTestId('care-subjects').locator('tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 20_000 });
    await page
      .getByTestId('care-counts')
      .getByText(/已逾期/)
      .waitFor();
    // the overdue only (the filter is in the address)
    await page.goto(`${h.url}/visits?tab=care&state=overdue`);
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.first().textContent()).toContain('已逾期');
    await rows.first().click();
    await page.getByTestId('care-drawer').getByText('结对帮扶').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'care-subjects.png'), fullPage: true });
    await page.keyboard.press('Escape');

    // `linli devices simulate` sends a signed SOS as the demo vendor
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['bin/linli.mjs', 'devices', 'simulate', '--url', h.url], {
      cwd: path.resolve(import.meta.dirname, '..'),
    });
    expect(stdout).toMatch(/^201 /);
    const caseId = (JSON.parse(stdout.slice(4)) as { caseId: number }).caseId;
    expect(caseId).toBeGreaterThan(0);
    const took = Date.now() - started;

    // the operator's workbench has it (the case was committed before the vendor got its answer)
    const op = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await op.goto(h.url);
    await signInAndWait(op, 'operator');
    await op.goto(`${h.url}/cases/${caseId}`);
    await op.getByText('关护设备告警').first().waitFor({ timeout: 20_000 });
    await op
      .getByText(/一键呼叫/)
      .first()
      .waitFor();

    // on the grid worker's phone: the open alarm, answered
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'gridworker', h.url);
    await phone.getByTestId('m-go-alarms').click();
    const alarm = phone.getByTestId('m-alarms').locator('.adm-list-item', { hasText: '一键呼叫' }).first();
    await alarm.waitFor({ timeout: 20_000 });
    await phone.screenshot({ path: path.join(ARTIFACTS, 'care-phone-alarm.png'), fullPage: true });
    await alarm.getByRole('button', { name: '响应' }).click();
    await phone.getByText('已响应').first().waitFor();

    // the alarms board: acknowledged, with its time to first response
    await page.goto(`${h.url}/visits?tab=alarms`);
    const row = page.getByTestId('alarm-board').locator('tbody tr.ant-table-row', { hasText: '一键呼叫' }).first();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('已响应');
    await page.screenshot({ path: path.join(ARTIFACTS, 'care-alarms.png'), fullPage: true });
    console.log(`simulate → answered with the case: ${took} ms (including starting the CLI)`);
  }, 150_000);

  it('a pair-up helper records a care visit on the phone', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'partymember', h.url);
    await phone.getByTestId('m-go-care').click();
    const first = phone.locator('[data-testid^="m-care-"]').filter({ hasNot: phone.getByTestId('m-care-list') });
    await phone.getByTestId('m-care-list').waitFor({ timeout: 20_000 });
    await first.first().click();
    await phone.getByTestId('m-care-notes').locator('textarea').fill('上门看望，老人精神不错（浏览器测试）');
    await phone.getByTestId('m-care-save').click();
    await phone.getByText('走访已记录').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'care-phone-pairings.png'), fullPage: true });
  }, 90_000);
});
