import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signInOnPhone, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => {
  fs.writeFileSync(path.join(ARTIFACTS, 'a11y-report.txt'), report.join('\n'));
  await h?.close();
});

/** Every violation found, serious or not, for the artifact; the test fails on serious and critical ones. */
const report: string[] = [];

/** Checks the page as it stands (WCAG 2.1 A and AA rules) and returns its serious and critical violations. */
async function audit(page: Page, name: string): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const lines = result.violations.map(
    (v) =>
      `${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.length}×: ${v.nodes
        .slice(0, 3)
        .map(
          (n) => `${n.target.join(' ')} ${process.env.A11Y_DEBUG ? (n.failureSummary ?? '').replace(/\s+/g, ' ') : ''}`,
        )
        .join(' | ')})`,
  );
  report.push(...(lines.length ? lines : [`${name}: no violations`]));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.id} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')})`,
    );
}

/** A page in a context of its own (axe-core opens its frames through the context). */
async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await h.browser.newContext({ viewport });
  const page = await context.newPage();
  page.once('close', () => void context.close());
  return page;
}

async function consolePage(user: string): Promise<Page> {
  const page = await newPage({ width: 1366, height: 900 });
  await page.goto(h.url);
  await signInAndWait(page, user);
  return page;
}

async function phonePage(user: string): Promise<Page> {
  const page = await newPage({ width: 390, height: 844 });
  await signInOnPhone(page, user, h.url);
  return page;
}

/** A case of the demo's grid, open if there is one (the demo's year ends at the moment it was loaded). */
async function someCase(): Promise<number> {
  const c = await h.database.db
    .selectFrom('cases')
    .select('id')
    .where('grid_code', '=', '350102001002001')
    .orderBy(sql`status IN ('handling', 'dispatched', 'handled')`, 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return c.id;
}

describe('accessibility (axe-core, WCAG 2.1 AA): no serious or critical violation on any page', () => {
  it('the sign-in pages', async () => {
    const page = await newPage({ width: 1366, height: 900 });
    const found: string[] = [];
    await page.goto(h.url);
    await page.getByLabel('用户名或手机号').waitFor();
    found.push(...(await audit(page, 'console sign-in')));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.url}/m`);
    await page.getByPlaceholder('用户名或手机号').waitFor();
    found.push(...(await audit(page, 'phone sign-in')));
    await page.close();
    expect(found).toEqual([]);
  });

  it('every console page', async () => {
    const id = await someCase();
    const pages: [string, string[]][] = [
      [
        'operator',
        [
          '/home',
          '/regions/350102001002',
          '/registry?community=350102001002',
          '/registry?community=350102001002&tab=buildings',
          '/registry/import',
          '/cases',
          `/cases/${id}`,
          '/indicators',
          '/case-settings',
          '/hotlines',
          '/account/password',
        ],
      ],
      [
        'community',
        [
          '/home',
          '/registry',
          '/visits',
          '/visits?tab=plans',
          '/visits?tab=log',
          '/visits?tab=care',
          '/visits?tab=alarms',
          '/needs',
          '/needs?tab=needs',
          '/needs/fallback',
          '/needs?tab=wishes',
          '/needs?tab=orders',
          '/needs?tab=projects',
          '/needs?tab=purchases',
          '/needs?tab=report',
          '/points',
          '/points?tab=accounts',
          '/points?tab=activities',
          '/points?tab=volunteers',
          '/points?tab=teams',
          '/points?tab=certificates',
          '/points?tab=report',
          '/deliberation',
          '/deliberation?tab=topics',
          '/deliberation?tab=surveys',
          '/deliberation?tab=notices',
          '/deliberation?view=calendar',
          '/votes',
          '/votes?tab=budgets',
          '/stations',
          '/stations?tab=coverage',
          '/stations?tab=catalogue',
          '/assessment',
          '/assessment?tab=table',
          '/assessment?tab=raters',
          '/assessment?section=reviews',
          '/assessment?section=awards&community=350102001002',
        ],
      ],
      [
        'secretary',
        [
          '/party',
          '/party?tab=board',
          '/party?tab=alliance',
          '/party?tab=units',
          '/party?tab=reviews',
          '/party?tab=map',
        ],
      ],
      ['handler', ['/party/unit']],
      ['admin', ['/users']],
      ['auditor', ['/audit']],
      ['security', ['/security']],
    ];
    const found: string[] = [];
    // two pages of one user at a time: most of a page's audit is waiting for the network to settle
    const lane = async (user: string, paths: string[]) => {
      const page = await consolePage(user);
      for (const p of paths) {
        await page.goto(`${h.url}${p}`);
        found.push(...(await audit(page, `${user} ${p}`)));
        // the phone's stylesheet sets every link's colour (#1677ff, 4.1:1 on white): a console page that pulls
        // in the phone's chunk (vite.config.ts groups) has it
        const phoneStyles = await page.locator('link[href*="mobile-ui"]').count();
        if (phoneStyles) found.push(`${user} ${p}: loads the phone's stylesheet`);
      }
      await page.close();
    };
    for (const [user, paths] of pages) {
      const lanes = paths.length > 3 ? 2 : 1;
      await Promise.all(
        Array.from({ length: lanes }, (_, k) =>
          lane(
            user,
            paths.filter((_, i) => i % lanes === k),
          ),
        ),
      );
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('every phone page, and in 长辈模式', async () => {
    const id = await someCase();
    const found: string[] = [];
    const residentPaths = [
      '/m',
      '/m/services',
      '/m/community',
      '/m/me',
      '/m/report',
      '/m/mine',
      '/m/hotlines',
      '/m/wishes',
      '/m/orders',
      '/m/needs',
      '/m/topics',
      '/m/notices',
      '/m/surveys',
      '/m/surveys/1',
      '/m/meetings',
      '/m/votes',
      '/m/budgets',
      '/m/stations',
      '/m/stations?tab=services',
      '/m/stations?tab=mine',
      '/m/assessment',
      '/m/awards',
    ];
    const [resident, second] = await Promise.all([phonePage('13800000001'), phonePage('13800000001')]);
    await Promise.all(
      [resident, second].map(async (page, k) => {
        for (const p of residentPaths.filter((_, i) => i % 2 === k)) {
          await page.goto(`${h.url}${p}`);
          found.push(...(await audit(page, `resident ${p}`)));
        }
      }),
    );
    await second.close();
    await resident.goto(`${h.url}/m/me`);
    await resident.getByTestId('m-elder').click();
    for (const p of [
      '/m',
      '/m/report',
      '/m/wishes',
      '/m/orders',
      '/m/needs',
      '/m/points',
      '/m/activities',
      '/m/topics',
      '/m/notices',
      '/m/surveys',
      '/m/meetings',
      '/m/stations',
      '/m/stations?tab=services',
    ]) {
      await resident.goto(`${h.url}${p}`);
      found.push(...(await audit(resident, `resident 长辈模式 ${p}`)));
    }
    await resident.close();
    const unit = await phonePage('handler');
    await unit.goto(`${h.url}/m/orders`);
    await unit.getByTestId('m-orders-unit').waitFor();
    found.push(...(await audit(unit, 'handler /m/orders')));
    await unit.close();
    const handler = await phonePage('gridworker');
    for (const p of ['/m/tasks', `/m/cases/${id}`, '/m/round', '/m/alarms']) {
      await handler.goto(`${h.url}${p}`);
      found.push(...(await audit(handler, `gridworker ${p}`)));
    }
    await handler.close();
    const member = await phonePage('partymember');
    await member.goto(`${h.url}/m/party`);
    await member.getByTestId('m-party-post').waitFor();
    found.push(...(await audit(member, 'partymember /m/party')));
    await member.goto(`${h.url}/m/care`);
    await member.getByTestId('m-care-list').waitFor();
    found.push(...(await audit(member, 'partymember /m/care')));
    await member.close();
    const anyone = await newPage({ width: 390, height: 844 });
    await anyone.goto(`${h.url}/m/verify/ZYZM-350102001-2026-000001?c=unknown`);
    await anyone.getByTestId('m-verify-result').waitFor();
    found.push(...(await audit(anyone, 'anyone /m/verify')));
    await anyone.goto(`${h.url}/m/public/350102001002`);
    await anyone.getByTestId('m-public-board').waitFor();
    found.push(...(await audit(anyone, 'anyone /m/public')));
    await anyone.close();
    expect(found).toEqual([]);
  }, 300_000);
});
