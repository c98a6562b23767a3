import { sql } from 'kysely';
import { roll } from './roll.js';
import { systemCaller } from '../../core/command.js';
import type { Trx } from '../../core/db.js';
import { actorOf, DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';
import { lookupHash } from '../../core/pii/index.js';
import type { Seed } from '../../core/seed.js';
import { seedBudgets } from './budget/seed.js';
import { closeVote } from './commands/close.js';
import { electorateOf, writeSnapshot, type Unit } from './electorate.js';

const DAY = 86_400_000;
const SCAN = Buffer.from('%PDF-1.4\n% 纸质表决票扫描件（演示）\n%%EOF\n');

type Voter = { voter: string; area: number; user: number | null };

async function openIn(
  trx: Trx,
  o: { estate: number; createdBy: number; title: string; opens: Date; closes: Date; units: Unit[] },
  items: { matter: number; title: string }[],
) {
  const v = await trx
    .insertInto('owner_votes')
    .values({
      street_id: DEMO_STREET,
      community_code: DEMO_COMMUNITY,
      estate_id: o.estate,
      title: o.title,
      opens_at: o.opens,
      closes_at: o.closes,
      snapshot_at: o.opens,
      created_by: o.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('owner_vote_items')
    .values(items.map((i, n) => ({ street_id: DEMO_STREET, vote_id: v.id, no: n + 1, ...i })))
    .execute();
  await writeSnapshot(trx, DEMO_STREET, v.id, o.units);
  return v.id;
}

/** Ballots as owners cast them: online where the owner has an account, else on paper, checked by a second person. */
async function cast(
  trx: Trx,
  voteId: number,
  staff: { secretary: number; worker: number },
  ballots: { voter: Voter; choices: ('agree' | 'oppose' | 'abstain')[]; at: Date }[],
) {
  const rows = [];
  for (const b of ballots) {
    let file: number | null = null;
    if (b.voter.user === null) {
      const f = await trx
        .insertInto('owner_vote_files')
        .values({
          street_id: DEMO_STREET,
          vote_id: voteId,
          name: '纸质表决票.pdf',
          mime: 'application/pdf',
          size: SCAN.length,
          data: SCAN,
          uploaded_by: staff.secretary,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      file = f.id;
    }
    for (const [n, choice] of b.choices.entries())
      rows.push({
        street_id: DEMO_STREET,
        vote_id: voteId,
        item_no: n + 1,
        voter: b.voter.voter,
        channel: file === null ? ('online' as const) : ('paper' as const),
        choice,
        state: 'counted' as const,
        cast_by: b.voter.user ?? staff.secretary,
        confirmed_by: file === null ? null : staff.worker,
        confirmed_at: file === null ? null : b.at,
        file_id: file,
        created_at: b.at,
      });
  }
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('owner_ballots')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/**
 * The estate's owners as a real estate has them: spouses who co-own their flat (one voter, the first named votes),
 * an owner-occupier who also lets two flats (one voter with all three), and four flats the developer never sold
 * (let by the developer; together one voter).
 */
async function shapeOwners(trx: Trx, streetId: string, estate: number, me: number) {
  const inEstate = sql`SELECT h.id FROM houses h JOIN buildings b ON b.street_id = h.street_id AND b.id = h.building_id
    WHERE h.street_id = ${streetId} AND b.estate_id = ${estate}`;
  await sql`INSERT INTO house_owners (street_id, house_id, resident_id, owner_name, since)
    SELECT o.street_id, o.house_id, sp.id, sp.name, o.since
    FROM house_owners o
    JOIN residents head ON head.street_id = o.street_id AND head.id = o.resident_id
    JOIN residents sp ON sp.street_id = head.street_id AND sp.household_id = head.household_id AND sp.relation = '配偶'
    WHERE o.street_id = ${streetId} AND o.until IS NULL AND o.house_id % 3 = 0 AND o.resident_id <> ${me}
      AND o.house_id IN (${inEstate})`.execute(trx);
  const let_ = await sql<{ id: string }>`SELECT o.house_id AS id FROM house_owners o
    WHERE o.street_id = ${streetId} AND o.until IS NULL AND o.resident_id IS NULL AND o.house_id IN (${inEstate})
    ORDER BY o.house_id`.execute(trx);
  const landlord = let_.rows.map((r) => r.id);
  const developer = landlord.slice(-4);
  if (developer.length)
    await sql`DELETE FROM house_owners WHERE street_id = ${streetId} AND house_id IN (${sql.join(developer)})`.execute(
      trx,
    );
  const investor = await sql<{ id: string; name: string }>`SELECT r.id, r.name FROM house_owners o
    JOIN residents r ON r.street_id = o.street_id AND r.id = o.resident_id
    WHERE o.street_id = ${streetId} AND o.until IS NULL AND o.resident_id <> ${me} AND o.house_id IN (${inEstate})
      AND o.house_id % 3 <> 0
    ORDER BY o.house_id LIMIT 1`.execute(trx);
  const who = investor.rows[0];
  const two = landlord.slice(0, 2);
  if (who && two.length)
    await sql`UPDATE house_owners SET resident_id = ${who.id}, owner_name = ${who.name}
      WHERE street_id = ${streetId} AND until IS NULL AND house_id IN (${sql.join(two)})`.execute(trx);
}

/**
 * 业主共同决定 in the demo resident's estate: last autumn's vote (the maintenance fund for the lifts passed; the
 * renovation of the south gate won three quarters of the area but not of the owners, so it failed), published with
 * its ballot files; the second vote (the property company, the covenant) ended yesterday and waits to be counted; a
 * third (a charging shed on common ground) is open now, and the demo resident has not voted in it yet.
 */
export const votesSeed: Seed = {
  async load({ db, keyring, streetId, size }) {
    if (streetId !== DEMO_STREET) return {};
    const home = await sql<{ resident: string; house: string; estate: string | null; name: string }>`
      SELECT r.id AS resident, h.id AS house, b.estate_id AS estate, r.name
      FROM residents r JOIN households hh ON hh.street_id = r.street_id AND hh.id = r.household_id
      JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
      JOIN buildings b ON b.street_id = h.street_id AND b.id = h.building_id
      WHERE r.street_id = ${streetId} AND r.phone_hash = ${lookupHash(keyring, DEMO_RESIDENT_PHONE)}
      LIMIT 1`.execute(db);
    const me = home.rows[0];
    const secretary = await actorOf(db, 'secretary', 'community_secretary');
    const worker = await actorOf(db, 'community', 'community_worker');
    if (!me?.estate || !secretary || !worker) return {};
    const estate = Number(me.estate);
    return db.transaction().execute(async (trx) => {
      // the demo resident owns the flat they live in (the vote finds them by their phone)
      await sql`UPDATE house_owners SET until = greatest(since, current_date - 400)
        WHERE street_id = ${streetId} AND house_id = ${me.house} AND until IS NULL
          AND resident_id IS DISTINCT FROM ${me.resident}::bigint`.execute(trx);
      await sql`INSERT INTO house_owners (street_id, house_id, resident_id, owner_name, since)
        SELECT ${streetId}, ${me.house}, ${me.resident}, ${me.name}, current_date - 399
        WHERE NOT EXISTS (SELECT 1 FROM house_owners WHERE street_id = ${streetId} AND house_id = ${me.house}
          AND resident_id = ${me.resident} AND until IS NULL)`.execute(trx);
      // the tests' small street keeps its few flats as the registry made them
      if (!size.householdsPerGrid) await shapeOwners(trx, streetId, estate, Number(me.resident));
      const { units } = await electorateOf(trx, streetId, estate);
      if (!units.length) return {};
      const ids = [...new Set(units.flatMap((u) => u.residentIds))];
      const accounts = await trx
        .selectFrom('residents as r')
        .innerJoin('users as u', 'u.phone_hash', 'r.phone_hash')
        .select(['r.id', 'u.id as user'])
        .where('r.street_id', '=', streetId)
        .where('r.id', 'in', ids.length ? ids : [0])
        .execute();
      const userOf = new Map(accounts.map((a) => [Number(a.id), Number(a.user)]));
      const byVoter = new Map<string, Voter>();
      for (const u of units) {
        const v = byVoter.get(u.voter) ?? { voter: u.voter, area: 0, user: null };
        v.area += Number(u.area);
        v.user ??= u.residentIds.map((r) => userOf.get(r)).find((x) => x !== undefined) ?? null;
        byVoter.set(u.voter, v);
      }
      const voters = [...byVoter.values()];
      const staff = { secretary: secretary.userId, worker: worker.userId };
      const now = Date.now();

      // last autumn: 85 % of the owners took part
      const past = await openIn(
        trx,
        {
          estate,
          createdBy: staff.secretary,
          title: '2026年第一次业主共同决定',
          opens: new Date(now - 75 * DAY),
          closes: new Date(now - 60 * DAY),
          units,
        },
        [
          { matter: 5, title: '使用专项维修资金更换1号楼、2号楼电梯' },
          { matter: 7, title: '改建小区南门及非机动车停车棚' },
        ],
      );
      // about 85 % of the owners took part — and never fewer than two thirds by heads and by area
      const total = voters.reduce((a, v) => a + v.area, 0);
      const byRoll = [...voters].sort((a, b) => roll(`${a.voter}:in`) - roll(`${b.voter}:in`));
      const taking: Voter[] = [];
      let taken = 0;
      for (const v of byRoll) {
        if (taking.length * 100 >= voters.length * 85 && taken * 3 >= total * 2) break;
        taking.push(v);
        taken += v.area;
      }
      // the fund: about seven in ten agree (by heads and so by area), the rest oppose or abstain
      const fund = new Map(
        [...taking]
          .sort((a, b) => roll(`${a.voter}:fund`) - roll(`${b.voter}:fund`))
          .map(
            (v, i) =>
              [
                v.voter,
                i * 100 < taking.length * 72 ? 'agree' : i * 100 < taking.length * 90 ? 'oppose' : 'abstain',
              ] as const,
          ),
      );
      // the renovation: the largest flats agree until three quarters of the area does — in the demo estate fewer
      // than three quarters of the owners, so it fails on heads (art. 278: both measures)
      const bySize = [...taking].sort((a, b) => b.area - a.area);
      const agreeing = new Set<string>();
      let area = 0;
      for (const v of bySize) {
        if (area * 4 >= taken * 3) break;
        agreeing.add(v.voter);
        area += v.area;
      }
      await cast(
        trx,
        past,
        staff,
        taking.map((v) => ({
          voter: v,
          choices: [fund.get(v.voter) ?? 'abstain', agreeing.has(v.voter) ? 'agree' : 'oppose'],
          at: new Date(now - 75 * DAY + roll(`${v.voter}:at`) * 0.14 * DAY),
        })),
      );
      await closeVote(trx, { ...systemCaller('linli demo'), actor: secretary }, { street: streetId, voteId: past });

      // the second vote ended yesterday and waits for the count (the community counts and publishes it)
      const ended = await openIn(
        trx,
        {
          estate,
          createdBy: staff.secretary,
          title: '2026年第二次业主共同决定',
          opens: new Date(now - 17 * DAY),
          closes: new Date(now - DAY),
          units,
        },
        [
          { matter: 4, title: '续聘现物业服务企业，服务期三年' },
          { matter: 2, title: '修改管理规约（增加电动自行车充电管理条款）' },
        ],
      );
      await cast(
        trx,
        ended,
        staff,
        taking.map((v) => ({
          voter: v,
          choices: [roll(`${v.voter}:pm`) < 64 ? 'agree' : 'oppose', roll(`${v.voter}:cov`) < 80 ? 'agree' : 'abstain'],
          at: new Date(now - 17 * DAY + roll(`${v.voter}:at`) * 0.15 * DAY),
        })),
      );
      // open now: 40 % have voted; the demo resident has not yet
      const open = await openIn(
        trx,
        {
          estate,
          createdBy: staff.secretary,
          title: '2026年第三次业主共同决定',
          opens: new Date(now - 3 * DAY),
          closes: new Date(now + 11 * DAY),
          units,
        },
        [
          { matter: 8, title: '利用小区东侧空地增设电动自行车充电棚（改变共有部分用途）' },
          { matter: 9, title: '小区公共收益用于补贴充电棚电费' },
        ],
      );
      const mine = `r${me.resident}`;
      await cast(
        trx,
        open,
        staff,
        voters
          .filter((v) => v.voter !== mine && roll(`${v.voter}:now`) < 40)
          .map((v) => ({
            voter: v,
            choices: [
              roll(`${v.voter}:shed`) < 81 ? 'agree' : 'oppose',
              roll(`${v.voter}:fee`) < 70 ? 'agree' : 'oppose',
            ],
            at: new Date(now - 3 * DAY + roll(`${v.voter}:at`) * 0.02 * DAY),
          })),
      );
      const account = await trx
        .selectFrom('users')
        .select('id')
        .where('phone_hash', '=', lookupHash(keyring, DEMO_RESIDENT_PHONE))
        .executeTakeFirst();
      const budgetBallots = await seedBudgets(trx, streetId, staff.secretary, account?.id ?? null);
      return { ownerVotes: 3, ownerBallots: taking.length * 2, budgetBallots };
    });
  },
};
