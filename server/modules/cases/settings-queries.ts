import type { z } from 'zod';
import type { categoryItem } from '../../../contracts/cases.js';
import type { Executor } from '../../core/db.js';

/** A category as the console reads it. */
export const categoryOut = (r: {
  id: number;
  code: string;
  parent_id: number | null;
  name: string;
  tier: z.infer<typeof categoryItem>['tier'];
  sign_limit: number;
  sign_unit: z.infer<typeof categoryItem>['signUnit'];
  handle_limit: number;
  handle_unit: z.infer<typeof categoryItem>['handleUnit'];
  handler_kind: z.infer<typeof categoryItem>['handlerKind'];
  default_agency_id: number | null;
  active: boolean;
}) => ({
  id: r.id,
  code: r.code,
  parentId: r.parent_id,
  name: r.name,
  tier: r.tier,
  signLimit: r.sign_limit,
  signUnit: r.sign_unit,
  handleLimit: r.handle_limit,
  handleUnit: r.handle_unit,
  handlerKind: r.handler_kind,
  defaultAgencyId: r.default_agency_id,
  active: r.active,
});

/** The street's category tree, by code. */
export async function listCategories(db: Executor, streetId: string) {
  const rows = await db
    .selectFrom('case_categories')
    .selectAll()
    .where('street_id', '=', streetId)
    .orderBy('code')
    .execute();
  return rows.map(categoryOut);
}

/** A year's holidays and make-up working days. */
export async function calendarOf(db: Executor, streetId: string, year: number) {
  const days = await db
    .selectFrom('work_calendar')
    .select(['day', 'kind', 'name'])
    .where('street_id', '=', streetId)
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return { year, days };
}
