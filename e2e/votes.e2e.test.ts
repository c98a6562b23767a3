import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('业主共同决定: an owner votes on the phone, a paper ballot is entered and checked by a second person', () => {
  it('the published vote shows its results; the owner votes; a paper ballot counts once another person confirms it', async () => {
    // the owner, on the phone: the open vote, a choice per item, sent; then changed
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.getByTestId('m-go-votes').click();
    const card = phone.locator('[data-testid^="m-vote-"]', { hasText: '第三次业主共同决定' });
    await card.waitFor({ timeout: 20_000 });
    await card.getByTestId('m-choice-1-agree').click();
    await card.getByTestId('m-choice-2-abstain').click();
    await card.locator('[data-testid^="m-cast-"]').click();
    await phone.getByText('投票成功，截止前可以修改').waitFor();
    await expect.poll(async () => card.textContent(), { timeout: 20_000 }).toContain('修改我的投票');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'votes-phone.png'), fullPage: true });

    // the secretary: last autumn's results, then a paper ballot for the open vote
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.goto(`${h.url}/votes?community=${COMMUNITY}`);
    const votes = page.getByTestId('votes');
    await votes.getByText('第一次业主共同决定').waitFor({ timeout: 20_000 });
    const past = votes.locator('tr', { hasText: '第一次业主共同决定' });
    expect(await past.textContent()).toContain('未通过');
    expect(await past.textContent()).toContain('通过');
    await past.locator('[data-testid^="vote-"]').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('vote-items').waitFor();
    await expect.poll(async () => drawer.getByTestId('vote-items').textContent()).toContain('同意票未达到');
    await page.screenshot({ path: path.join(ARTIFACTS, 'votes-result.png'), fullPage: true });
    await page.locator('.ant-drawer-close').click();

    // before opening a vote: the estate's register as the registry has it today
    await page.getByTestId('open-vote').click();
    const opening = page.getByRole('dialog').last();
    await opening.getByRole('combobox', { name: '小区' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await expect
      .poll(async () => opening.getByTestId('electorate-preview').textContent(), { timeout: 20_000 })
      .toMatch(/业主名册（按今日登记）：专有部分 \d+ 套/);
    await opening.getByRole('button', { name: /^取\s?消$/ }).click();
    await votes.locator('tr', { hasText: '第三次业主共同决定' }).locator('[data-testid^="vote-"]').click();
    await drawer.getByTestId('enter-ballot').click();
    const dialog = page.getByRole('dialog').last();
    await dialog.getByLabel(/业主/).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(3).click({ timeout: 20_000 });
    const radios = dialog.locator('.ant-radio-group');
    await radios.nth(1).getByText('同意').click();
    await radios.nth(2).getByText('反对').click();
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByTestId('upload-scan').click();
    await (
      await chooser
    ).setFiles({ name: '业主表决票.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 扫描件') });
    await page.getByText('扫描件已上传').waitFor();
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('已录入；纸质票须另一人复核后计入').waitFor();
    await drawer.getByTestId('pending').waitFor({ timeout: 20_000 });
    // the one who entered it cannot confirm it
    await drawer.getByTestId('pending').getByRole('button', { name: '核对无误' }).click();
    await page.getByText('纸质票须由录入人以外的另一人复核').waitFor();

    // a community worker checks it against the scan
    const other = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await other.goto(h.url);
    await signInAndWait(other, 'community');
    await other.goto(`${h.url}/votes?community=${COMMUNITY}`);
    await other
      .getByTestId('votes')
      .locator('tr', { hasText: '第三次业主共同决定' })
      .locator('[data-testid^="vote-"]')
      .click({ timeout: 20_000 });
    const pending = other.locator('.ant-drawer').getByTestId('pending');
    await pending.getByRole('button', { name: '核对无误' }).click({ timeout: 20_000 });
    await other.getByText('已复核，计入').waitFor();
    await expect.poll(async () => pending.count(), { timeout: 20_000 }).toBe(0);
    await other.screenshot({ path: path.join(ARTIFACTS, 'votes-console.png'), fullPage: true });
    await other.locator('.ant-drawer-close').click();

    // the second vote's period is over: count and publish; the ballot file recounts to the same result
    const ended = other.getByTestId('votes').locator('tr', { hasText: '第二次业主共同决定' });
    await ended.locator('[data-testid^="vote-"]').click();
    const box = other.locator('.ant-drawer');
    await box.getByTestId('close-vote').click({ timeout: 20_000 });
    await other.getByText('已计票并公布').waitFor();
    const link = box.getByText('表决票明细（可复核）').first();
    await link.waitFor({ timeout: 20_000 });
    await other.screenshot({ path: path.join(ARTIFACTS, 'votes-closed.png'), fullPage: true });
    const href = (await link.getAttribute('href')) ?? '';
    const file = await (await other.request.get(`${h.url}${href}`)).text();
    const [, , , , streetId, voteId] = href.split('/');
    const shown = (await (await other.request.get(`${h.url}/api/owner-votes/${voteId}?street=${streetId}`)).json()) as {
      items: { tally: unknown }[];
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-recount-'));
    writeFileSync(path.join(dir, 'ballots.json'), file);
    const out = execFileSync(process.execPath, ['bin/linli.mjs', 'votes', 'tally', path.join(dir, 'ballots.json')], {
      encoding: 'utf8',
      env: { ...process.env, LINLI_DATA_DIR: dir },
    });
    expect(JSON.parse(out.slice(out.indexOf('{')))).toEqual(shown.items[0]?.tally);
    // the result is on the community's public notices
    const board = await (await other.request.get(`${h.url}/api/public/communities/${COMMUNITY}/board`)).text();
    expect(board).toContain('第二次业主共同决定表决结果');
  }, 180_000);
});

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
