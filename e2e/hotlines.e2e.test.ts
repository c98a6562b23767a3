import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, DEMO_PASSWORD, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('便民电话 (the example module), in the console and on the phone', () => {
  it('the community worker adds a number in the console; the resident finds it on the phone, one tap to call', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.getByRole('menuitem', { name: '便民电话' }).click();
    await page.getByText('物业服务中心').first().waitFor();
    await page.getByTestId('hotline-add').click();
    await page.getByTestId('hotline-name').fill('开锁服务');
    await page.getByTestId('hotline-phone').fill('电话');
    await page.getByTestId('hotline-save').click();
    // a wrong number is refused in Chinese, and nothing is added
    await page.getByText('电话号码格式不正确').waitFor();
    await page.getByTestId('hotline-phone').fill('0591-87001234');
    await page.getByTestId('hotline-save').click();
    await page.getByRole('cell', { name: '0591-87001234' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'hotlines-console.png'), fullPage: true });

    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${h.url}/m`);
    await phone.getByPlaceholder('用户名或手机号').fill('13800000001');
    await phone.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await phone.locator('.adm-tabs-content button[type=submit]').first().click();
    // 社区 on the tab bar lists the community's services
    await phone.getByText('社区', { exact: true }).click();
    await phone.waitForURL(/\/m\/community$/);
    await phone.getByTestId('m-go-hotlines').click();
    const call = phone.locator('a[href="tel:059187001234"]');
    await call.waitFor();
    expect(await call.textContent()).toBe('0591-87001234');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'hotlines-phone.png'), fullPage: true });
    // 长辈模式 in 我的: larger type everywhere, remembered on the device
    await phone.goBack();
    await phone.getByText('我的', { exact: true }).click();
    await phone.getByTestId('m-elder').waitFor();
    const size = () => phone.evaluate<number>('parseFloat(getComputedStyle(document.body).fontSize)');
    const before = await size();
    await phone.getByTestId('m-elder').click();
    await expect.poll(size).toBeGreaterThanOrEqual(18);
    expect(await size()).toBeGreaterThan(before);
    await phone.reload();
    await phone.getByTestId('m-home').or(phone.getByTestId('m-sign-out')).first().waitFor();
    expect(await phone.evaluate<boolean>("document.documentElement.classList.contains('elder')")).toBe(true);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone-elder-mode.png'), fullPage: true });
  });
});
