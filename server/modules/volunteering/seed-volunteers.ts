import { sql } from 'kysely';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE } from '../../core/demo.js';
import type { Db } from '../../core/db.js';
import { lookupHash, type Keyring } from '../../core/pii/index.js';
import { communityAccount } from './ledger.js';

const SKILLS = ['助老', '环境整治', '医疗急救', '心理疏导', '法律咨询', '文艺', '家电维修', '课业辅导'];
const WORK: [string, number][] = [
  ['敬老助老上门服务', 2],
  ['楼道环境整治', 2],
  ['四点半课堂辅导', 2],
  ['文明交通劝导', 2],
  ['反诈宣传进小区', 1.5],
  ['垃圾分类桶边督导', 1.5],
];

/**
 * The demo street's volunteer corps (seeds/002: volunteers in their thousands, a party group in each team): up to
 * `count` adult residents with phones become real-name volunteers with an account (they sign in with their phone
 * and the demo password), two teams per community, and a year of the community's activities — twice a month, a
 * dozen or so people each, checked in, out and confirmed — with the points they earned. Written set by set in SQL
 * (a thousand people, thousands of records), the ledger balanced as `linli points check` proves.
 */
export async function seedVolunteerCorps(
  db: Db,
  o: { streetId: string; keyring: Keyring; count: number; activities: number; now: number; organiserId: number },
) {
  const { streetId } = o;
  const password = await db
    .selectFrom('users')
    .select('password_hash')
    .where('phone_hash', '=', lookupHash(o.keyring, DEMO_RESIDENT_PHONE))
    .executeTakeFirst();
  if (!password) return { volunteers: 0, records: 0 };
  // adults (18–70) with a phone no account has, spread over the street (a fixed order, not the registry's)
  const picked = await sql<{
    id: number;
    name: string;
    phone_cipher: string;
    phone_hash: string;
    community: string;
    grid: string;
  }>`
    SELECT r.id, r.name, r.phone_cipher, r.phone_hash,
           substring(r.grid_path from '/(\\d{12})/') AS community, substring(r.grid_path from '/(\\d{15})/') AS grid
    FROM residents r
    WHERE r.street_id = ${streetId} AND r.status = 'active' AND r.phone_hash IS NOT NULL
      AND r.birth_date BETWEEN (now() - interval '70 years')::date AND (now() - interval '18 years')::date
    ORDER BY md5(r.id::text) LIMIT ${o.count + 50}`.execute(db);
  const taken = new Set(
    (
      await db
        .selectFrom('users')
        .select('phone_hash')
        .where('phone_hash', 'in', [...picked.rows.map((r) => r.phone_hash), ''])
        .execute()
    ).map((u) => u.phone_hash),
  );
  const chosen = picked.rows.filter((r) => r.community && r.grid && !taken.has(r.phone_hash)).slice(0, o.count);
  if (!chosen.length) return { volunteers: 0, records: 0 };
  const accounts = await db
    .insertInto('users')
    .values(
      chosen.map((r) => ({
        display_name: r.name,
        phone_cipher: r.phone_cipher,
        phone_hash: r.phone_hash,
        password_hash: password.password_hash,
        kind: 'resident' as const,
      })),
    )
    .returning(['id', 'phone_hash'])
    .execute();
  const userOf = new Map(accounts.map((u) => [u.phone_hash, u.id]));
  const people = {
    rows: chosen.map((r) => ({
      id: r.id,
      user_id: userOf.get(r.phone_hash) ?? 0,
      community: r.community,
      grid: r.grid,
    })),
  };
  const rows = people.rows.map((p, i) => ({
    street_id: streetId,
    user_id: p.user_id,
    resident_id: p.id,
    community_code: p.community,
    volunteer_no: `tmp-${p.user_id}`,
    skills: [SKILLS[i % SKILLS.length] ?? '助老', SKILLS[(i * 7 + 3) % SKILLS.length] ?? '助老'],
    registered_at: new Date(o.now - ((i * 7919) % 1000) * 86_400_000),
  }));
  for (let k = 0; k < rows.length; k += 500)
    await db
      .insertInto('volunteers')
      .values(rows.slice(k, k + 500))
      .execute();
  await sql`UPDATE volunteers SET volunteer_no = 'ZY' || street_id || lpad(id::text, 6, '0')
    WHERE street_id = ${streetId} AND volunteer_no LIKE 'tmp-%'`.execute(db);

  const byCommunity = new Map<string, { id: number; user_id: number }[]>();
  const made = await db
    .selectFrom('volunteers')
    .select(['id', 'user_id', 'community_code'])
    .where('street_id', '=', streetId)
    .where('resident_id', 'is not', null)
    .orderBy('id')
    .execute();
  for (const v of made) byCommunity.set(v.community_code, [...(byCommunity.get(v.community_code) ?? []), v]);

  let records = 0;
  for (const [community, vs] of byCommunity) {
    const name = (
      await db.selectFrom('regions').select('name').where('code', '=', community).executeTakeFirstOrThrow()
    ).name.replace(/社区$/, '');
    const teams: number[] = [];
    for (const [t, kind] of [
      [0, '红马甲志愿服务队'],
      [1, '银龄互助队'],
    ] as const) {
      const members = vs.filter((_, i) => i % 2 === t);
      if (!members.length || (community === DEMO_COMMUNITY && t === 0)) continue; // 庆城 has its 红马甲 already
      const team = await db
        .insertInto('volunteer_teams')
        .values({
          street_id: streetId,
          community_code: community,
          name: `${name}社区${kind}`,
          leader_id: members[0]?.id ?? null,
          party_group: `${name}${kind.slice(0, 2)}党小组`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      teams.push(team.id);
      await db
        .insertInto('team_members')
        .values(members.map((m) => ({ street_id: streetId, team_id: team.id, volunteer_id: m.id })))
        .execute();
    }
    // a year of activities, twice a month, each with a rotating dozen or so of the community's volunteers
    for (let k = 0; k < o.activities; k++) {
      const [title, hours] = WORK[k % WORK.length] ?? ['志愿服务', 2];
      const day = new Date(o.now - (k * 15 + 3) * 86_400_000);
      const starts = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 1, 30));
      const a = await db
        .insertInto('activities')
        .values({
          street_id: streetId,
          community_code: community,
          team_id: teams[k % Math.max(1, teams.length)] ?? null,
          organiser_id: o.organiserId,
          title,
          address: `${name}社区党群服务中心`,
          starts_at: starts,
          ends_at: new Date(starts.getTime() + hours * 3_600_000),
          capacity: 30,
          checkin_secret: `demo-${community}-${k}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const size = Math.min(vs.length, 10 + (k % 6));
      const who = Array.from({ length: size }, (_, i) => vs[(k * 13 + i) % vs.length]).filter(
        (v, i, all): v is { id: number; user_id: number } => Boolean(v) && all.indexOf(v) === i,
      );
      if (!who.length) continue;
      await db
        .insertInto('activity_signups')
        .values(
          who.map((v) => ({ street_id: streetId, activity_id: a.id, volunteer_id: v.id, state: 'signed' as const })),
        )
        .execute();
      await db
        .insertInto('service_records')
        .values(
          who.map((v, i) => {
            const worked = Math.max(0.5, hours - (i % 3) * 0.25);
            return {
              street_id: streetId,
              activity_id: a.id,
              volunteer_id: v.id,
              checkin_at: starts,
              checkin_distance_m: 30 + (i % 50),
              checkout_at: new Date(starts.getTime() + worked * 3_600_000),
              checkout_distance_m: 40 + (i % 60),
              hours: worked.toFixed(2),
              confirmed_at: new Date(starts.getTime() + 30 * 3_600_000),
              confirmed_by: o.organiserId,
            };
          }),
        )
        .execute();
      records += who.length;
    }
    await earnAll(db, streetId, community);
  }
  return { volunteers: people.rows.length, records };
}

/**
 * The points of every confirmed record of a community not yet earned: one `earn` transaction per record (issuing →
 * holder, round(hours × 10)), written as sets, and the balances moved by the same sums.
 */
async function earnAll(db: Db, streetId: string, community: string) {
  const issuing = await communityAccount(db, streetId, community, 'issuing');
  await sql`
    INSERT INTO points_accounts (street_id, community_code, kind, user_id, unit)
    SELECT DISTINCT v.street_id, ${community}, 'holder', v.user_id, 'points'
    FROM service_records r JOIN volunteers v ON v.street_id = r.street_id AND v.id = r.volunteer_id
    JOIN activities a ON a.street_id = r.street_id AND a.id = r.activity_id
    WHERE r.street_id = ${streetId} AND a.community_code = ${community} AND r.points_transaction_id IS NULL
    ON CONFLICT (street_id, user_id, unit) WHERE kind = 'holder' DO NOTHING`.execute(db);
  await sql`
    INSERT INTO points_transactions (street_id, kind, source_kind, source_id, note, created_at)
    SELECT r.street_id, 'earn', 'service_hours', r.id::text, a.title || ' ' || (r.hours::float8)::text || ' 小时', r.confirmed_at
    FROM service_records r JOIN activities a ON a.street_id = r.street_id AND a.id = r.activity_id
    WHERE r.street_id = ${streetId} AND a.community_code = ${community} AND r.points_transaction_id IS NULL
      AND r.confirmed_at IS NOT NULL AND round(r.hours * 10) > 0`.execute(db);
  await sql`
    UPDATE service_records r SET points_transaction_id = t.id
    FROM points_transactions t, activities a
    WHERE t.street_id = r.street_id AND t.kind = 'earn' AND t.source_kind = 'service_hours' AND t.source_id = r.id::text
      AND a.street_id = r.street_id AND a.id = r.activity_id AND a.community_code = ${community}
      AND r.street_id = ${streetId} AND r.points_transaction_id IS NULL`.execute(db);
  await sql`
    INSERT INTO points_entries (street_id, transaction_id, account_id, amount)
    SELECT r.street_id, r.points_transaction_id, x.account_id, x.amount
    FROM service_records r
    JOIN activities a ON a.street_id = r.street_id AND a.id = r.activity_id
    JOIN volunteers v ON v.street_id = r.street_id AND v.id = r.volunteer_id
    JOIN points_accounts h ON h.street_id = r.street_id AND h.kind = 'holder' AND h.unit = 'points' AND h.user_id = v.user_id
    CROSS JOIN LATERAL (VALUES (${issuing}::bigint, -round(r.hours * 10)::bigint), (h.id, round(r.hours * 10)::bigint))
      AS x(account_id, amount)
    WHERE r.street_id = ${streetId} AND a.community_code = ${community} AND r.points_transaction_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM points_entries e WHERE e.street_id = r.street_id
                      AND e.transaction_id = r.points_transaction_id)`.execute(db);
  await sql`
    UPDATE points_accounts p SET balance = s.total
    FROM (SELECT street_id, account_id, sum(amount) AS total FROM points_entries WHERE street_id = ${streetId}
          GROUP BY street_id, account_id) s
    WHERE p.street_id = s.street_id AND p.id = s.account_id AND p.street_id = ${streetId}`.execute(db);
}
