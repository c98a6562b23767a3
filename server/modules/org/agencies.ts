import type { ColumnType, Generated } from 'kysely';
import type { AgencyItem, AgencyKind } from '../../../contracts/regions.js';
import type { Executor } from '../../core/db.js';

/**
 * The units a street works with: departments that handle cases, co-building units (共建单位),
 * property companies, social organisations. Owned by `org`, where the party and alliance modules
 * extend them; the table was created by identity's first migration (accounts of handlers are
 * bound to a unit), which stays where it is as history.
 */
export type AgenciesTable = {
  street_id: string;
  id: Generated<number>;
  name: string;
  kind: AgencyKind;
  created_at: ColumnType<Date, never, never>;
};

declare module '../../core/tables.js' {
  interface Tables {
    agencies: AgenciesTable;
  }
}

/** A street's units, in the order they were added. */
export function listAgencies(db: Executor, streetId: string): Promise<AgencyItem[]> {
  return db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind'])
    .where('street_id', '=', streetId)
    .orderBy('id')
    .execute();
}

/** Adds a unit to a street, or finds it by name (and sets its kind); returns its id. */
export async function upsertAgency(
  db: Executor,
  a: { streetId: string; name: string; kind: AgencyKind },
): Promise<number> {
  const row = await db
    .insertInto('agencies')
    .values({ street_id: a.streetId, name: a.name, kind: a.kind })
    .onConflict((oc) => oc.columns(['street_id', 'name']).doUpdateSet({ kind: a.kind }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
