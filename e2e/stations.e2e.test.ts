import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('15分钟服务圈: a resident finds an open station and books; the street sees the circle', () => {
  it('the resident finds where to borrow an umbrella now and books a time at the street’s centre', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Shanghai' });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.getByTestId('m-go-stations').click();
    await phone.getByText('雨伞').first().click();
    const near = phone.getByTestId('m-near');
    await near.waitFor({ timeout: 20_000 });
    // the 24-hour station lends umbrellas at any hour: it is always among the open ones
    await expect.poll(async () => near.textContent(), { timeout: 20_000 }).toContain('鼓东24小时自助服务站');
    expect(await near.textContent()).toContain('营业中');
    await near.locator('[data-testid^="m-station-"]', { hasText: '鼓东24小时自助服务站' }).click();
    const sheet = phone.locator('.adm-popup-body');
    await sheet.getByText('可借物品').waitFor();
    expect(await sheet.textContent()).toMatch(/爱心雨伞：可借 \d+ 件/);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'stations-phone-near.png'), fullPage: true });
    await phone.locator('.adm-mask:not(.adm-toast-mask)').click({ position: { x: 10, y: 10 } });

    // the catalogue: an item done at a window, booked at the nearest station that takes appointments, on the first
    // day of the coming week it has a time free
    await phone.getByRole('tab', { name: '服务清单' }).click();
    await phone.getByTestId('m-item-SB01').click();
    const book = phone.getByTestId('m-book');
    await book.locator('.adm-selector-item').first().click({ timeout: 20_000 });
    const free = book.getByTestId('m-book-slot').locator('.adm-selector-item:not(.adm-selector-item-disabled)');
    const days = book.getByTestId('m-book-day').locator('.adm-selector-item');
    for (let d = 1; d < 7; d++) {
      await days.nth(d).click();
      await phone.waitForTimeout(800);
      if (await free.count()) break;
    }
    await free.first().click({ timeout: 20_000 });
    await book.getByTestId('m-book-send').click();
    await phone.getByText('预约成功，到时请按时前往').waitFor();
    await phone.locator('.adm-mask:not(.adm-toast-mask)').click({ position: { x: 10, y: 10 } });
    await phone.getByRole('tab', { name: '我的预约' }).click();
    const mine = phone.getByTestId('m-mine');
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('城乡居民基本养老保险参保登记');
    expect(await mine.textContent()).toContain('请带：身份证、户口簿');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'stations-phone-booked.png'), fullPage: true });

    // 长辈模式 keeps the page usable
    await phone.close();
  });

  it('the operator sees the coverage of red posts, the uncovered buildings and where a new one helps most', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'operator');
    await page.goto(`${h.url}/stations?tab=coverage&kind=red_post`);
    const table = page.getByTestId('coverage-table');
    await table.getByText('庆城社区').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => page.getByTestId('suggestions').textContent(), { timeout: 20_000 })
      .toMatch(/可新覆盖 \d+ 栋楼 \d+ 户|所有住户都已在15分钟内/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'stations-coverage.png'), fullPage: true });

    // a station's page: its hours and the things it lends
    await page.getByRole('tab', { name: '阵地' }).click();
    await page.getByTestId('station-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '红色驿站' }).click();
    await page.locator('[data-testid^="station-"]', { hasText: '庆城社区红色驿站' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('法定节假日照常开放（无假日）').waitFor({ timeout: 20_000 });
    await drawer.getByTestId('lend').click();
    const dialog = page.getByRole('dialog').last();
    await dialog.getByLabel('物品').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '爱心雨伞' }).click();
    await dialog.getByLabel('借用人').fill('外卖骑手刘师傅');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('已登记借出').waitFor();
    await drawer.getByRole('tab', { name: '借用记录' }).click();
    await drawer.getByText('外******').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'stations-station.png'), fullPage: true });
    await page.close();
  });
});

describe('考核评议: a rater scores a community on the phone; the results show it', () => {
  it('the resident representative scores 庆城社区; the operator’s results count the sheet with its score', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.goto(`${h.url}/m/assessment`);
    await phone.getByTestId('m-rate-350102001002-4').click({ timeout: 20_000 });
    await phone.getByTestId('m-score-1').locator('button').first().click(); // 20 → 19.5
    await phone.getByTestId('m-score-send').click();
    await phone.getByText('评分已提交').waitFor();
    await expect
      .poll(async () => phone.getByTestId('m-rate-350102001002-4').textContent(), { timeout: 20_000 })
      .toContain('已评');
    await phone.close();

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'operator');
    await page.goto(`${h.url}/assessment?quarter=4`);
    const results = page.getByTestId('results');
    const row = results.locator('tr', { hasText: '庆城社区' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('.ant-table-row-expand-icon').click();
    await expect.poll(async () => results.textContent(), { timeout: 20_000 }).toContain('居民代表（20%）：19.5');
    await page.screenshot({ path: path.join(ARTIFACTS, 'assessment-results.png'), fullPage: true });
    await page.close();
  });
});

describe('民主评议 and 评选表彰 on the phone and in the console', () => {
  it('a member assesses themselves and rates the others; a resident votes and nominates; the community reviews the nominee', async () => {
    const member = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(member, 'partymember', h.url);
    await member.getByTestId('m-go-review').click();
    await member.getByTestId('m-self-grade').getByText('合格', { exact: true }).click({ timeout: 20_000 });
    await member
      .getByTestId('m-self-text')
      .locator('textarea')
      .fill('全年参加组织生活，带头参与联户走访，不足是学习不够深入。');
    await member.getByTestId('m-self-send').click();
    await member.getByText('自评已保存').waitFor();
    const peers = member.locator('[data-testid^="m-peer-"]');
    for (let i = 0; i < (await peers.count()); i++) await peers.nth(i).getByText('合格', { exact: true }).click();
    await member.getByTestId('m-peers-send').click();
    await member.getByText('互评已提交').waitFor();
    await member.close();

    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.getByTestId('m-go-awards').click();
    const families = phone.locator('[data-testid^="m-award-"]', { hasText: '五好文明家庭' });
    await families.getByText('林秀英家庭').click({ timeout: 20_000 });
    await families.getByText('陈建国家庭').click();
    await families.locator('[data-testid^="m-award-vote-"]').click();
    await phone.getByText('投票成功').waitFor();
    await expect
      .poll(async () => families.textContent(), { timeout: 20_000 })
      .toContain('您已投票：林秀英家庭、陈建国家庭');
    const volunteers = phone.locator('[data-testid^="m-award-"]', { hasText: '最美志愿者' });
    await volunteers.locator('[data-testid^="m-nominate-"]').click();
    await phone.locator('.adm-popup-body input').fill('郑阿姨');
    await phone.locator('.adm-popup-body textarea').fill('每天清晨义务打扫小区活动广场，坚持八年');
    await phone.getByTestId('m-nominate-send').click();
    await phone.getByText('推荐已提交，社区将进行资格审查').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'awards-phone.png'), fullPage: true });
    await phone.close();

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.goto(`${h.url}/assessment?section=awards&community=350102001002`);
    const card = page.locator('[data-testid^="award-"]', { hasText: '最美志愿者' });
    const row = card.locator('tr', { hasText: '郑阿姨' });
    await row.getByRole('button', { name: '通过', exact: true }).click({ timeout: 30_000 });
    await page.getByText('已通过审查').waitFor();
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('已通过');
    await page.goto(`${h.url}/assessment?section=reviews`);
    await page.getByTestId('reviews').locator('a').first().click({ timeout: 30_000 });
    const entries = page.locator('.ant-drawer').getByTestId('review-entries');
    await expect.poll(async () => entries.textContent(), { timeout: 20_000 }).toContain('在职党员');
    await page.screenshot({ path: path.join(ARTIFACTS, 'assessment-reviews.png'), fullPage: true });
    await page.close();
  });
});
