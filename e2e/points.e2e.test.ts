import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInAndWait, signInOnPhone, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => h?.close());

describe('微积分: points redeemed on the phone, handed over in the console', () => {
  it('a volunteer signs up on the phone, checks in and out with the organiser’s code; the organiser confirms and corrects the hours', async () => {
    // the activity (set up through the API as the community worker): it starts in five minutes
    const organiserPage = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(organiserPage, 'community', h.url);
    const starts = new Date(Date.now() + 5 * 60_000);
    const title = `社区环境整治${Date.now() % 10_000}`;
    const made = await organiserPage.request.post(`${h.url}/api/activities`, {
      headers: {
        'x-csrf-token': (
          (await (await organiserPage.request.get(`${h.url}/api/auth/me`)).json()) as { csrfToken: string }
        ).csrfToken,
      },
      data: {
        community: '350102001002',
        title,
        address: '庆城社区广场',
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
        capacity: 10,
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    const id = ((await made.json()) as { id: number }).id;

    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'volunteer', h.url);
    await phone.getByTestId('m-go-activities').click();
    await phone.getByTestId(`m-signup-${id}`).click({ timeout: 20_000 });
    await phone.getByText('报名成功').waitFor();
    await expect
      .poll(async () => phone.getByTestId(`m-activity-${id}`).textContent(), { timeout: 20_000 })
      .toContain('已报名');

    // the organiser's phone shows the turning code; the volunteer's phone opens what it encodes
    await organiserPage.goto(`${h.url}/m/activities`);
    await organiserPage.getByTestId(`m-code-${id}`).click({ timeout: 20_000 });
    await organiserPage.getByRole('img', { name: '签到二维码' }).waitFor({ timeout: 20_000 });
    await organiserPage.screenshot({ path: path.join(ARTIFACTS, 'points-checkin-code.png'), fullPage: true });
    const link = (await organiserPage.getByTestId('m-code-link').getAttribute('href')) ?? '';
    expect(link).toContain(`/m/checkin?street=350102001&a=${id}&t=`);
    await phone.goto(link);
    await phone.getByTestId('m-checkin').click();
    await phone.getByText('签到成功，服务结束时请再次扫码签退').waitFor({ timeout: 20_000 });
    await phone.goto(link);
    await phone.getByTestId('m-checkout').click();
    await phone.getByText(/签退成功，本次服务/).waitFor({ timeout: 20_000 });

    // the organiser confirms in the console, then corrects the hours with a reason: the points follow
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/points?tab=activities`);
    await page.getByTestId('activities').getByRole('button', { name: title }).click({ timeout: 20_000 });
    await page.getByTestId('confirm-hours').click({ timeout: 20_000 });
    await page.getByText(/已确认 1 条服务时长/).waitFor();
    const record = page.getByTestId('service-records').locator('tbody tr.ant-table-row').first();
    await expect.poll(async () => record.textContent(), { timeout: 20_000 }).toContain('已确认');
    await record.getByRole('button', { name: '更正时长' }).click();
    const dialog = page.getByRole('dialog').last();
    await dialog.getByLabel('时长（小时）').fill('1.5');
    await dialog.getByLabel('更正原因').fill('签退时网络故障，按现场登记表更正');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('时长已更正').waitFor();
    await expect.poll(async () => record.textContent(), { timeout: 20_000 }).toContain('1.5');
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-records.png'), fullPage: true });
    await phone.goto(`${h.url}/m/activities`);
    await expect
      .poll(async () => Number(await phone.getByTestId('m-hours').textContent()), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1.5);
  }, 150_000);

  it('a volunteer redeems a good with their points on the phone; the community worker hands it over by the pickup code', async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(phone, 'volunteer', h.url);
    await phone.getByTestId('m-go-points').click();
    const balance = phone.getByTestId('m-points-balance');
    await expect.poll(async () => Number(await balance.textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = Number(await balance.textContent());
    const tissues = phone.getByTestId('m-store').locator('.adm-list-item', { hasText: '抽纸' });
    await tissues.getByRole('button', { name: '兑换' }).click({ timeout: 20_000 });
    await phone.locator('.adm-dialog').getByRole('button', { name: '兑换' }).click();
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

describe('志愿服务记录证明: issued in the console, verified by anyone on a phone', () => {
  it('the community worker issues a certificate from the volunteer’s records; its QR page says it is genuine without sign-in', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/points?tab=volunteers`);
    const table = page.getByTestId('volunteers');
    await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    // a volunteer linked to the registry (real name and ID) with hours this community recorded
    const row = table.locator('tbody tr.ant-table-row', { hasText: '已关联' }).first();
    const name = (await row.locator('a').first().textContent({ timeout: 20_000 })) ?? '';
    await row.locator('a').first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer
      .getByTestId('volunteer-service')
      .locator('tbody tr.ant-table-row')
      .first()
      .waitFor({ timeout: 20_000 });
    await drawer.getByTestId('add-volunteer-record').click();
    let dialog = page.getByRole('dialog').last();
    await dialog.getByLabel('内容').fill('应急救护培训');
    await dialog.getByLabel('日期').fill('2026-03-01');
    await dialog.getByLabel('日期').press('Enter');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('记录已保存').waitFor();
    await expect.poll(async () => drawer.getByTestId('volunteer-records').textContent()).toContain('应急救护培训');
    await drawer.getByTestId('issue-certificate').click();
    dialog = page.getByRole('dialog').last();
    await dialog.getByLabel('负责人').fill('林书记');
    await dialog.getByLabel('联系电话').fill('0591-87654321');
    const [pdf] = await Promise.all([
      page.waitForEvent('popup'),
      dialog.getByRole('button', { name: /^出\s?具$/ }).click(),
    ]);
    await page.getByText('证明已出具').waitFor();
    await pdf?.close();
    await page.locator('.ant-drawer-close').click();
    await page.goto(`${h.url}/points?tab=certificates`);
    const cert = page.getByTestId('certificates').locator('tbody tr.ant-table-row').first();
    await expect.poll(async () => cert.textContent(), { timeout: 20_000 }).toContain(name);
    expect(await cert.textContent()).toMatch(/\d{6}\*{8}[\dX]{4}/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-certificates.png'), fullPage: true });
    // the printed paper: a PDF, its QR leading to the public page
    const href = (await cert.getByRole('link', { name: '打印' }).getAttribute('href')) ?? '';
    const file = await page.request.get(`${h.url}${href}`);
    expect(file.headers()['content-type']).toBe('application/pdf');
    const text = (await file.body()).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const certNo = ((await cert.textContent()) ?? '').match(/ZYZM-\d{9}-\d{4}-\d{6}/)?.[0] ?? '';
    const code = (
      await h.database.db
        .selectFrom('certificates')
        .select('verify_code')
        .where('cert_no', '=', certNo)
        .executeTakeFirstOrThrow()
    ).verify_code;

    const anyone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await anyone.goto(`${h.url}/m/verify/${certNo}?c=${code}`);
    await anyone.getByText('证明真实有效').waitFor({ timeout: 20_000 });
    const facts = (await anyone.getByTestId('m-verify-facts').textContent()) ?? '';
    expect(facts).toContain('庆城社区居民委员会');
    expect(facts).toContain(certNo);
    expect(facts).not.toContain(name);
    await anyone.screenshot({ path: path.join(ARTIFACTS, 'points-verify.png'), fullPage: true });
    await anyone.goto(`${h.url}/m/verify/${certNo}?c=forged`);
    await anyone.getByText('未查到该证明，请核对').waitFor({ timeout: 20_000 });
  }, 120_000);
});
