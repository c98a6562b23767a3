import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

const COMMUNITY = '350102001002';
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('微实事: a resident proposes and votes on the phone; the community reviews; the accounts are public', () => {
  it('proposes in next year’s round, votes in this one, the review is published, the delivered round adds up', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.getByTestId('m-go-budgets').click();
    await phone.getByTestId('m-budgets').locator('.adm-card').first().waitFor({ timeout: 20_000 });
    const next = phone.locator('[data-testid^="m-budget-"]', { hasText: '征集项目' });
    await next.locator('[data-testid^="m-propose-"]').click();
    const title = `楼下增设晾衣架${Date.now() % 1000}`;
    await phone.getByLabel('项目名称').fill(title);
    await phone.getByLabel('地点').fill('庆城新村3号楼');
    await phone.getByLabel('估算费用（元）').fill('6000');
    await phone.getByTestId('m-propose-send').click();
    await phone.getByText('项目已提交，等待社区审查').waitFor();
    const voting = phone.locator('[data-testid^="m-budget-"]', { hasText: '居民投票' });
    const picks = voting.locator('[data-testid^="m-pick-"]');
    await picks.nth(0).click();
    await picks.nth(1).click();
    await voting.locator('[data-testid^="m-budget-vote-"]').click();
    await phone.getByText('投票成功，每人一票').waitFor();
    await expect.poll(async () => voting.textContent(), { timeout: 20_000 }).toContain('您已投票');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'budgets-phone.png'), fullPage: true });

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.goto(`${h.url}/votes?tab=budgets&community=${COMMUNITY}`);
    const rows = page.getByTestId('budgets');
    await rows.locator('tr', { hasText: '征集项目' }).locator('[data-testid^="budget-"]').click({ timeout: 20_000 });
    const drawer = page.locator('.ant-drawer');
    const mine = drawer.getByTestId('proposals').locator('tr', { hasText: title });
    await mine.locator('[data-testid^="review-"]').click({ timeout: 20_000 });
    await page
      .getByRole('dialog')
      .last()
      .getByRole('button', { name: /^保\s?存$/ })
      .click();
    await page.getByText('审查结果已公开').waitFor();
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('已采纳');
    await page.locator('.ant-drawer-close').click();
    await rows.locator('tr', { hasText: '账目公开' }).locator('[data-testid^="budget-"]').click();
    await drawer.getByTestId('selection-rule').waitFor({ timeout: 20_000 });
    expect(await drawer.getByTestId('selection-rule').textContent()).toContain('跳过');
    await page.screenshot({ path: path.join(ARTIFACTS, 'budgets-console.png'), fullPage: true });
    // a photo of a milestone, from the site
    await drawer.getByTestId('proposals').locator('.ant-table-row-expand-icon').first().click();
    const chooser = page.waitForEvent('filechooser');
    await drawer.getByRole('button', { name: '上传照片' }).first().click();
    await (await chooser).setFiles({ name: '验收.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await page.getByText('照片已上传').waitFor();
    const href = (await drawer.getByText('免登录查看').getAttribute('href')) ?? '';

    // anyone: the public accounts, every payment
    const anyone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await anyone.goto(`${h.url}${href}`);
    const board = anyone.getByTestId('m-public-budget');
    await expect.poll(async () => board.textContent(), { timeout: 20_000 }).toContain('支出明细');
    expect(await board.textContent()).toContain('验收后结算');
    await expect.poll(async () => board.locator('img').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await anyone.screenshot({ path: path.join(ARTIFACTS, 'budgets-public.png'), fullPage: true });
  }, 180_000);
});
