import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('signing in on the console', () => {
  it('signs the grid worker in: her name in the header, no audit log in her menu', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'gridworker');
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('庆城第1网格网格员');
    // she lands on her own grid
    await page.waitForURL(/\/regions\/350102001002001$/);
    await expect.poll(() => page.getByTestId('region-title').textContent()).toBe('庆城社区第1网格');
    expect(await page.getByText('审计日志').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'signed-in-grid-worker.png') });
    await page.close();
  });

  it('shows the lockout message after five wrong passwords, and refuses the right one then', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'volunteer', 'Wrong@2026');
      await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/密码错误|锁定/);
    }
    expect(await page.getByTestId('login-error').textContent()).toMatch(/账号已锁定 15 分钟/);
    await signIn(page, 'volunteer');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/账号已锁定/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lockout.png') });
    await page.close();
  });

  it('lets the audit administrator open the audit log and see the failed sign-ins', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'auditor');
    await page.getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="audit-table"] tbody').textContent()).toContain('identity.login');
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-log.png') });
    await page.close();
  });
});

describe('user administration on the console', () => {
  it('shows the system administrator the accounts with their roles and scopes', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'admin');
    await page.getByText('用户与角色').click();
    await page.waitForURL(/\/users$/);
    await expect.poll(() => page.locator('[data-testid="users-table"] tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="users-table"] tbody').textContent()).toContain('网格员 @ 庆城社区第1网格');
    expect(await page.locator('[data-testid="users-table"] tbody').textContent()).toContain('138****0001');
    expect(await page.getByText('审计日志').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'users.png') });
    await page.close();
  });
});
