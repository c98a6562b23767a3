import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointIn, step } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

/**
 * Two cases merged into each other at the same moment: exactly one merge wins, the other case
 * stays open. Real concurrency on PostgreSQL (the pool runs both transactions at once).
 */
let demo: DemoApp;
let operator: Client;
let operator2: Client;
let here: { lng: number; lat: number };

beforeAll(async () => {
  demo = await demoApp();
  operator = await signedIn(demo.app, 'operator');
  operator2 = await signedIn(demo.app, 'operator');
  here = await pointIn(demo.database.db, '350102001002001');
});
afterAll(() => demo.close());

async function report(): Promise<number> {
  const res = await operator.post('/api/cases', { category: 'env.sanitation', description: '垃圾堆积', ...here });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ id: number }>().id;
}

describe('merging two cases into each other at once', () => {
  it('leaves one merged and one open, in every one of ten trials', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const a = await report();
      const b = await report();
      const [ra, rb] = await Promise.all([
        step(operator, a, 'merge', { intoCaseId: b }),
        step(operator2, b, 'merge', { intoCaseId: a }),
      ]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses[0], JSON.stringify([ra.json, rb.json])).toBe(200);
      expect(statuses[1]).toBeGreaterThanOrEqual(400);
      expect(statuses[1]).toBeLessThan(500);
      const rows = await demo.database.db
        .selectFrom('cases')
        .select(['id', 'status', 'merged_into'])
        .where('id', 'in', [a, b])
        .execute();
      const merged = rows.filter((r) => r.status === 'merged');
      expect(merged).toHaveLength(1);
      const open = rows.find((r) => r.status !== 'merged');
      expect(open?.merged_into).toBeNull();
      expect(merged[0]?.merged_into).toBe(open?.id);
    }
  });
});
