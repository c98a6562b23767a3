import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('微积分: points redeemed on the phone, handed over in the console', () => {
  it('a volunteer redeems a good with their points on the phone; the community worker hands it over by the pickup code', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'volunteer', h.url);
    await phone.getByTestId('m-go-points').click();
    const balance = phone.getByTestId('m-points-balance');
    await expect.poll(async () => Number(await balance.textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = Number(await balance.textContent());
    const tissues = phone.getByTestId('m-store').locator('.adm-list-item', { hasText: '抽纸' });
    await tissues.getByRole('button', { name: '兑换' }).click({ timeout: 20_000 });
    await phone.getByRole('button', { name: '兑换' }).last().click();
    await phone.getByText('兑换成功，请凭取货码到社区领取').waitFor();
    await expect.poll(async () => Number(await balance.textContent()), { timeout: 20_000 }).toBe(before - 30);
    const code = phone.locator('[data-testid^="m-pickup-"]').first();
    await code.waitFor({ timeout: 20_000 });
    const pickup = (await code.textContent())?.match(/\d{6}/)?.[0] ?? '';
    const id = Number((await code.getAttribute('data-testid'))?.replace('m-pickup-', ''));
    await phone.screenshot({ path: path.join(ARTIFACTS, 'points-phone.png'), fullPage: true });

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/points`);
    await page.getByTestId(`pickup-code-${id}`).fill(pickup, { timeout: 20_000 });
    await page.getByTestId(`pickup-${id}`).click();
    await page.getByText('已确认领取').waitFor();
    await expect
      .poll(async () => page.getByTestId('store-redemptions').locator(`tr[data-row-key="${id}"]`).textContent(), {
        timeout: 20_000,
      })
      .toContain('已领取');
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-console.png'), fullPage: true });
    await page.goto(`${h.url}/points?tab=accounts`);
    await page.getByTestId('points-accounts').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
  }, 120_000);
});
