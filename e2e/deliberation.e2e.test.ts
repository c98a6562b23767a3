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

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
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
