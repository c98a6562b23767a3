import path from 'node:path';
import sharp from 'sharp';
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
    // in English the states and categories the server names in Chinese read in English too
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${h.url}/needs?tab=needs`);
    const list = page.getByTestId('needs-list');
    await list.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    await expect.poll(async () => list.textContent(), { timeout: 20_000 }).toMatch(/Open|Matched|Met|Fallen/);
    expect(await list.textContent()).not.toMatch(/待对接|已对接|已满足|助餐送餐/);
    await page.getByRole('button', { name: '中文' }).click();
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
  it('a resident asks for help on the phone (我有需求); the community turns a 家事 case into a need (转为需求)', async () => {
    const title = `希望有人每周上门量血压${Date.now() % 10_000}`;
    const resident = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInOnPhone(resident, '13800000001', h.url);
    await resident.goto(`${h.url}/m/needs`);
    await resident.getByTestId('m-need-category').click();
    await resident.getByText('确定', { exact: true }).click();
    await resident.getByTestId('m-need-title').locator('input').fill(title);
    await resident.getByTestId('m-need-submit').click();
    await resident.getByText('已提交，社区会尽快对接').waitFor();
    const mine = resident.getByTestId('m-needs-mine').locator('.adm-list-item', { hasText: title });
    await expect.poll(async () => mine.textContent(), { timeout: 20_000 }).toContain('待对接');

    const k = await h.database.db
      .selectFrom('cases')
      .select('id')
      .where('tier', '!=', 'public')
      .where('region_path', 'like', '%350102001002%')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/cases/${k.id}`);
    await page.getByTestId('case-to-need').click({ timeout: 20_000 });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').click();
    await page.locator('.ant-select-item-option', { hasText: '上门照护' }).first().click();
    await dialog.getByRole('button', { name: /^转\s?入$/ }).click();
    await page.getByText('已转入需求清单').waitFor();
    const need = await h.database.db
      .selectFrom('needs')
      .select(['source', 'category'])
      .where('source', '=', 'case')
      .where('source_ref', '=', k.id)
      .executeTakeFirstOrThrow();
    expect(need.category).toBe('elderly.home');
  }, 120_000);

  it('the community contracts, accepts with evidence and pays a purchased service, completes a project milestone, reads the year', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/needs?tab=purchases`);
    for (const t of ['need-library', 'provider-library', 'purchases'])
      await page.getByTestId(t).locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });

    // a new contract through the form
    const title = `社区老年大学课程${Date.now() % 10_000}`;
    await page.getByTestId('add-purchase').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('项目名称').fill(title);
    await dialog.getByLabel('承接社会组织').click();
    await page.locator('.ant-select-item-option').first().click();
    await dialog.getByLabel('合同编号').fill(`GZ-E2E-${Date.now() % 100_000}`);
    await dialog.getByLabel('合同金额（元）').fill('10000');
    await dialog.getByLabel('类别').fill('文体');
    await page.locator('.ant-select-item-option', { hasText: '文体活动' }).first().click();
    await dialog.getByLabel('服务内容').fill('书法绘画课');
    const amounts = dialog.getByLabel('金额（元）', { exact: true });
    await amounts.nth(0).fill('3000');
    await amounts.nth(1).fill('7000');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('购买服务项目已登记').waitFor();
    await page.getByTestId('purchases').getByText(title).waitFor({ timeout: 20_000 });

    // the 残疾儿童康复训练 contract: accept the rest with words and a photo, then the second instalment is due
    await page.getByTestId('purchases').getByRole('button', { name: '残疾儿童康复训练' }).click();
    const drawer = page.locator('.ant-drawer');
    const item = drawer.getByTestId('purchase-items').locator('tbody tr.ant-table-row').first();
    await item.locator('[data-testid^="accept-"]').click({ timeout: 20_000 });
    const accept = page.getByRole('dialog').last();
    await accept.getByLabel('完成情况/佐证说明').fill('康复训练记录与家长签字已核对');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8a6' } })
      .jpeg()
      .toBuffer();
    await accept
      .locator('input[type=file]')
      .setInputFiles({ name: 'proof.jpg', mimeType: 'image/jpeg', buffer: photo });
    await accept.locator('.ant-upload-list-item-done').waitFor({ timeout: 20_000 });
    await accept.getByRole('button', { name: '确认验收' }).click();
    await page.getByText('验收已登记').waitFor();
    await expect.poll(async () => item.textContent(), { timeout: 20_000 }).toContain('30 / 30');
    await drawer.locator('.ant-image img').first().waitFor({ timeout: 20_000 });
    const pay = drawer.getByTestId('purchase-payments').getByRole('button', { name: '登记付款' });
    await pay.click({ timeout: 20_000 });
    await page.getByText('已登记付款').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'needs-purchase.png'), fullPage: true });

    // a project's milestone done with evidence
    await page.goto(`${h.url}/needs?tab=projects`);
    const project = page.getByTestId('project-list').locator('tbody tr.ant-table-row', { hasText: '进行中' }).first();
    await project.getByRole('button').first().click({ timeout: 20_000 });
    await page.getByTestId('milestones').waitFor({ timeout: 20_000 });
    const open = page.locator('[data-testid^="milestone-done-"]');
    if ((await open.count()) === 0) {
      await page.getByTestId('add-milestone').click();
      const add = page.getByRole('dialog').last();
      await add.getByLabel('节点').fill('回访');
      await add.getByLabel('计划完成日').fill('2030-01-01');
      await add.getByLabel('计划完成日').press('Enter');
      await add.getByRole('button', { name: /^保\s?存$/ }).click();
      await page.getByText('节点已添加').waitFor();
    }
    await open.first().click({ timeout: 20_000 });
    const done = page.getByRole('dialog').last();
    await done.getByLabel('完成情况/佐证说明').fill('已上门回访，居民满意');
    await done.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.getByText('节点已完成').waitFor();
    await page.getByTestId('milestones').getByText('已上门回访，居民满意').waitFor({ timeout: 20_000 });

    // the year's report, and its workbook
    await page.goto(`${h.url}/needs?tab=report`);
    await page.getByTestId('report-providers').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    const href = await page.getByTestId('report-xlsx').getAttribute('href');
    const xlsx = await page.request.get(`${h.url}${href}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    await page.screenshot({ path: path.join(ARTIFACTS, 'needs-report.png'), fullPage: true });
  }, 150_000);
});
