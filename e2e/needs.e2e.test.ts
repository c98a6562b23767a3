import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('需求对接: the three lists, matching with reasons, a micro-wish from post to confirmation', () => {
  it('a resident posts a wish on the phone, the community approves it, a party member claims and delivers it, the resident confirms', async () => {
    const wish = `一盒彩色铅笔${Date.now() % 10_000}`;
    const resident = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(resident, '13800000001', h.url);
    await resident.getByTestId('m-go-wishes').click();
    await resident.getByTestId('m-post-wish').click();
    await resident.getByTestId('m-wish-text').locator('input').fill(wish);
    await resident.getByTestId('m-wish-name').locator('input').fill('小雨');
    await resident.getByTestId('m-wish-submit').click();
    await resident.getByText('已提交，社区审核后上墙').waitFor();
    await resident.getByText(wish).waitFor({ timeout: 20_000 });
    await resident.screenshot({ path: path.join(ARTIFACTS, 'needs-phone-wish.png'), fullPage: true });

    // the community approves it on the board
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/needs?tab=wishes`);
    const row = page.getByTestId('wish-board').locator('tbody tr.ant-table-row', { hasText: wish });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /^通\s?过$/ }).click();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('待认领');

    // a party member claims and delivers it on the phone
    const member = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(member, 'partymember', h.url);
    await member.getByTestId('m-go-wishes').click();
    const item = member.getByTestId('m-wishes-wall').locator('.adm-list-item', { hasText: wish });
    await item.waitFor({ timeout: 20_000 });
    await item.getByRole('button', { name: '认领' }).click();
    await member.getByText('认领成功，请尽快送达').waitFor();
    await member.getByText('我的').click();
    await member
      .getByTestId('m-wishes-mine')
      .locator('.adm-list-item', { hasText: wish })
      .getByRole('button', { name: '送达' })
      .click({ timeout: 20_000 });
    await member.getByTestId('m-deliver-submit').click();
    await member.getByText('已送达，等待心愿人确认').waitFor();

    // the resident confirms it came true
    await resident.reload();
    await resident.getByText('我的').click();
    const mine = resident.getByTestId('m-wishes-mine').locator('.adm-list-item', { hasText: wish });
    await mine.getByRole('button', { name: '确认收到' }).click({ timeout: 20_000 });
    await resident.getByText('心愿已实现，谢谢！').waitFor();
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('已实现');
  }, 150_000);

  it('the community sees the three lists side by side and matches a need to a resource with the reasons shown', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/needs`);
    for (const t of ['needs-resources', 'needs-needs', 'needs-projects'])
      await page.getByTestId(t).locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'needs-three-lists.png'), fullPage: true });
    await page.goto(`${h.url}/needs?tab=needs&state=open`);
    const first = page.getByTestId('needs-list').locator('tbody tr.ant-table-row').first();
    await first.waitFor({ timeout: 20_000 });
    await first.getByRole('button', { name: '匹配资源' }).click();
    const candidates = page.getByTestId('candidates');
    await candidates.waitFor({ timeout: 20_000 });
    await candidates
      .getByText(/类别相同|相关类别/)
      .first()
      .waitFor();
    await candidates.getByText(/余量/).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'needs-matching.png'), fullPage: true });
    await candidates
      .getByRole('button', { name: /^对\s?接$/ })
      .first()
      .click();
    await page.getByText('已对接，生成项目').waitFor();
    // the fallen-back needs, where a 兜底 notice leads
    await page.goto(`${h.url}/needs/fallback`);
    await page.getByTestId('needs-fallback').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
  }, 120_000);

  it('a resident orders a service on the phone, the community passes it to a unit, the unit sends a member, the resident rates it', async () => {
    const resident = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(resident, '13800000001', h.url);
    await resident.goto(`${h.url}/m/orders`);
    const menu = resident.getByTestId('m-menu');
    await menu.waitFor({ timeout: 20_000 });
    await menu.getByRole('button', { name: '点单' }).first().click();
    await resident.getByText('已点单，社区将尽快安排').waitFor();
    const mine = resident.getByTestId('m-orders-mine').locator('.adm-list-item').first();
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('待交单');
    const id = Number((await mine.getAttribute('data-testid'))?.replace('m-order-', ''));

    // the community passes it on to the handler's unit
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/needs?tab=orders`);
    const row = page.getByTestId('order-board').locator(`tbody tr[data-row-key="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('combobox').click();
    await page.locator('.ant-select-item-option', { hasText: '城管' }).first().click();
    await page.getByTestId(`pass-${id}`).click();
    await page.getByText('已交单').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'needs-orders.png'), fullPage: true });

    // the unit takes it and sends the party member
    const unit = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(unit, 'handler', h.url);
    await unit.goto(`${h.url}/m/orders`);
    await unit.getByTestId(`m-take-${id}`).click({ timeout: 20_000 });
    await unit.getByText('已领单').waitFor();
    await unit.getByTestId(`m-assign-${id}`).click({ timeout: 20_000 });
    await unit.locator('.adm-selector-item', { hasText: '党员' }).first().click();
    await unit.getByText('已派单').waitFor();

    // the member delivers, the resident rates
    const member = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(member, 'partymember', h.url);
    await member.goto(`${h.url}/m/orders`);
    await member.getByText('我的订单').click();
    await member.getByTestId(`m-served-${id}`).click({ timeout: 20_000 });
    await member.getByText('已完成服务').waitFor();
    await resident.reload();
    await resident.getByText('我的订单').click();
    await resident.getByTestId(`m-rate-${id}`).click({ timeout: 20_000 });
    await resident.getByTestId('m-rate-submit').click();
    await resident.getByText('谢谢您的评价').waitFor();
    await expect
      .poll(async () => resident.getByTestId(`m-order-${id}`).textContent(), { timeout: 20_000 })
      .toContain('已评价');
  }, 150_000);
});
