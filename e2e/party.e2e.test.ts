import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('党建引领: 双报到 in the console, a member’s service on the phone', () => {
  it('the secretary approves a request with a post; the member records a service on the phone; the board counts it', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.getByRole('menuitem', { name: '党建引领' }).click();
    // the tree down to building groups
    await page.getByText('庆城社区党委').first().waitFor();
    await page.getByText('党小组').first().waitFor();
    await page.getByRole('tab', { name: '双报到' }).click();
    const waiting = page.locator('tbody tr.ant-table-row', { hasText: '待审核' }).first();
    await waiting.waitFor();
    const name = (await waiting.locator('td').first().textContent()) ?? '';
    await waiting.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('环境监督岗', { exact: true }).click();
    await waiting.getByRole('button', { name: /通\s*过/ }).click();
    await page.getByText('已通过，岗位已设定').waitFor();
    // approved rows leave the top of the board (waiting ones come first): found by name
    await page.getByTestId('party-board-search').locator('input').fill(name);
    const approved = page.locator('tbody tr.ant-table-row', { hasText: name }).first();
    await expect.poll(async () => approved.textContent(), { timeout: 20_000 }).toContain('环境监督岗');
    await page.screenshot({ path: path.join(ARTIFACTS, 'party-board.png'), fullPage: true });
    // the alliance: agreements' progress and the joint meetings' resolutions, the late ones overdue
    await page.getByRole('tab', { name: '党建联盟' }).click();
    await page.getByTestId('party-overdue').waitFor();
    await page.getByRole('heading', { name: '共驻共建协议' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'party-alliance.png'), fullPage: true });

    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'partymember', h.url);
    await phone.getByTestId('m-go-party').click();
    await phone.getByTestId('m-party-post').waitFor();
    const before = (await phone.getByTestId('m-party-count').textContent()) ?? '';
    const n = Number(/服务 (\d+) 次/.exec(before)?.[1]);
    await phone.getByTestId('m-party-what').locator('input').fill('楼道环境巡查（浏览器测试）');
    await phone.getByTestId('m-party-save').click();
    await expect
      .poll(async () => phone.getByTestId('m-party-count').textContent(), { timeout: 20_000 })
      .toContain(`服务 ${n + 1} 次`);
    await phone.getByText('楼道环境巡查（浏览器测试）').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'party-phone.png'), fullPage: true });

    // the board shows the member's new service
    await page.reload();
    await page.getByRole('tab', { name: '双报到' }).click();
    await page.getByTestId('party-board-search').locator('input').fill('在职党员');
    const row = page.locator('tbody tr.ant-table-row', { hasText: '在职党员' }).first();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain(`${n + 1} 次`);
  }, 120_000);

  it('the secretary scores a unit, opens a member’s card, sees the party map; a member claims a task; the unit sees its score', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.getByRole('menuitem', { name: '党建引领' }).click();
    // a member's card from the tree: personal data masked
    await page.getByText('庆城社区党委').first().click();
    await page.locator('[data-testid^="party-member-"]').first().click();
    const card = page.getByTestId('party-member-card');
    await card.waitFor();
    expect(await card.textContent()).not.toMatch(/1[3-9]\d{9}/);
    // 反向评价: score the handler's unit this quarter (the tab is in the address)
    await page.goto(`${h.url}/party?tab=reviews`);
    const row = page.locator('tbody tr.ant-table-row', { hasText: '鼓东街道城管中队' }).first();
    await row.waitFor();
    await row.locator('[data-testid^="party-review-"]').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('协议履约（满分 40）').fill('36');
    await dialog.getByLabel('活动参与（满分 30）').fill('27');
    await dialog.getByLabel('诉求响应（满分 30）').fill('25');
    await dialog.getByTestId('party-review-total').getByText('合计 88 分').waitFor();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('88');
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('良好');
    await page.screenshot({ path: path.join(ARTIFACTS, 'party-reviews.png'), fullPage: true });
    // the party map: branches by grid, buildings with groups and 共产党员户
    await page.getByRole('tab', { name: '党建地图' }).click();
    await page.getByTestId('party-map-grids').locator('tbody tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'party-map.png'), fullPage: true });
    // put a resolution out to members
    await page.getByRole('tab', { name: '党建联盟' }).click();
    await page.locator('[data-testid^="party-offer-"]').first().waitFor();
    // record a joint meeting with a resolution from the form: its deadline falls on the working-day calendar
    await page.getByTestId('party-new-meeting').click();
    const meeting = page.locator('.ant-modal:visible');
    await meeting.getByLabel('会议名称').fill('浏览器测试联席会议');
    await meeting.getByLabel('召开日期').click();
    await meeting.getByLabel('召开日期').fill('2026-12-04');
    await meeting.getByLabel('召开日期').press('Enter');
    await meeting.getByPlaceholder('决议事项').fill('楼道杂物清理');
    await meeting.getByLabel('牵头单位').fill('城管中队');
    await page.locator('.ant-select-dropdown:visible').getByText('鼓东街道城管中队', { exact: true }).click();
    await meeting.getByLabel('期限').fill('1');
    await meeting.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('会议已登记').waitFor();
    await page.getByText('2026-12-04 浏览器测试联席会议').click();
    const made = page.locator('tbody tr.ant-table-row', { hasText: '楼道杂物清理' }).first();
    await expect.poll(async () => made.textContent(), { timeout: 20_000 }).toContain('2026-12-07');

    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'partymember', h.url);
    await phone.getByTestId('m-go-party').click();
    const claim = phone.locator('[data-testid^="m-party-claim-"]').first();
    await claim.waitFor();
    await claim.click();
    // the confirmation's own button (the list's 认领 buttons lie under its mask)
    await phone.locator('.adm-dialog-footer').getByRole('button', { name: '认领' }).click();
    await phone.getByText('我已认领').first().waitFor({ timeout: 20_000 });
    await phone.screenshot({ path: path.join(ARTIFACTS, 'party-phone-tasks.png'), fullPage: true });

    // the unit sees its own record, with the community's score
    const unit = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await unit.goto(h.url);
    await signInAndWait(unit, 'handler');
    await unit.getByRole('menuitem', { name: '我的共建' }).click();
    await expect
      .poll(async () => unit.getByTestId('unit-reviews').textContent(), { timeout: 20_000 })
      .toContain('88（良好）');
    await unit.screenshot({ path: path.join(ARTIFACTS, 'party-unit-record.png'), fullPage: true });
  }, 150_000);

  it('a unit reports its branch to a community; the secretary approves it with a post; the unit records a service', async () => {
    const unit = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await unit.goto(h.url);
    await signInAndWait(unit, 'handler');
    await unit.getByRole('menuitem', { name: '我的共建' }).click();
    await unit.getByTestId('unit-report-new').click();
    const form = unit.locator('.ant-modal:visible');
    await form.getByLabel('报到社区').click();
    await unit.locator('.ant-select-dropdown:visible').getByText('庆城社区', { exact: true }).click();
    await form.getByLabel('参与服务的党员人数').fill('12');
    await form.getByRole('button', { name: '提交报到' }).click();
    await unit.getByText('已提交，等待社区审核').waitFor();
    await expect
      .poll(async () => unit.getByTestId('unit-my-reports').textContent(), { timeout: 20_000 })
      .toContain('待审核');

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${h.url}/party?tab=board`);
    await signInAndWait(page, 'secretary');
    await page.goto(`${h.url}/party?tab=board`);
    const row = page.getByTestId('party-unit-board').locator('tbody tr.ant-table-row', { hasText: '鼓东街道城管中队' });
    await row.waitFor({ timeout: 20_000 });
    await row.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('楼栋联络员', { exact: true }).click();
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('楼栋联络员');
    await page.screenshot({ path: path.join(ARTIFACTS, 'party-unit-board.png'), fullPage: true });

    await unit.reload();
    const mine = unit.getByTestId('unit-my-reports').locator('tbody tr.ant-table-row', { hasText: '庆城社区' });
    await mine.locator('[data-testid^="unit-service-"]').click();
    const service = unit.locator('.ant-modal:visible');
    await service.getByLabel('服务内容').fill('楼道清洁日');
    await service.getByLabel('参与党员人数').fill('6');
    await service.getByRole('button', { name: /保\s*存/ }).click();
    await unit.getByText('服务已记录').waitFor();
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('1 次');
    await unit.screenshot({ path: path.join(ARTIFACTS, 'party-unit-reports.png'), fullPage: true });
  }, 120_000);
});
