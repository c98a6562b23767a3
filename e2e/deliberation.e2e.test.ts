import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

const COMMUNITY = '350102001002';

describe('大家的事大家议: from a resident’s proposal to a published result', () => {
  it('a resident proposes on the phone and supports another; the secretary takes it through every step; the public page shows it without signing in', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, '13800000001', h.url);
    await phone.getByTestId('m-go-topics').click();
    await phone.getByTestId('m-topics').waitFor({ timeout: 20_000 });
    // support a neighbour's topic that is still open
    const support = phone.locator('[data-testid^="m-support-"]:not([disabled])').first();
    await support.click({ timeout: 20_000 });
    await phone.getByText('已附议').first().waitFor();
    const title = `楼下增设休闲座椅${Date.now() % 10_000}`;
    await phone.getByTestId('m-propose').click();
    await phone.getByLabel(/议题/).fill(title);
    await phone.getByLabel('说明').fill('老人散步累了没地方坐');
    await phone.getByTestId('m-propose-submit').click();
    await phone.getByText('议题已提交，欢迎邻居附议').waitFor();
    await phone.getByText(title).waitFor({ timeout: 20_000 });
    await phone.screenshot({ path: path.join(ARTIFACTS, 'deliberation-phone.png'), fullPage: true });

    // a community worker's browser is on Beijing time
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await page.goto(h.url);
    await signInAndWait(page, 'secretary');
    await page.goto(`${h.url}/deliberation?tab=topics&community=${COMMUNITY}`);
    await page.getByTestId('topics').getByText(title).click({ timeout: 20_000 });
    const drawer = page.locator('.ant-drawer');
    const take = async (text: string, decide = false) => {
      await drawer.getByTestId('next-step').click();
      const dialog = page.getByRole('dialog').last();
      await dialog.getByLabel('内容').fill(text);
      if (decide) {
        await dialog.getByLabel(/表决会议/).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
        await dialog.getByLabel('赞成').fill('25');
        await dialog.getByLabel('反对').fill('2');
        await dialog.getByLabel('弃权').fill('1');
      }
      await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
      await page.getByText('已办理').last().waitFor();
      await expect
        .poll(async () => drawer.getByTestId('topic-steps').textContent(), { timeout: 20_000 })
        .toContain(text);
    };
    await take('社区党委提议在楼下增设休闲座椅');
    await take('两委会商议同意，由物业安装');
    await take('居民代表会议表决通过', true);
    await take('决议：在3栋楼下增设4张休闲座椅');
    await take('4张休闲座椅已安装完毕');
    await expect.poll(async () => drawer.textContent()).not.toContain('办理下一环节');
    await page.screenshot({ path: path.join(ARTIFACTS, 'deliberation-topic.png'), fullPage: true });

    // the next 居民恳谈日 is on the calendar on the 10th (or the first working day after a holiday)
    await page.locator('.ant-drawer-close').click();
    await page.goto(`${h.url}/deliberation?tab=meetings&community=${COMMUNITY}`);
    const rows = page.getByTestId('meetings').locator('tbody tr.ant-table-row', { hasText: '居民恳谈日' });
    await rows.first().waitFor({ timeout: 20_000 });
    const text = (await rows.first().textContent()) ?? '';
    expect(text.includes('-10') || text.includes('/10') || text.includes('原定')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'deliberation-meetings.png'), fullPage: true });

    // call a pre-consultation in three days, someone invited by name, and plan its agenda before it
    const start = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.goto(`${h.url}/deliberation?tab=meetings&community=${COMMUNITY}&month=${start.slice(0, 7)}`);
    await page.getByTestId('add-meeting').click();
    const call = page.getByRole('dialog').last();
    await call.getByLabel('会议类型').click();
    await page.locator('.ant-select-dropdown:visible').getByText('两代表一委员预协商').click();
    await call.getByLabel('会议名称').fill('两代表一委员预协商会');
    const range = call.locator('.ant-picker-range input');
    await range.nth(0).click();
    await range.nth(0).fill(`${start} 09:00`);
    await range.nth(0).press('Enter');
    await range.nth(1).fill(`${start} 11:00`);
    await range.nth(1).press('Enter');
    await call.getByLabel('地点').fill('党群服务中心二楼');
    await call.getByLabel('点名邀请').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click({ timeout: 20_000 });
    await call.getByLabel('会议名称').click(); // close the list
    await call.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('会议已安排').waitFor();
    await page.getByTestId('meetings').getByText('两代表一委员预协商会').click({ timeout: 20_000 });
    await drawer.getByTestId('plan-agenda').click();
    const agenda = page.getByRole('dialog').last();
    await agenda.getByLabel(/议题（本社区正在办理的）/).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click({ timeout: 20_000 });
    await agenda.getByLabel(/其他事项/).fill('通报上月民生实事进展');
    await agenda.getByLabel(/其他事项/).press('Enter');
    await agenda.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('议程已保存').waitFor();
    await expect
      .poll(async () => drawer.getByTestId('planned').textContent(), { timeout: 20_000 })
      .toContain('2. 通报上月民生实事进展');
    await page.locator('.ant-drawer-close').click();
    // the month as a calendar: the meeting in its day's cell
    await page.getByText('日历', { exact: true }).click();
    await expect
      .poll(async () => page.getByTestId('meeting-calendar').textContent(), { timeout: 20_000 })
      .toContain('09:00 两代表一委员预协商会');
    await page.screenshot({ path: path.join(ARTIFACTS, 'deliberation-calendar.png'), fullPage: true });

    // anyone, without signing in
    const anyone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await anyone.goto(`${h.url}/m/public/${COMMUNITY}`);
    await anyone.getByTestId('m-public-board').waitFor({ timeout: 20_000 });
    const topics = anyone.getByTestId('m-public-topics');
    await expect.poll(async () => topics.textContent(), { timeout: 20_000 }).toContain(title);
    expect(await topics.textContent()).toContain('4张休闲座椅已安装完毕');
    expect(await anyone.getByTestId('m-public-board').textContent()).toContain('财务公开');
    await anyone.screenshot({ path: path.join(ARTIFACTS, 'deliberation-public.png'), fullPage: true });
  }, 180_000);
});
