import { sql } from 'kysely';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../server/core/demo.js';
import { checkLedger, holderAccount } from '../server/modules/volunteering/ledger.js';
import { entriesOf } from '../server/modules/volunteering/queries.js';
import { benchApp, drive, fmt, machine, percentile, targets, time, writeSection } from './lib.js';

const PASSWORD = 'Bench@2026';
const REDEMPTIONS = 200;
const PRICE = 30;
const STOCK = 120;
const BALANCE = 1_000;
const ENTRIES = Number(process.env.BENCH_POINTS_ENTRIES ?? 1_000_000);
const RUNS = 300;
const PEOPLE = ['volunteer', 'partymember', 'gridworker', 'community', '13800000001'];

/**
 * 微积分 on PostgreSQL. (1) 200 redemptions at once through the HTTP stack, against five accounts of 1,000 points
 * and a good of 30 points with 120 in stock — exactly 120 may succeed — beside a reference of 200 plain single-row
 * UPDATEs of the same five account rows at the same concurrency. (2) The balance and newest entries of an account
 * with a million entries, beside a reference single-row read.
 */
export async function run(): Promise<void> {
  const t = (await targets()).find((x) => x.name === 'PostgreSQL');
  if (!t) throw new Error('the points benchmark needs PostgreSQL (BENCH_DATABASE_URL)');
  const database = await t.open();
  const db = database.db;
  const keyring = ephemeralKeyring();
  try {
    process.stderr.write('points: demo street\n');
    await loadDemo({ db, keyring, password: PASSWORD, householdsPerGrid: [2, 2], casesPerDay: 0 });
    const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'in', PEOPLE).execute();
    const resident = await db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'resident')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const ids = [...users.map((u) => u.id), resident.id];
    const accounts: number[] = [];
    for (const id of ids) accounts.push((await holderAccount(db, DEMO_STREET, DEMO_COMMUNITY, id)).id);
    // each account holds exactly BALANCE points: reset through the ledger's own tables, kept consistent
    await sql`DELETE FROM redemptions`.execute(db);
    await sql`UPDATE service_records SET points_transaction_id = NULL`.execute(db);
    await sql`DELETE FROM points_entries`.execute(db);
    await sql`DELETE FROM points_transactions`.execute(db);
    await sql`UPDATE points_accounts SET balance = 0`.execute(db);
    const issuing = (
      await sql<{ id: number }>`SELECT id FROM points_accounts WHERE street_id = ${DEMO_STREET}
        AND community_code = ${DEMO_COMMUNITY} AND kind = 'issuing'`.execute(db)
    ).rows[0]?.id;
    for (const a of accounts) {
      const tx = await sql<{ id: number }>`INSERT INTO points_transactions (street_id, kind, note)
        VALUES (${DEMO_STREET}, 'award', 'bench') RETURNING id`.execute(db);
      const tid = tx.rows[0]?.id;
      await sql`INSERT INTO points_entries (street_id, transaction_id, account_id, amount)
        VALUES (${DEMO_STREET}, ${tid}, ${issuing}, ${-BALANCE}), (${DEMO_STREET}, ${tid}, ${a}, ${BALANCE})`.execute(
        db,
      );
    }
    await sql`UPDATE points_accounts a SET balance = coalesce((SELECT sum(amount) FROM points_entries e
      WHERE e.street_id = a.street_id AND e.account_id = a.id), 0)`.execute(db);
    const good = (
      await sql<{ id: number }>`INSERT INTO store_goods (street_id, community_code, name, price, stock)
        VALUES (${DEMO_STREET}, ${DEMO_COMMUNITY}, '压测商品', ${PRICE}, ${STOCK}) RETURNING id`.execute(db)
    ).rows[0]?.id;

    const { app, sessions } = await benchApp(database, keyring, PEOPLE, PASSWORD);
    const csrf: Record<string, string> = {};
    for (const who of PEOPLE) {
      const me = await app.inject({ url: '/api/auth/me', headers: { cookie: sessions[who] ?? '' } });
      csrf[who] = me.json<{ csrfToken: string }>().csrfToken;
    }
    const statuses: Record<number, number> = {};
    const redeem = await drive(REDEMPTIONS, REDEMPTIONS, async (i) => {
      const who = PEOPLE[i % PEOPLE.length] as string;
      const res = await app.inject({
        method: 'POST',
        url: '/api/store/redeem',
        headers: { cookie: sessions[who] ?? '', 'x-csrf-token': csrf[who] ?? '' },
        payload: { street: DEMO_STREET, goodsId: good, quantity: 1, idempotencyKey: `bench${i}xxxxxxxx` },
      });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    });
    const reference = await drive(REDEMPTIONS, REDEMPTIONS, async (i) => {
      await sql`UPDATE points_accounts SET balance = balance WHERE street_id = ${DEMO_STREET}
        AND id = ${accounts[i % accounts.length]}`.execute(db);
    });
    const stock = (await sql<{ stock: number }>`SELECT stock FROM store_goods WHERE id = ${good}`.execute(db)).rows[0]
      ?.stock;
    const lowest = (
      await sql<{ b: string }>`SELECT min(balance) AS b FROM points_accounts WHERE kind = 'holder'`.execute(db)
    ).rows[0]?.b;
    const check = await checkLedger(db);
    const holders = PEOPLE.length;
    const covered = Math.min(STOCK, holders * Math.floor(BALANCE / PRICE));
    await app.close();

    // (2) one account with a million entries
    process.stderr.write(`points: ${fmt(ENTRIES)} entries\n`);
    const big = accounts[0] as number;
    const made = await time(async () => {
      await sql`INSERT INTO points_transactions (street_id, kind, note)
        SELECT ${DEMO_STREET}, 'award', 'bench ' || i FROM generate_series(1, ${ENTRIES}) i`.execute(db);
      await sql`INSERT INTO points_entries (street_id, transaction_id, account_id, amount)
        SELECT t.street_id, t.id, x.account, x.amount FROM points_transactions t
        CROSS JOIN LATERAL (VALUES (${issuing}::bigint, -1), (${big}::bigint, 1)) AS x(account, amount)
        WHERE t.street_id = ${DEMO_STREET} AND t.note LIKE 'bench %'`.execute(db);
      await sql`UPDATE points_accounts a SET balance = (SELECT coalesce(sum(amount), 0) FROM points_entries e
        WHERE e.street_id = a.street_id AND e.account_id = a.id) WHERE a.street_id = ${DEMO_STREET}
        AND a.id IN (${issuing}, ${big})`.execute(db);
      await sql`ANALYZE`.execute(db);
    });
    const read = async () => {
      const a = await sql<{ balance: string }>`SELECT balance FROM points_accounts WHERE street_id = ${DEMO_STREET}
        AND id = ${big}`.execute(db);
      return { balance: a.rows[0]?.balance, entries: await entriesOf(db, DEMO_STREET, big) };
    };
    const plain = () =>
      sql`SELECT balance FROM points_accounts WHERE street_id = ${DEMO_STREET} AND id = ${big}`.execute(db);
    for (let i = 0; i < 20; i++) {
      await read();
      await plain();
    }
    const history: number[] = [];
    const single: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      history.push((await time(read)).ms);
      single.push((await time(plain)).ms);
    }
    history.sort((a, b) => a - b);
    single.sort((a, b) => a - b);
    const p = (xs: number[], q: number) => fmt(percentile(xs, q), 1);
    const bigCheck = await checkLedger(db);
    writeSection(
      'points',
      [
        '## 微积分: racing redemptions and a long ledger (`bench/points.ts`)',
        '',
        `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}. ${database.version}; the pool's connections are`,
        'what runs at once (the rest queue in the pool).',
        '',
        `**${REDEMPTIONS} redemptions at once** through the HTTP stack (\`POST /api/store/redeem\`, each its own idempotency key),`,
        `spread over ${holders} accounts of ${fmt(BALANCE)} points, for a good of ${PRICE} points with ${STOCK} in stock: ${covered} can be covered.`,
        '',
        '| run | per second | p50 ms | p95 ms | p99 ms |',
        '|---|---|---|---|---|',
        `| redemptions | ${fmt(redeem.perSecond)} | ${fmt(redeem.p50, 1)} | ${fmt(redeem.p95, 1)} | ${fmt(redeem.p99, 1)} |`,
        `| *reference: plain single-row UPDATEs of the same accounts* | ${fmt(reference.perSecond)} | ${fmt(reference.p50, 1)} | ${fmt(reference.p95, 1)} | ${fmt(reference.p99, 1)} |`,
        '',
        `Answers: ${Object.entries(statuses)
          .map(([s, n]) => `${n} × ${s}`)
          .join(
            ', ',
          )} (expected ${covered} × 201). Stock left ${stock} (expected ${STOCK - covered}), lowest holder balance`,
        `${lowest}, ledger ${check.ok ? 'balanced' : 'NOT balanced'} (${fmt(check.transactions)} transactions).`,
        '',
        `**An account with ${fmt(ENTRIES)} entries** (${fmt(ENTRIES)} transactions, written in SQL in ${fmt(made.ms / 1000, 1)} s): its balance and`,
        `newest 50 entries with their transactions, ${RUNS} times, beside a single-row read of the balance.`,
        '',
        '| query | p50 ms | p95 ms (target < 20) | p99 ms |',
        '|---|---|---|---|',
        `| balance and history | ${p(history, 50)} | ${p(history, 95)} | ${p(history, 99)} |`,
        `| *reference: the balance alone* | ${p(single, 50)} | ${p(single, 95)} | ${p(single, 99)} |`,
        '',
        `Ledger after: ${bigCheck.ok ? 'balanced' : 'NOT balanced'}.`,
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}
