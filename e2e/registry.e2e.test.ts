import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigit } from '../server/core/pii/index.js';
import { COLUMNS } from '../server/modules/registry/import/columns.js';
import { templateWorkbook } from '../server/modules/registry/import/template.js';
import { ARTIFACTS, signIn, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.close());

const idOf = (ymd: string, seq: string) => `350102${ymd}${seq}${checkDigit(`350102${ymd}${seq}`)}`;

/** The template as a community worker fills it in: two rows, optionally each with a mistake. */
async function filledTemplate(withMistakes: boolean): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await templateWorkbook()) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('居民信息');
  const row = (r: Record<string, string>) => ws?.addRow(COLUMNS.map((c) => r[c.key] ?? ''));
  const common = {
    community: '庆城社区',
    grid: '第1网格',
    estate: '新建花园',
    building: '9号楼',
    unit: '1',
    area: '88.6',
  };
  row({
    ...common,
    room: '101',
    relation: '户主',
    name: '欧阳娜娜',
    idNumber: idOf('19850312', '024'),
    phone: withMistakes ? '1365555' : '13655550001',
    tags: '党员',
  });
  row({
    ...common,
    room: '102',
    relation: '户主',
    name: '司马光明',
    idNumber: withMistakes ? idOf('19790101', '013').slice(0, 17) + '0' : idOf('19790101', '013'),
    phone: '13655550002',
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-import-')),
    withMistakes ? '有错误.xlsx' : '已修正.xlsx',
  );
  await wb.xlsx.writeFile(file);
  return file;
}

describe('the registry on the console', () => {
  it('shows 庆城社区 on the map with household counts inside the rule, and drills down to residents', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(h.url);
    await signIn(page, 'community');
    await page.getByText('网格与居民').click();
    await page.waitForURL(/\/registry/);
    await expect
      .poll(() => page.locator('[data-testid="grid-table"] tbody tr.ant-table-row').count(), { timeout: 30_000 })
      .toBe(10);
    expect(await page.locator('[data-testid="grid-table"] tbody').textContent()).toContain('合规');
    expect(await page.locator('[data-testid="grid-table"] tbody').textContent()).not.toContain('超标');
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry.png') });
    await page.getByRole('tab', { name: '楼栋' }).click();
    // wait for real rows (an empty table shows a placeholder row while loading)
    await page.locator('[data-testid="buildings-table"] tbody tr', { hasText: '号楼' }).first().click();
    // each house names its owners and its households' heads, with words for the columns
    await expect
      .poll(() => page.locator('[data-testid="houses-table"] thead').textContent())
      .toContain('住户（户主 · 人数）');
    await expect
      .poll(() => page.locator('[data-testid="houses-table"] tbody').textContent())
      .toMatch(/户主 \S+ · \d人/);
    expect(await page.locator('[data-testid="houses-table"] tbody tr td:nth-child(5)').first().textContent()).not.toBe(
      '变更业主',
    );
    // a house changes hands: the new owner shows, the old one is kept as history
    await page.getByTestId('change-owners').first().click();
    const owners = page.getByRole('dialog').filter({ hasText: '新业主' });
    await owners.getByLabel(/新业主/).fill('林晓东、陈美玲');
    await owners.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect
      .poll(() => page.locator('[data-testid="houses-table"] tbody').textContent())
      .toContain('林晓东、陈美玲');
    await page
      .locator('[data-testid="houses-table"] tbody tr button:not([data-testid="change-owners"])')
      .first()
      .click();
    await expect
      .poll(() => page.locator('[data-testid="members-table"] tbody').textContent(), { timeout: 15_000 })
      .toMatch(/350102\*{8}/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-household.png') });
    // the estates: who serves and governs each one
    await page.goto(`${h.url}/registry?tab=estates`);
    await page.getByTestId('edit-estate').first().click();
    const estate = page.getByRole('dialog').filter({ hasText: '业主委员会' });
    await estate.getByLabel('小区党支部').fill('庆城小区第一党支部');
    await estate.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('estates-table').textContent()).toContain('庆城小区第一党支部');
    await page.close();
  });

  it('lets the street operator pick a community and open its grids (no code, no error)', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(h.url);
    await signInAndWait(page, 'operator');
    await page.goto(`${h.url}/registry`);
    await page.getByTestId('community-picker').click();
    await page.getByTitle('庆城社区').click();
    await expect
      .poll(() => page.getByTestId('grid-table').textContent(), { timeout: 15_000 })
      .toContain('庆城社区第1网格');
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await page.close();
  });

  it('imports the template with two bad rows → report; fixed → imported; finds the new resident and reveals the ID with a reason', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(h.url);
    await signInAndWait(page, 'community');
    await page.goto(`${h.url}/registry/import`);
    await page.locator('input[type=file]').setInputFiles(await filledTemplate(true));
    await expect
      .poll(() => page.locator('[data-testid="problems-table"] tbody tr').count(), { timeout: 30_000 })
      .toBe(2);
    const report = await page.locator('[data-testid="problems-table"] tbody').textContent();
    expect(report).toContain('身份证号校验位错误');
    expect(report).toContain('手机号“1365555”格式不正确');
    const result = await page.getByTestId('import-result').textContent();
    expect(result).toContain('有 2 行存在问题，未导入任何数据');
    expect(result).toContain('共 2 行，正确 0 行，有问题 2 行；未写入任何数据');
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-report.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^导入错误报告-\d+\.xlsx$/);

    await page.locator('input[type=file]').setInputFiles(await filledTemplate(false));
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 30_000 }).toContain('导入完成');
    expect(await page.getByTestId('import-result').textContent()).toContain('新增 2 户、2 位居民');
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-done.png') });

    await page.goto(`${h.url}/registry?community=350102001002&q=${encodeURIComponent('司马光明')}`);
    const row = page.locator('[data-testid="residents-table"] tbody tr', { hasText: '司马光明' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain('350102********013');
    await row.click();
    await page.getByRole('button', { name: '查看完整' }).first().click();
    await page.getByTestId('reveal-reason').fill('入户走访核对身份');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('resident-idNumber').textContent()).toBe(idOf('19790101', '013'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-reveal.png') });
    const audit = await h.database.db
      .selectFrom('audit_log')
      .select(['reason'])
      .where('action', '=', 'registry.reveal')
      .execute();
    expect(audit).toEqual([{ reason: '入户走访核对身份' }]);
    await page.close();
  });
});
