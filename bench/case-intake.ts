import fs from 'node:fs';
import { sql } from 'kysely';
import { loadConfig } from '../server/core/config.js';
import type { Database } from '../server/core/db.js';
import { createHttpServer } from '../server/core/http.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { processPhoto, storePhoto } from '../server/modules/cases/photos.js';
import { modules } from '../server/modules/index.js';
import { gridIndexOf } from '../server/modules/org/index.js';
import sharp from 'sharp';
import { drive, fmt, machine, targets, writeSection } from './lib.js';

const PASSWORD = 'Bench@2026';

/** BENCH_PROFILE=FILE: a CPU profile of the measured phase only (open it in Chrome's DevTools). */
async function profileIf(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => undefined;
  const inspector = await import('node:inspector/promises');
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

type Result = {
  target: string;
  version: string;
  n: number;
  /** One row per number of submissions in flight, each beside its own reference measured right after it. */
  levels: {
    concurrency: number;
    intake: Awaited<ReturnType<typeof drive>>;
    insert: Awaited<ReturnType<typeof drive>>;
  }[];
};

/** Points inside the demo street's grids, so that routing finds a grid for each. */
async function pointsIn(database: Database, n: number): Promise<{ lng: number; lat: number }[]> {
  const index = await gridIndexOf(database.db, '350102001');
  const out: { lng: number; lat: number }[] = [];
  for (let i = 0; out.length < n; i++) {
    const lng = 119.2905 + (((i * 7919) % 10007) / 10007) * 0.019;
    const lat = 26.0835 + (((i * 104729) % 10009) / 10009) * 0.013;
    if (index.locate(lng, lat)) out.push({ lng, lat });
  }
  return out;
}

async function measure(t: Awaited<ReturnType<typeof targets>>[number]): Promise<Result> {
  const database = await t.open();
  const keyring = ephemeralKeyring();
  try {
    await loadDemo({ db: database.db, keyring, password: PASSWORD, householdsPerGrid: [0, 0], casesPerDay: 0 });
    const app = await createHttpServer({
      database,
      modules,
      logLevel: 'silent',
      auth: loadConfig({}).auth,
      keyring,
      background: false,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gridworker', password: PASSWORD },
    });
    const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')?.value ?? ''}`;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const user = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'gridworker')
      .executeTakeFirstOrThrow();
    const n = t.name === 'PostgreSQL' ? 5000 : 2000;
    // a throughput/latency curve: BENCH_CONCURRENCY=16 (or 8,16) for other points
    const concurrencies = (process.env.BENCH_CONCURRENCY ?? (t.name === 'PostgreSQL' ? '8,16,32' : '4,8,16'))
      .split(',')
      .map(Number);
    // every case carries a photo uploaded beforehand (its processing is not intake)
    const photo = await processPhoto(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer(),
    );
    const photoIds: string[] = [];
    // steady state: V8 compiles the hot paths over the first few thousand requests (a request's CPU falls
    // from 1.5 to 0.55 ms), and a street's database has cases and statistics
    const warm = Number(process.env.BENCH_WARM ?? (t.name === 'PostgreSQL' ? 2000 : 1000));
    const total = warm + n * concurrencies.length;
    for (let i = 0; i < total; i++)
      photoIds.push(await storePhoto(database.db, { streetId: '350102001', uploader: `user:${user.id}`, photo }));
    const points = await pointsIn(database, total);
    const categories = ['env.sanitation', 'env.corridor', 'fac.streetlight', 'neighbour.noise', 'estate.service'];
    const submit = async (i: number) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: {
          category: categories[i % categories.length],
          description: `巡查发现问题 ${i}`,
          photos: [photoIds[i]],
          clientRequestId: `bench-${i.toString().padStart(8, '0')}`,
          ...points[i],
        },
      });
      if (res.statusCode !== 201) throw new Error(`intake ${i}: ${res.statusCode} ${res.body}`);
    };
    await drive(warm, concurrencies[0] ?? 8, submit);
    await sql`ANALYZE`.execute(database.db);
    // the reference: one plain row per INSERT statement into a table of the same width, same concurrency
    await sql`CREATE TABLE bench_ref (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, street_id text, category text,
      description text, lng double precision, lat double precision, created_at timestamptz DEFAULT now())`.execute(
      database.db,
    );
    const levels: Result['levels'] = [];
    for (const [k, concurrency] of concurrencies.entries()) {
      const base = warm + k * n;
      const stopProfile = await profileIf(process.env.BENCH_PROFILE && `${process.env.BENCH_PROFILE}.${concurrency}`);
      const intake = await drive(n, concurrency, (i) => submit(base + i));
      await stopProfile();
      const insert = await drive(n, concurrency, async (i) => {
        await sql`INSERT INTO bench_ref (street_id, category, description, lng, lat)
          VALUES ('350102001', ${categories[i % categories.length]}, ${`巡查发现问题 ${i}`}, ${points[i]?.lng}, ${points[i]?.lat})`.execute(
          database.db,
        );
      });
      levels.push({ concurrency, intake, insert });
    }
    await app.close();
    return { target: t.name, version: database.version, n, levels };
  } finally {
    await database.close();
  }
}

/** Case intake through the HTTP API vs raw single-row INSERTs into the same database. */
export async function run(): Promise<void> {
  const results: Result[] = [];
  for (const t of await targets()) {
    process.stderr.write(`case-intake: ${t.name}\n`);
    results.push(await measure(t));
  }
  const rows = results.flatMap((r) =>
    r.levels.map(
      (l) =>
        `| ${r.target} (${r.version}) | ${fmt(r.n)} × ${l.concurrency} | ${fmt(l.intake.perSecond)} | ${fmt(l.intake.p50, 1)} | ${fmt(l.intake.p99, 1)} | ${fmt(l.insert.perSecond)} | ${fmt(l.insert.p99, 2)} | ${fmt((l.intake.perSecond / l.insert.perSecond) * 100, 1)} % |`,
    ),
  );
  writeSection(
    'case-intake',
    [
      '## Case intake (`bench/case-intake.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '`POST /api/cases` through the whole HTTP stack (session, CSRF, zod, routing the point to a grid,',
      'category lookup, idempotency key, attaching a pre-uploaded photo, timeline, audit row, notices to the',
      'dispatchers, and the response with its duplicate check), as a grid worker, `n` cases with `c` in flight',
      '(closed loop), one row per `c` on the same database, in that order; measured after a warm-up (2,000 cases',
      'on PostgreSQL, 1,000 on PGlite) and `ANALYZE`: the JIT has compiled the hot paths, and a street’s database',
      'has cases and statistics. Reference, measured right after each row at the same `c`: single-row `INSERT`',
      'statements into a plain table of the same width on the same database and connection pool. Targets:',
      'PostgreSQL ≥ 1,000 cases/s with p99 < 50 ms; PGlite ≥ 200 cases/s with p99 < 100 ms.',
      '',
      '| database | n × c | cases/s | p50 ms | p99 ms | raw INSERT/s | INSERT p99 ms | intake / INSERT |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}
