import { z } from 'zod';
import { calendarDay, categoryInput, type CategoryItem } from '../../../../contracts/cases.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { writeSettings } from '../../../core/settings.js';
import { caseSettingsSchema } from '../defaults.js';
import { categoryOut } from '../settings-queries.js';
import { invalidateStreetConfig } from '../street-config.js';

const streetId = z.string().regex(/^\d{9}$/);

/** The street as a whole, for rules asked about it (its path). */
export async function streetTarget(db: Executor, street: string) {
  const place = await placeOf(db, street);
  return { regionPath: place.regionPath, streetId: street };
}

/** Adds (id null) or changes a category of the street's tree, with its limits and handling rule. */
export const saveCategory = command({
  action: 'cases.configure',
  input: z.object({ streetId, id: z.number().int().positive().nullable(), category: categoryInput }),
  conflicts: {
    case_categories_street_id_code_key: { zh: '该编码已被使用', en: 'This code is taken' },
  },
  async run({ trx, actor, input, audit }): Promise<CategoryItem> {
    const about = { type: 'case_category', streetId: input.streetId };
    authorize(actor, 'cases.configure', await streetTarget(trx, input.streetId), { about });
    const c = input.category;
    const values = {
      code: c.code,
      parent_id: c.parentId,
      name: c.name,
      tier: c.tier,
      sign_limit: c.signLimit,
      sign_unit: c.signUnit,
      handle_limit: c.handleLimit,
      handle_unit: c.handleUnit,
      handler_kind: c.handlerKind,
      default_agency_id: c.defaultAgencyId,
      active: c.active,
    };
    const row =
      input.id === null
        ? await trx
            .insertInto('case_categories')
            .values({ street_id: input.streetId, ...values })
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .updateTable('case_categories')
            .set(values)
            .where('street_id', '=', input.streetId)
            .where('id', '=', input.id)
            .returningAll()
            .executeTakeFirst();
    if (!row) throw notFound({ zh: '问题类型', en: 'Category' });
    await audit({ objectType: 'case_category', objectId: row.id, streetId: input.streetId, detail: values });
    invalidateStreetConfig(input.streetId);
    return categoryOut(row);
  },
});

/** Replaces a year's holidays and make-up working days (the operator does it each year). */
export const replaceCalendar = command({
  action: 'cases.configure',
  input: z.object({ streetId, year: z.number().int().min(2000).max(2100), days: z.array(calendarDay).max(120) }),
  async run({ trx, actor, input, audit }) {
    const about = { type: 'work_calendar', id: input.year, streetId: input.streetId };
    authorize(actor, 'cases.configure', await streetTarget(trx, input.streetId), { about });
    const y = input.year;
    const outside = input.days.find((d) => !d.day.startsWith(`${y}-`));
    if (outside)
      throw new AppError('validation', { zh: `${outside.day} 不在 ${y} 年`, en: `${outside.day} is not in ${y}` });
    const seen = new Set<string>();
    for (const d of input.days) {
      if (seen.has(d.day)) throw new AppError('validation', { zh: `${d.day} 重复`, en: `${d.day} appears twice` });
      seen.add(d.day);
    }
    await trx
      .deleteFrom('work_calendar')
      .where('street_id', '=', input.streetId)
      .where('day', '>=', `${y}-01-01`)
      .where('day', '<=', `${y}-12-31`)
      .execute();
    if (input.days.length)
      await trx
        .insertInto('work_calendar')
        .values(input.days.map((d) => ({ street_id: input.streetId, ...d })))
        .execute();
    await audit({
      objectType: 'work_calendar',
      objectId: y,
      streetId: input.streetId,
      detail: { days: input.days.length },
    });
    invalidateStreetConfig(input.streetId);
    return { year: y, days: input.days };
  },
});

/** Changes the street's case settings (duplicate radius, warning share, office hours, weights …). */
export const saveCaseSettings = command({
  action: 'cases.configure',
  input: z.object({ streetId, settings: caseSettingsSchema }),
  async run({ trx, actor, input, audit }) {
    const about = { type: 'case_settings', streetId: input.streetId };
    authorize(actor, 'cases.configure', await streetTarget(trx, input.streetId), { about });
    const saved = await writeSettings(trx, input.streetId, 'cases', caseSettingsSchema, input.settings);
    await audit({ objectType: 'case_settings', streetId: input.streetId, detail: saved });
    invalidateStreetConfig(input.streetId);
    return saved;
  },
});
