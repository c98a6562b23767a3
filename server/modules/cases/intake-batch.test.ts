import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../contracts/cases.js';
import { auditRow } from '../../core/audit.js';
import { Batcher } from '../../core/batcher.js';
import { photoWithGps, pointIn, uploadPhoto } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { writeCase } from './commands/case-writer.js';
import type { CaseToInsert } from './commands/insert-case.js';
import { markCitus } from '../../core/placement.js';

let demo: DemoApp;
let gridworker: Client;
let here: { lng: number; lat: number };

type Answer = { status: number; json: CaseDetail & { created: boolean; error?: { message: string } } };

async function report(body: object): Promise<Answer> {
  const res = await gridworker.post('/api/cases', body);
  return { status: res.statusCode, json: res.json() };
}

const unreadReported = async () =>
  demo.database.db
    .selectFrom('notifications')
    .select(['user_id', 'count'])
    .where('digest_key', '=', 'reported')
    .where('read_at', 'is', null)
    .orderBy('user_id')
    .execute();

// both writers on every database: the one statement, and the few per street that Citus runs
describe.each([
  ['in one statement', false],
  ['street by street, as on Citus', true],
])('intake %s', (_, stepwise) => {
  beforeAll(async () => {
    demo = await demoApp();
    if (stepwise) markCitus(demo.database.db);
    gridworker = await signedIn(demo.app, 'gridworker');
    here = await pointIn(demo.database.db, '350102001002001');
  });
  afterAll(() => demo.close());

  describe('submissions that arrive together (written as one batch)', () => {
    it('each become a case with its own photo, timeline entry and audit row, and the dispatchers count them all', async () => {
      const before = new Map((await unreadReported()).map((n) => [n.user_id, n.count]));
      const photos = await Promise.all(
        Array.from({ length: 12 }, async () => (await uploadPhoto(gridworker, await photoWithGps())).json.id),
      );
      const answers = await Promise.all(
        photos.map((photo, i) =>
          report({
            category: 'env.sanitation',
            description: `同时上报的问题 ${i}`,
            photos: [photo],
            clientRequestId: `burst-req-${i}`,
            lng: here.lng + i * 0.00001,
            lat: here.lat,
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(photos.map(() => 201));
      const ids = answers.map((a) => a.json.id);
      expect(new Set(ids).size).toBe(12);
      answers.forEach((a, i) => {
        expect(a.json.photos).toEqual([photos[i]]);
        expect(a.json.description).toBe(`同时上报的问题 ${i}`);
        expect(a.json.timeline.map((e) => e.action)).toEqual(['report']);
      });
      const db = demo.database.db;
      const attached = await db.selectFrom('case_photos').select(['id', 'case_id']).where('id', 'in', photos).execute();
      for (const p of attached) expect(p.case_id).toBe(ids[photos.indexOf(p.id)]);
      const events = await db.selectFrom('case_events').select('case_id').where('case_id', 'in', ids).execute();
      expect(events.map((e) => e.case_id).sort()).toEqual([...ids].sort());
      const audit = await db
        .selectFrom('audit_log')
        .select(['object_id', 'actor_name'])
        .where('action', '=', 'cases.report')
        .where(
          'object_id',
          'in',
          ids.map((id) => String(id)),
        )
        .execute();
      expect(audit).toHaveLength(12);
      // every dispatcher covering the grid counts each of the twelve once
      const after = await unreadReported();
      const grown = after.map((n) => n.count - (before.get(n.user_id) ?? 0)).filter((d) => d !== 0);
      expect(grown.length).toBeGreaterThan(0);
      for (const d of grown) expect(d).toBe(12);
    });

    it('give a photo named by two of them to the first only; the other is refused and nothing of it is written', async () => {
      const photo = (await uploadPhoto(gridworker, await photoWithGps())).json.id;
      const [a, b] = await Promise.all(
        ['先到', '后到'].map((d) =>
          report({
            category: 'env.sanitation',
            description: d,
            photos: [photo],
            clientRequestId: `same-photo-${d}`,
            ...here,
          }),
        ),
      );
      const answers = [a, b] as Answer[];
      expect(answers.map((x) => x.status).sort()).toEqual([201, 400]);
      const refused = answers.find((x) => x.status === 400);
      expect(refused?.json.error?.message).toContain('照片不存在或已被使用');
      const cases = await demo.database.db
        .selectFrom('cases')
        .select('id')
        .where('client_request_id', 'like', 'same-photo-%')
        .execute();
      expect(cases).toHaveLength(1);
    });

    it('answer a retried submission with the first case also when both copies arrive together', async () => {
      const body = { category: 'env.sanitation', description: '重复提交', clientRequestId: 'burst-retry', ...here };
      const answers = await Promise.all([report(body), report(body), report(body)]);
      expect(new Set(answers.map((x) => x.json.id)).size).toBe(1);
      expect(answers.filter((x) => x.json.created)).toHaveLength(1);
      const n = await demo.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('client_request_id', '=', 'burst-retry')
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    });

    it('see each other as duplicates (the later one lists the earlier)', async () => {
      const answers = await Promise.all(
        [0, 1, 2].map((i) =>
          report({
            category: 'fac.streetlight',
            description: `路灯不亮 ${i}`,
            clientRequestId: `dup-burst-${i}`,
            lng: here.lng + i * 0.00005,
            lat: here.lat,
          }),
        ),
      );
      const byId = [...answers].sort((x, y) => x.json.id - y.json.id);
      const last = byId[2]?.json;
      expect(last?.duplicates.map((d) => d.id).sort()).toEqual([byId[0]?.json.id, byId[1]?.json.id].sort());
      expect(last?.duplicates.every((d) => d.distance <= 50)).toBe(true);
    });

    it('fail one by one: a case the database refuses fails alone and the others of its batch are written', async () => {
      const good = await report({
        category: 'env.sanitation',
        description: '模板',
        clientRequestId: 'template-0001',
        ...here,
      });
      const row = await demo.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', good.json.id)
        .executeTakeFirstOrThrow();
      const item = (crid: string, grid: string | null): CaseToInsert => ({
        values: {
          street_id: row.street_id,
          source: 'patrol',
          category_id: row.category_id,
          tier: row.tier,
          title: crid,
          description: crid,
          address: null,
          lng: row.lng,
          lat: row.lat,
          grid_code: grid,
          community_code: row.community_code,
          region_path: row.region_path,
          submitter_key: row.submitter_key,
          client_request_id: crid,
          reporter_user_id: row.reporter_user_id,
          reporter_name: null,
          reporter_phone_cipher: null,
          reporter_phone_hash: null,
          anonymous: false,
          created_at: new Date(),
        },
        photos: [],
        event: { actorId: null, actorName: 'test', detail: '{}' },
        noticeBody: crid,
        near: { dLat: null, dLng: null, since: new Date() },
        audit: auditRow({}, { action: 'cases.report', result: 'ok', streetId: row.street_id }),
      });
      const results = await Promise.allSettled([
        writeCase(demo.database.db, item('split-a', row.grid_code)),
        writeCase(demo.database.db, item('split-bad', '999999999999999')), // no such grid: a foreign key refuses it
        writeCase(demo.database.db, item('split-b', row.grid_code)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const written = await demo.database.db
        .selectFrom('cases')
        .select('client_request_id')
        .where('client_request_id', 'like', 'split-%')
        .orderBy('client_request_id')
        .execute();
      expect(written.map((w) => w.client_request_id)).toEqual(['split-a', 'split-b']);
    });
  });

  describe('the batcher', () => {
    it('runs a lone item at once and gathers what arrives meanwhile into the next run', async () => {
      const runs: number[][] = [];
      let release: () => void = () => undefined;
      const b = new Batcher<number, number>({
        run: async (items) => {
          runs.push(items);
          if (runs.length === 1) await new Promise<void>((r) => (release = r));
          return items.map((x) => x * 10);
        },
      });
      const first = b.add(1);
      const rest = [b.add(2), b.add(3), b.add(4)];
      release();
      expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
      expect(runs).toEqual([[1], [2, 3, 4]]);
    });

    it('with gather, waits a turn of the event loop so that items made ready meanwhile join the batch', async () => {
      const runsOf = async (gather: boolean) => {
        const runs: number[][] = [];
        const b = new Batcher<number, number>({ gather, run: async (items) => (runs.push(items), items) });
        // three requests whose previous step ends in the same turn, one after another (as on PGlite)
        const steps = [1, 2, 3].map(async (x) => {
          for (let i = 0; i < x; i++) await null;
          return b.add(x);
        });
        expect(await Promise.all(steps)).toEqual([1, 2, 3]);
        return runs;
      };
      // without it, a run that ends within the turn (no real I/O) is over before the next item comes
      expect(await runsOf(false)).toEqual([[1], [2], [3]]);
      expect(await runsOf(true)).toEqual([[1, 2, 3]]);
    });

    it('runs the items of a failed batch one by one, so only the bad one fails', async () => {
      const b = new Batcher<number, number>({
        run: async (items) => {
          if (items.includes(13)) throw new Error('13 is refused');
          return items;
        },
      });
      const hold = b.add(0);
      const results = await Promise.allSettled([hold, b.add(12), b.add(13), b.add(14)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    });
  });
});
