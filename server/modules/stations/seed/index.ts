import { sql } from 'kysely';
import type { HoursSpec, StationKind } from '../../../../contracts/stations.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE } from '../../../core/demo.js';
import type { Trx } from '../../../core/db.js';
import { lookupHash } from '../../../core/pii/index.js';
import { prng } from '../../../core/prng.js';
import type { Seed } from '../../../core/seed.js';
import { CATALOGUE } from './catalogue.js';
import { seedUse } from './use.js';

const day = (from: string, to: string): [string, string] => [from, to];
const WEEK = (work: [string, string][], sat: [string, string][] = [], sun: [string, string][] = []) => [
  sun,
  work,
  work,
  work,
  work,
  work,
  sat,
];
/** Hours of the demo's stations: office hours with a lunch break, staggered (错时) with 星期六社区, 无假日, 24 hours. */
export const HOURS: Record<string, HoursSpec> = {
  office: { week: WEEK([day('08:30', '12:00'), day('14:30', '17:30')]), holidays: 'closed', closures: [] },
  staggered: {
    week: WEEK([day('09:00', '12:00'), day('14:30', '20:00')], [day('09:00', '17:00')]),
    holidays: 'closed',
    closures: [],
  },
  noHoliday: {
    week: WEEK(
      [day('08:30', '12:00'), day('14:00', '18:00')],
      [day('08:30', '12:00'), day('14:00', '18:00')],
      [day('08:30', '12:00'), day('14:00', '18:00')],
    ),
    holidays: 'open',
    closures: [],
  },
  redPost: {
    week: WEEK([day('07:00', '21:00')], [day('07:00', '21:00')], [day('07:00', '21:00')]),
    holidays: 'open',
    closures: [],
  },
  allDay: {
    week: WEEK([day('00:00', '24:00')], [day('00:00', '24:00')], [day('00:00', '24:00')]),
    holidays: 'open',
    closures: [],
  },
  canteen: {
    week: WEEK([day('11:00', '13:00'), day('17:00', '18:30')], [day('11:00', '13:00')], [day('11:00', '13:00')]),
    holidays: 'open',
    closures: [],
  },
  afterSchool: {
    week: WEEK([day('16:00', '18:30')]),
    holidays: 'closed',
    closures: [{ from: '2027-01-23', to: '2027-02-21', reason: '寒假' }],
  },
};

type Plan = {
  kind: StationKind;
  name: string;
  hours: keyof typeof HOURS;
  at: [number, number];
  region: string;
  address: string;
};

/**
 * The demo street's stations (every kind, placed at real-looking addresses inside its communities), their things to
 * lend with a year of loans, the catalogue of 8 categories and 35 items, and a year of appointments and 代办.
 */
export const stationsSeed: Seed = {
  async load({ db, streetId, keyring, size }) {
    return db.transaction().execute(async (trx) => {
      const communities = await sql<{ code: string; name: string; lng: number; lat: number }>`
        SELECT r.code, r.name, (b.min_lng + b.max_lng) / 2 AS lng, (b.min_lat + b.max_lat) / 2 AS lat
        FROM regions r JOIN region_boundaries b ON b.region_code = r.code
        WHERE r.street_id = ${streetId} AND r.level = 'community' ORDER BY r.code`.execute(trx);
      const home = await sql<{ lng: number; lat: number }>`
        SELECT b.lng, b.lat FROM residents r
        JOIN households hh ON hh.street_id = r.street_id AND hh.id = r.household_id
        JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
        JOIN buildings b ON b.street_id = h.street_id AND b.id = h.building_id
        WHERE r.street_id = ${streetId} AND r.phone_hash = ${lookupHash(keyring, DEMO_RESIDENT_PHONE)} LIMIT 1`.execute(
        trx,
      );
      const demo = communities.rows.find((c) => c.code === DEMO_COMMUNITY) ?? communities.rows[0];
      if (!demo) return {};
      const me = home.rows[0] ?? demo;
      const rnd = prng(23);
      const near = (p: { lng: number; lat: number }, m: number): [number, number] => [
        p.lng + ((rnd() - 0.5) * 2 * m) / 97_000,
        p.lat + ((rnd() - 0.5) * 2 * m) / 111_000,
      ];
      const plans: Plan[] = [
        {
          kind: 'centre',
          name: '鼓东街道党群服务中心',
          hours: 'noHoliday',
          at: near(demo, 300),
          region: streetId,
          address: '鼓屏路88号',
        },
        {
          kind: 'red_post',
          name: `${demo.name}红色驿站`,
          hours: 'redPost',
          at: near(me, 150),
          region: demo.code,
          address: '庆城路12号',
        },
        {
          kind: 'self_service',
          name: '鼓东24小时自助服务站',
          hours: 'allDay',
          at: near(me, 250),
          region: streetId,
          address: '东街128号',
        },
        {
          kind: 'canteen',
          name: `${demo.name}长者食堂`,
          hours: 'canteen',
          at: near(demo, 200),
          region: demo.code,
          address: '庆城路20号',
        },
        {
          kind: 'after_school',
          name: `${demo.name}四点钟学校`,
          hours: 'afterSchool',
          at: near(demo, 200),
          region: demo.code,
          address: '庆城路22号',
        },
        {
          kind: 'neighbour_hut',
          name: `${demo.name}睦邻小屋`,
          hours: 'staggered',
          at: near(me, 300),
          region: demo.code,
          address: '庆城路30号',
        },
        {
          kind: 'proxy_point',
          name: `${demo.name}便民代办点`,
          hours: 'office',
          at: near(demo, 150),
          region: demo.code,
          address: '庆城路18号',
        },
      ];
      communities.rows.forEach((c, i) => {
        plans.push({
          kind: 'home',
          name: `${c.name}党群之家`,
          hours: i % 2 ? 'office' : 'staggered',
          at: near(c, 100),
          region: c.code,
          address: `${c.name.replace('社区', '')}路${10 + i}号`,
        });
        if (i % 3 === 1 && c.code !== demo.code)
          plans.push({
            kind: 'red_post',
            name: `${c.name}红色驿站`,
            hours: 'redPost',
            at: near(c, 400),
            region: c.code,
            address: `${c.name.replace('社区', '')}路${40 + i}号`,
          });
      });
      const grids = await sql<{ code: string; name: string; lng: number; lat: number }>`
        SELECT r.code, r.name, (b.min_lng + b.max_lng) / 2 AS lng, (b.min_lat + b.max_lat) / 2 AS lat
        FROM regions r JOIN region_boundaries b ON b.region_code = r.code
        WHERE r.street_id = ${streetId} AND r.parent_code = ${demo.code} AND r.level = 'grid' ORDER BY r.code LIMIT 4`.execute(
        trx,
      );
      for (const g of grids.rows)
        plans.push({
          kind: 'grid_station',
          name: `${g.name}工作站`,
          hours: 'office',
          at: near(g, 80),
          region: g.code,
          address: `${g.name}`,
        });
      const ids = await placeStations(trx, streetId, plans);
      const cats = await seedCatalogue(trx, streetId);
      const account = await trx
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('phone_hash', '=', lookupHash(keyring, DEMO_RESIDENT_PHONE))
        .executeTakeFirst();
      const use = await seedUse(trx, streetId, ids, rnd, account, size.householdsPerGrid ? 30 : 365);
      return { stations: ids.length, serviceItems: cats, ...use };
    });
  },
};

async function placeStations(trx: Trx, streetId: string, plans: Plan[]) {
  const paths = new Map(
    (
      await trx
        .selectFrom('regions')
        .select(['code', 'path'])
        .where(
          'code',
          'in',
          plans.map((p) => p.region),
        )
        .execute()
    ).map((r) => [r.code, r.path]),
  );
  const out: { id: number; kind: StationKind; name: string }[] = [];
  for (const p of plans) {
    const row = await trx
      .insertInto('stations')
      .values({
        street_id: streetId,
        region_code: p.region,
        region_path: paths.get(p.region) ?? '',
        kind: p.kind,
        name: p.name,
        address: p.address,
        lng: p.at[0],
        lat: p.at[1],
        contact_name: p.kind === 'self_service' ? null : '值班社工',
        contact_phone: `0591-8755${String(1000 + out.length).slice(-4)}`,
        hours: JSON.stringify(HOURS[p.hours]),
        slot_minutes: 30,
        slot_capacity: p.kind === 'centre' ? 4 : 2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push({ id: row.id, kind: p.kind, name: p.name });
  }
  return out;
}

async function seedCatalogue(trx: Trx, streetId: string) {
  let n = 0;
  for (const [sort, c] of CATALOGUE.entries()) {
    const cat = await trx
      .insertInto('service_categories')
      .values({ street_id: streetId, name: c.category, sort })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('service_items')
      .values(
        c.items.map(([code, name, who, materials, channels, timeLimit, fee]) => ({
          street_id: streetId,
          category_id: cat.id,
          code,
          name,
          who,
          materials,
          channels,
          time_limit: timeLimit,
          fee: fee ?? '免费',
        })),
      )
      .execute();
    n += c.items.length;
  }
  return n;
}
