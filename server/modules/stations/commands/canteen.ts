import { z } from 'zod';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid } from '../../../core/errors.js';
import { maskName } from '../../../core/pii/index.js';
import { localDate } from '../../cases/index.js';
import { stationOf, street } from './stations.js';

const money = z.number().min(0).max(100).multipleOf(0.01);

/**
 * 助餐登记: a meal served at an elderly canteen — to a care subject of the visits module (their name taken from the
 * registry) or to anyone by name — with what they paid and the subsidy. The same diner's same meal of a day once.
 */
export const serveMeal = command({
  action: 'stations.serve',
  input: z.object({
    street,
    stationId: z.number().int().positive(),
    meal: z.enum(['lunch', 'dinner']),
    diner: z.string().trim().min(1).max(30).nullable().default(null),
    careSubjectId: z.number().int().positive().nullable().default(null),
    price: money,
    subsidy: money.default(0),
  }),
  conflicts: {
    canteen_meals_street_id_station_id_served_on_meal_diner_key: {
      zh: '这位老人这一餐已登记',
      en: 'Already served this meal',
    },
  },
  async run({ trx, actor: who, input: m, audit }) {
    const actor = requireActor(who);
    const s = await stationOf(trx, m.street, m.stationId);
    authorize(actor, 'stations.serve', s.target);
    if (s.kind !== 'canteen') throw invalid('stationId', '只有长者食堂登记助餐', 'Only a canteen serves meals');
    let diner = m.diner;
    if (m.careSubjectId !== null) {
      const c = await trx
        .selectFrom('care_subjects as c')
        .innerJoin('residents as r', (j) =>
          j.onRef('r.street_id', '=', 'c.street_id').onRef('r.id', '=', 'c.resident_id'),
        )
        .select(['r.name'])
        .where('c.street_id', '=', m.street)
        .where('c.id', '=', m.careSubjectId)
        .where('c.active', '=', true)
        .executeTakeFirst();
      if (!c) throw invalid('careSubjectId', '请选择在册的关爱对象', 'Pick a care subject');
      diner = c.name;
    }
    if (!diner) throw invalid('diner', '请填写就餐老人姓名或选择关爱对象', 'Who ate?');
    if (m.price + m.subsidy > 100) throw invalid('subsidy', '餐费与补贴合计不能超过 100 元', 'At most 100 yuan a meal');
    // said in words here; the unique constraint still settles a race
    const served = await trx
      .selectFrom('canteen_meals')
      .select('id')
      .where('street_id', '=', m.street)
      .where('station_id', '=', s.id)
      .where('served_on', '=', localDate(new Date()))
      .where('meal', '=', m.meal)
      .where('diner', '=', diner)
      .executeTakeFirst();
    if (served) throw new AppError('conflict', { zh: '这位老人这一餐已登记', en: 'Already served this meal' });
    const row = await trx
      .insertInto('canteen_meals')
      .values({
        street_id: m.street,
        station_id: s.id,
        served_on: localDate(new Date()),
        meal: m.meal,
        diner,
        care_subject_id: m.careSubjectId,
        price: m.price,
        subsidy: m.subsidy,
        served_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: m.street,
      objectType: 'canteen_meal',
      objectId: row.id,
      detail: { station: s.id, care: m.careSubjectId !== null },
    });
    return { id: row.id };
  },
});

/** A canteen's meals of a day (names masked) and its month so far: meals, those of care subjects, subsidies paid. */
export async function canteenOf(
  db: Executor,
  streetId: string,
  station: { id: number; region_path: string },
  day: string,
) {
  const stationId = station.id;
  const month = `${day.slice(0, 7)}-01`;
  const [today, sums, diners] = await Promise.all([
    db
      .selectFrom('canteen_meals')
      .select(['id', 'meal', 'diner', 'care_subject_id', 'price', 'subsidy'])
      .where('street_id', '=', streetId)
      .where('station_id', '=', stationId)
      .where('served_on', '=', day)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('canteen_meals')
      .select((eb) => [
        eb.fn.countAll<string>().as('meals'),
        eb.fn.count<string>('care_subject_id').as('care'),
        eb.fn.coalesce(eb.fn.sum<string>('subsidy'), eb.val('0')).as('subsidy'),
      ])
      .where('street_id', '=', streetId)
      .where('station_id', '=', stationId)
      .where('served_on', '>=', month)
      .where('served_on', '<=', day)
      .executeTakeFirst(),
    db
      .selectFrom('care_subjects as c')
      .innerJoin('residents as r', (j) =>
        j.onRef('r.street_id', '=', 'c.street_id').onRef('r.id', '=', 'c.resident_id'),
      )
      .select(['c.id', 'r.name'])
      .where('c.street_id', '=', streetId)
      .where('c.active', '=', true)
      .where('c.grid_path', 'like', `${station.region_path}%`)
      .orderBy('r.name')
      .limit(300)
      .execute(),
  ]);
  return {
    day,
    meals: today.map((t) => ({
      id: t.id,
      meal: t.meal,
      diner: maskName(t.diner),
      care: t.care_subject_id !== null,
      price: t.price,
      subsidy: t.subsidy,
    })),
    month: {
      meals: Number(sums?.meals ?? 0),
      careMeals: Number(sums?.care ?? 0),
      subsidy: String(sums?.subsidy ?? '0'),
    },
    /** Care subjects the canteen serves (its region's), to pick from by name. */
    careSubjects: diners.map((d) => ({ id: d.id, name: maskName(d.name) })),
  };
}
