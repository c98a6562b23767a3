import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResult } from '../contracts/stats.js';
import { every, startJobs } from '../server/core/jobs.js';
import { readSettings } from '../server/core/settings.js';
import { DEMO_STREET, loadDemo } from '../server/demo/load-demo.js';
import { modules } from '../server/modules/index.js';
import { demoApp, DEMO_TEST_PASSWORD, signedIn, type Client, type DemoApp } from './demo-app.js';

/** The shape every module shares: stats, seeds, jobs, settings and commands, used through the manifests. */
let demo: DemoApp;
const clients: Record<string, Client> = {};
const as = (n: string) => {
  const c = clients[n];
  if (!c) throw new Error(n);
  return c;
};
const QINGCHENG = '350102001002';
const OTHER_COMMUNITY = '350102001001';

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['operator', 'community', 'gridworker', 'admin', 'auditor', '13800000001'])
    clients[n] = await signedIn(demo.app, n);
});
afterAll(async () => demo?.close());

const count = async (q: string) =>
  Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(demo.database.db)).rows[0]?.n ?? -1);

describe('stats (the command centre’s figures, from the manifests)', () => {
  it('counts what the definitions say, for the place asked, among those the actor may read', async () => {
    const res = await as('community').get(`/api/stats?region=${QINGCHENG}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<StatsResult>();
    const value = (k: string) => body.stats.find((s) => s.key === k)?.value;
    const path = `/35/3501/350102/350102001/${QINGCHENG}/`;
    expect(value('registry.households')).toBe(
      await count(`SELECT count(*) AS n FROM households WHERE active AND grid_path LIKE '${path}%'`),
    );
    expect(value('registry.residents')).toBeGreaterThan(0);
    expect(value('cases.open')).toBe(
      await count(
        `SELECT count(*) AS n FROM cases WHERE region_path LIKE '${path}%' AND status IN ('reported','registered','dispatched','handling','parked','handled')`,
      ),
    );
    // every figure names itself and says how it is counted
    for (const s of body.stats) expect(s.definition.zh.length).toBeGreaterThan(5);
    // the sensitive figure is there for the community worker, who may read the tags
    expect(value('registry.care_residents')).toBeGreaterThanOrEqual(0);
  });

  it('refuses a place outside the actor’s scopes (audited), and hides sensitive figures from those who may not read them', async () => {
    const before = await count(`SELECT count(*) AS n FROM audit_log WHERE result = 'denied'`);
    // the district is above every role of the grid worker: nothing to read there
    expect((await as('gridworker').get('/api/stats?region=350102')).statusCode).toBe(403);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE result = 'denied'`)).toBe(before + 1);
    // another community of the street: only the street-wide figures (its service numbers, its party members counted —
    // never named), not its registry
    const other = (await as('gridworker').get(`/api/stats?region=${OTHER_COMMUNITY}`)).json<StatsResult>();
    expect(other.stats.map((s) => s.key).sort()).toEqual([
      'hotlines.numbers',
      'party.dual_registered',
      'party.members',
      'party.overdue_resolutions',
    ]);
    const street = (await as('operator').get(`/api/stats?region=${DEMO_STREET}`)).json<StatsResult>();
    expect(street.stats.map((s) => s.key)).toContain('registry.households');
    expect(street.stats.map((s) => s.key)).not.toContain('registry.care_residents');
    expect((await as('operator').get('/api/stats?region=350102001999')).statusCode).toBe(404);
  });
});

describe('commands (core/command.ts)', () => {
  it('a unique violation is a 409 in the command’s words; bad input is a 400, never a 500', async () => {
    const op = as('operator');
    const cat = {
      code: 'shape.test',
      parentId: null,
      name: '形状测试',
      tier: 'public',
      signLimit: 2,
      signUnit: 'working_hours',
      handleLimit: 3,
      handleUnit: 'working_days',
      handlerKind: 'grid',
      defaultAgencyId: null,
      active: true,
    };
    expect((await op.post('/api/case-categories', cat)).statusCode).toBe(201);
    const again = await op.post('/api/case-categories', cat);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toBe('该编码已被使用');
    const bad = await op.post('/api/case-categories', { ...cat, code: 'shape.other', signLimit: 10_000 });
    expect(bad.statusCode).toBe(400);
  });

  it('nothing is half-written: a refused command leaves no row and no ok audit entry', async () => {
    const before = await count(`SELECT count(*) AS n FROM work_calendar WHERE street_id = '${DEMO_STREET}'`);
    const res = await as('community').put('/api/case-calendar/2027', {
      days: [{ day: '2027-01-01', kind: 'holiday' }],
    });
    expect(res.statusCode).toBe(403);
    expect(await count(`SELECT count(*) AS n FROM work_calendar WHERE street_id = '${DEMO_STREET}'`)).toBe(before);
  });
});

describe('settings (core/settings.ts, the manifest’s config schema)', () => {
  it('reads defaults for a street without a row, and what was saved for one with', async () => {
    const cases = modules.find((m) => m.name === 'cases');
    if (!cases?.config) throw new Error('cases declares its config');
    const none = await readSettings(demo.database.db, '350102002', 'cases', cases.config.schema);
    expect(none).toEqual(cases.config.schema.parse({}));
    const saved = await as('operator').get('/api/case-settings');
    const put = await as('operator').put('/api/case-settings', { ...saved.json<object>(), reopenDays: 9 });
    expect(put.statusCode).toBe(200);
    const read = (await readSettings(demo.database.db, DEMO_STREET, 'cases', cases.config.schema)) as {
      reopenDays: number;
    };
    expect(read.reopenDays).toBe(9);
  });

  it('every module’s settings are read and changed one way: /api/settings/<module>, validated and audited', async () => {
    const op = as('operator');
    const rule = await op.get('/api/settings/registry');
    expect(rule.statusCode).toBe(200);
    expect(rule.json()).toEqual({ minHouseholds: 300, maxHouseholds: 500, maxResidents: 2500 });
    expect((await op.put('/api/settings/registry', { minHouseholds: 0 })).statusCode).toBe(400);
    const put = await op.put('/api/settings/registry', { minHouseholds: 1, maxHouseholds: 3 });
    expect(put.statusCode).toBe(200);
    // the grid list judges its grids by the street's own rule at once
    const grids = (await as('community').get(`/api/registry/communities/${QINGCHENG}/grids`)).json<{
      rule: { maxHouseholds: number };
      grids: { households: number; sizing: string }[];
    }>();
    expect(grids.rule.maxHouseholds).toBe(3);
    expect(grids.grids.filter((g) => g.households > 3).every((g) => g.sizing === 'over')).toBe(true);
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_log WHERE object_type = 'settings' AND object_id = 'registry' AND result = 'ok'`,
      ),
    ).toBe(1);
    // a community worker does not set the street's rule; an unknown module has no settings
    expect((await as('community').put('/api/settings/registry', { minHouseholds: 2 })).statusCode).toBe(403);
    expect((await op.get('/api/settings/nosuch')).statusCode).toBe(404);
  });
});

describe('cursor pagination (lists that can reach millions)', () => {
  it('reads the audit log page after page by cursor: newest first, no row twice, none missed, to the end', async () => {
    const auditor = as('auditor');
    const all = await count(`SELECT count(*) AS n FROM audit_log WHERE result = 'denied'`);
    const seen: number[] = [];
    let before: number | null | undefined;
    for (let i = 0; i < 100 && before !== null; i++) {
      const res = await auditor.get(`/api/audit/feed?result=denied&limit=2${before ? `&before=${before}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { id: number }[]; next: number | null }>();
      seen.push(...page.items.map((r) => r.id));
      before = page.next;
    }
    expect(seen.length).toBe(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect((await as('operator').get('/api/audit/feed')).statusCode).toBe(403);
  });
});

describe('jobs (core/jobs.ts)', () => {
  it('run at once and then again, never two runs of one job at once, and stop waiting for the one running', async () => {
    let runs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const running = startJobs(
      [
        {
          name: 'test.slow',
          everyMs: 1,
          run: async () => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await new Promise((r) => setTimeout(r, 5));
            runs++;
            inFlight--;
          },
        },
      ],
      {},
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 60));
    await running.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    expect(after).toBeGreaterThan(1);
    expect(runs).toBe(after);
    expect(maxInFlight).toBe(1);
    expect(inFlight).toBe(0);
  });

  it('a failing run is reported and the job goes on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const r = every(
      1,
      () => {
        calls++;
        return Promise.reject(new Error('boom'));
      },
      (e) => errors.push(e),
    );
    await new Promise((res) => setTimeout(res, 30));
    await r.stop();
    expect(calls).toBeGreaterThan(1);
    expect(errors.length).toBe(calls);
  });

  it('every job a manifest declares is named after its module', () => {
    for (const m of modules) for (const j of m.jobs ?? []) expect(j.name.startsWith(`${m.name}.`)).toBe(true);
  });
});

describe('seeds (loaded and reset through the manifests)', () => {
  it('a reset removes every row of the street from every table and loads the same street again', async () => {
    const tables = (
      await sql<{ table_name: string }>`SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'street_id'`.execute(demo.database.db)
    ).rows.map((r) => r.table_name);
    const first = await loadDemo({
      db: demo.database.db,
      keyring: demo.keyring,
      password: DEMO_TEST_PASSWORD,
      householdsPerGrid: [2, 2],
      casesPerDay: 0,
      reset: true,
    });
    expect(first.households).toBe(
      await count(`SELECT count(*) AS n FROM households WHERE street_id = '${DEMO_STREET}'`),
    );
    // the cases the case seed made, and the one the party seed opened for a joint meeting's resolution
    expect((first.cases ?? 0) + (first['resolutions carried by a case'] ?? 0)).toBe(
      await count(`SELECT count(*) AS n FROM cases WHERE street_id = '${DEMO_STREET}'`),
    );
    // the category added above is gone with the reset: nothing of the street survives but history
    expect(await count(`SELECT count(*) AS n FROM case_categories WHERE code = 'shape.test'`)).toBe(0);
    expect(tables).toContain('notifications');
    // every account was made again, and signs in
    expect((await signedIn(demo.app, 'gridworker')).me.user.name).toBe('庆城第1网格网格员');
  });
});
