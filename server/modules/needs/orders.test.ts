import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY } from '../../core/demo.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const as = (n: string) => c[n] as Client;

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'handler', 'partymember', 'volunteer']) c[n] = await signedIn(demo.app, n);
  c.resident = await signedIn(demo.app, '13800000001');
});
afterAll(() => demo.close());

type Order = {
  id: number;
  state: string;
  can: string[];
  timing: string;
  dueAt: string | null;
  steps: { step: string }[];
};
const orders = async (who: string, view: string) =>
  (await as(who).get(`/api/needs/orders?view=${view}&community=${DEMO_COMMUNITY}`)).json<{ items: Order[] }>().items;

describe('the menu service (居民点单 → 社区交单 → 单位领单 → 党员接单)', () => {
  it('goes from the resident’s order to a rating, through a decline and a second pass, each step only by whoever it belongs to', async () => {
    const menu = await as('resident').get('/api/needs/menu');
    expect(menu.statusCode, menu.body).toBe(200);
    const service = menu.json<{ items: { id: number; title: string }[] }>().items[0];
    expect(service).toBeDefined();
    const made = await as('resident').post('/api/needs/orders', { resourceId: service?.id, note: '周三上午在家' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const step = (who: string, body: object) => as(who).post(`/api/needs/orders/${id}/step`, body);
    const handlerUnit = await sql<{ agency_id: string }>`SELECT ra.agency_id FROM role_assignments ra
      JOIN users u ON u.id = ra.user_id WHERE u.username = 'handler' AND ra.role = 'agency_handler'`.execute(
      demo.database.db,
    );
    const agencyId = Number(handlerUnit.rows[0]?.agency_id);
    // the community's board: waiting to be passed on, due in one working day
    const board = (await orders('community', 'community')).find((o) => o.id === id);
    expect(board?.state).toBe('ordered');
    expect(board?.can).toContain('pass');
    expect(board?.dueAt).not.toBeNull();
    // out of order or not theirs: refused, nothing changes
    expect((await step('handler', { step: 'take' })).statusCode).toBe(403);
    expect((await step('resident', { step: 'pass', agencyId })).statusCode).toBe(403);
    expect((await step('community', { step: 'pass', agencyId: 999_999 })).statusCode).toBe(400);
    expect((await step('community', { step: 'pass', agencyId })).statusCode).toBe(200);
    // the unit declines with a reason: back to the community, passed again, taken
    expect((await step('handler', { step: 'decline', reason: 'x' })).statusCode).toBe(400);
    expect((await step('handler', { step: 'decline', reason: '本周人手不足' })).statusCode).toBe(200);
    expect((await orders('community', 'community')).find((o) => o.id === id)?.state).toBe('ordered');
    expect((await orders('handler', 'unit')).some((o) => o.id === id)).toBe(false);
    expect((await step('community', { step: 'pass', agencyId })).statusCode).toBe(200);
    expect((await orders('handler', 'unit')).find((o) => o.id === id)?.can).toEqual(['take', 'decline']);
    expect((await step('handler', { step: 'take' })).statusCode).toBe(200);
    const helpers = (await as('handler').get('/api/needs/helpers')).json<{ items: { id: number; name: string }[] }>();
    const member = await sql<{ id: string }>`SELECT id FROM users WHERE username = 'partymember'`.execute(
      demo.database.db,
    );
    const memberId = Number(member.rows[0]?.id);
    expect(helpers.items.map((h) => h.id)).toContain(memberId);
    expect((await step('handler', { step: 'assign', assigneeId: memberId })).statusCode).toBe(200);
    // only the one sent delivers; the resident rates
    expect((await step('volunteer', { step: 'deliver' })).statusCode).toBe(403);
    expect((await step('resident', { step: 'rate', rating: 5 })).statusCode).toBe(409);
    expect((await orders('partymember', 'mine')).find((o) => o.id === id)?.can).toEqual(['deliver']);
    expect((await step('partymember', { step: 'deliver', note: '已上门服务' })).statusCode).toBe(200);
    expect((await step('resident', { step: 'rate', rating: 5, comment: '很及时' })).statusCode).toBe(200);
    const done = (await orders('resident', 'mine')).find((o) => o.id === id);
    expect(done?.state).toBe('rated');
    expect(done?.steps.map((s) => s.step)).toEqual([
      'order',
      'pass',
      'decline',
      'pass',
      'take',
      'assign',
      'deliver',
      'rate',
    ]);
  });

  it('warns as a step’s working time runs out and shows it overdue after', async () => {
    const menu = (await as('resident').get('/api/needs/menu')).json<{ items: { id: number }[] }>();
    const made = await as('resident').post('/api/needs/orders', { resourceId: menu.items[0]?.id });
    const id = made.json<{ id: number }>().id;
    await sql`UPDATE menu_orders SET step_started_at = now() - interval '4 days', step_due_at = now() + interval '1 hour'
      WHERE id = ${id}`.execute(demo.database.db);
    expect((await orders('community', 'community')).find((o) => o.id === id)?.timing).toBe('warning');
    await sql`UPDATE menu_orders SET step_due_at = now() - interval '1 hour' WHERE id = ${id}`.execute(
      demo.database.db,
    );
    expect((await orders('community', 'community')).find((o) => o.id === id)?.timing).toBe('overdue');
    // the resident may cancel while nobody has taken it
    expect(
      (await as('resident').post(`/api/needs/orders/${id}/step`, { step: 'cancel', reason: '不需要了' })).statusCode,
    ).toBe(200);
  });
});
