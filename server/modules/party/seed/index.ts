import { sql } from 'kysely';
import { DEMO_COMMUNITY } from '../../../core/demo.js';
import type { Db } from '../../../core/db.js';
import { prng } from '../../../core/prng.js';
import type { Seed } from '../../../core/seed.js';
import { seedAlliance } from './alliance.js';
import { seedResolutionCase } from './resolution-case.js';
import { seedUnitReports } from './unit-reports.js';
import { UNITS, seedReviews, seedUnits } from './units.js';

const POSTS = ['楼栋联络员', '环境监督岗', '政策宣讲岗', '矛盾调解岗', '文明劝导岗', '关爱帮扶岗'];
const EMPLOYERS = [
  '鼓楼区税务局',
  '福州市第一医院',
  '鼓东街道办事处',
  '国网福州供电公司',
  '福州一中',
  '鼓楼区市场监管局',
];
const SERVICES = ['楼道环境巡查', '政策宣传入户', '邻里纠纷调解', '关爱独居老人', '文明劝导值守', '垃圾分类督导'];

type Org = { id: number; path: string; code: string };

async function org(
  db: Db,
  streetId: string,
  o: {
    parent: number | null;
    level: string;
    kind: string;
    name: string;
    region: string;
    path: string;
    building?: number;
  },
): Promise<number> {
  const r = await db
    .insertInto('party_orgs')
    .values({
      street_id: streetId,
      parent_id: o.parent,
      level: o.level as 'branch',
      kind: o.kind as 'grid',
      name: o.name,
      region_code: o.region,
      region_path: o.path,
      estate_id: null,
      building_id: o.building ?? null,
      agency_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('party_org_events')
    .values({
      street_id: streetId,
      org_id: r.id,
      actor_id: null,
      kind: 'created',
      detail: JSON.stringify({ seed: true }),
    })
    .execute();
  return r.id;
}

/**
 * 庆城社区's party organisation (seeds/000): the street's working committee with part-time members
 * from co-building units, the community committee, a branch per grid, groups for the first
 * buildings of each grid; about 5 % of the adult residents as members (retired, in-service,
 * floating), the in-service ones registered through 双报到 with posts and a year of service (some
 * silent), and the demo account `partymember` as one of them.
 */
export const partySeed: Seed = {
  async load({ db, keyring, streetId }) {
    const random = prng(17_002);
    const street = await db
      .selectFrom('regions')
      .select(['code', 'name', 'path'])
      .where('code', '=', streetId)
      .executeTakeFirstOrThrow();
    const community = await db
      .selectFrom('regions')
      .select(['code', 'name', 'path'])
      .where('code', '=', DEMO_COMMUNITY)
      .executeTakeFirst();
    if (!community) return {};
    const top = await org(db, streetId, {
      parent: null,
      level: 'working_committee',
      kind: 'general',
      name: `${street.name}大工委`,
      region: street.code,
      path: street.path,
    });
    const agencies = await db
      .selectFrom('agencies')
      .select(['id', 'name'])
      .where('street_id', '=', streetId)
      .orderBy('id')
      .limit(4)
      .execute();
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    for (const [i, a] of agencies.entries())
      await db
        .insertInto('party_officers')
        .values({
          street_id: streetId,
          org_id: top,
          member_id: null,
          name: `${a.name.slice(0, 6)}党组织书记`.slice(0, 30),
          post: 'member',
          part_time: true,
          agency_id: a.id,
          term_start: `${year - 1}-0${(i % 9) + 1}-01`,
          term_end: null,
        })
        .execute();
    const committee = await org(db, streetId, {
      parent: top,
      level: 'committee',
      kind: 'general',
      name: `${community.name}党委`,
      region: community.code,
      path: community.path,
    });
    const grids = await db
      .selectFrom('regions')
      .select(['code', 'name', 'path'])
      .where('parent_code', '=', community.code)
      .where('level', '=', 'grid')
      .orderBy('code')
      .execute();
    const branches: Org[] = [];
    const groups: Org[] = [];
    for (const g of grids) {
      const branch = await org(db, streetId, {
        parent: committee,
        level: 'branch',
        kind: 'grid',
        name: `${g.name}党支部`,
        region: g.code,
        path: g.path,
      });
      branches.push({ id: branch, path: g.path, code: g.code });
      const buildings = await db
        .selectFrom('buildings')
        .select(['id', 'name'])
        .where('street_id', '=', streetId)
        .where('grid_code', '=', g.code)
        .orderBy('id')
        .limit(3)
        .execute();
      for (const b of buildings)
        groups.push({
          id: await org(db, streetId, {
            parent: branch,
            level: 'group',
            kind: 'building',
            name: `${b.name}党小组`.slice(0, 60),
            region: g.code,
            path: g.path,
            building: b.id,
          }),
          path: g.path,
          code: g.code,
        });
    }
    // members: about one adult in twenty, in their grid's branch (or its first building group)
    const adults = await sql<{ id: number; name: string; grid_path: string; age: number }>`
      SELECT id, name, grid_path, date_part('year', age(birth_date))::int AS age FROM residents
      WHERE street_id = ${streetId} AND status = 'active' AND grid_path LIKE ${`${community.path}%`}
        AND birth_date <= current_date - interval '20 years'
      ORDER BY id`.execute(db);
    const members: { id: number; category: string; path: string }[] = [];
    for (const r of adults.rows) {
      if (random() >= 0.05) continue;
      const branch = branches.find((b) => r.grid_path.startsWith(b.path));
      if (!branch) continue;
      const group = groups.find((g) => g.path === branch.path && random() < 0.5);
      const category = r.age >= 60 ? 'retired' : random() < 0.8 ? 'in_service' : 'floating';
      const joined = `${year - Math.min(r.age - 18, Math.floor(random() * 40) + 1)}-07-01`;
      const m = await db
        .insertInto('party_members')
        .values({
          street_id: streetId,
          org_id: group?.id ?? branch.id,
          resident_id: r.id,
          user_id: null,
          name: r.name,
          status: random() < 0.05 ? 'probationary' : 'full',
          joined_on: joined,
          relation: category === 'in_service' ? 'in_service' : category === 'floating' ? 'floating' : 'local',
          category: category as 'retired',
          household_marked: random() < 0.6,
          region_path: r.grid_path,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      members.push({ id: m.id, category, path: r.grid_path });
    }
    // officers: the committee's from the first members, a secretary per branch, a leader per group
    const [first, second, third] = members;
    for (const [m, post] of [
      [first, 'secretary'],
      [second, 'deputy_secretary'],
      [third, 'organization'],
    ] as const)
      if (m) await officer(db, streetId, committee, m.id, post, year);
    for (const b of branches) {
      const m = members.find((x) => x.path === b.path && x !== first && x !== second && x !== third);
      if (m) await officer(db, streetId, b.id, m.id, 'secretary', year);
    }
    for (const g of groups) {
      const m = members.find((x) => x.path === g.path && x.category === 'retired');
      if (m) await officer(db, streetId, g.id, m.id, 'group_leader', year);
    }
    // the community's posts, and 双报到 of the in-service members
    const posts: number[] = [];
    for (const name of POSTS)
      posts.push(
        (
          await db
            .insertInto('party_posts')
            .values({ street_id: streetId, community_code: community.code, name })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    const account = await db.selectFrom('users').select('id').where('username', '=', 'partymember').executeTakeFirst();
    // the demo member joins the branch with the most members (its democratic review has people to rate)
    const size = (b: Org) => members.filter((m) => m.path.startsWith(b.path)).length;
    const firstBranch = [...branches].sort((a, b) => size(b) - size(a))[0];
    const demoMember =
      account && firstBranch
        ? (
            await db
              .insertInto('party_members')
              .values({
                street_id: streetId,
                org_id: firstBranch.id,
                resident_id: null,
                user_id: account.id,
                name: '在职党员',
                status: 'full',
                joined_on: `${year - 12}-07-01`,
                relation: 'in_service',
                category: 'in_service',
                region_path: firstBranch.path,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : null;
    const inService = members.filter((m) => m.category === 'in_service').map((m) => m.id);
    if (demoMember) inService.unshift(demoMember);
    let registrations = 0;
    let services = 0;
    const today = new Date(Date.now() + 8 * 3_600_000);
    const daysSoFar = Math.max(1, Math.floor((today.getTime() - Date.UTC(year, 0, 1)) / 86_400_000));
    for (const [k, memberId] of inService.entries()) {
      const waiting = k % 7 === 3;
      const r = await db
        .insertInto('dual_registrations')
        .values({
          street_id: streetId,
          member_id: memberId,
          community_code: community.code,
          employer: EMPLOYERS[k % EMPLOYERS.length] as string,
          status: waiting ? 'requested' : 'approved',
          post_id: waiting ? null : (posts[k % posts.length] ?? null),
          requested_at: new Date(Date.UTC(year, 0, 5 + (k % 60))),
          decided_at: waiting ? null : new Date(Date.UTC(year, 0, 8 + (k % 60))),
          decided_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      registrations += r.id ? 1 : 0;
      if (waiting) continue;
      // most serve through the year; every fifth is silent (no service yet), the demo account serves
      const count = memberId === demoMember ? 3 : k % 5 === 4 ? 0 : 3 + Math.floor(random() * 7);
      for (let s = 0; s < count; s++) {
        const day = new Date(Date.UTC(year, 0, 1) + Math.floor(random() * daysSoFar) * 86_400_000);
        await db
          .insertInto('party_services')
          .values({
            street_id: streetId,
            member_id: memberId,
            served_on: day.toISOString().slice(0, 10),
            hours: 1 + Math.floor(random() * 6) / 2,
            what: SERVICES[(k + s) % SERVICES.length] as string,
            recorded_by: null,
          })
          .execute();
        services++;
      }
    }
    const units = await seedUnits(db, keyring, streetId, random);
    const alliance = await seedAlliance(db, streetId, community.code);
    const reviews = await seedReviews(db, streetId, community.code, random);
    const carried = await seedResolutionCase(db, keyring, streetId);
    const unitReports = await seedUnitReports(
      db,
      streetId,
      community.code,
      UNITS.map(([n]) => n),
      random,
    );
    return {
      ...unitReports,
      'co-building units': units,
      ...alliance,
      'unit reviews': reviews,
      'resolutions carried by a case': carried,
      'party organisations': 2 + branches.length + groups.length,
      'party members': members.length + (demoMember ? 1 : 0),
      双报到: registrations,
      'party services': services,
    };
  },
};

async function officer(db: Db, streetId: string, orgId: number, memberId: number, post: string, year: number) {
  const m = await db
    .selectFrom('party_members')
    .select('name')
    .where('street_id', '=', streetId)
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('party_officers')
    .values({
      street_id: streetId,
      org_id: orgId,
      member_id: memberId,
      name: m.name,
      post: post as 'secretary',
      part_time: false,
      agency_id: null,
      term_start: `${year - 2}-01-01`,
      term_end: `${year + 3}-01-01`,
    })
    .execute();
}
