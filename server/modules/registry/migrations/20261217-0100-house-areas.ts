import { sql, type Kysely } from 'kysely';

/**
 * A house's exclusive area (专有部分面积) as three records may give it: `area` is the registered one (不动产登记),
 * then the surveyed (实测) and the contract (合同) area. Civil Code art. 278 counts by exclusive area; the owners'
 * votes take the registered area, else the surveyed, else the contract one, and say which.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE houses ADD COLUMN area_surveyed numeric(10, 2) CHECK (area_surveyed > 0)`.execute(db);
  await sql`ALTER TABLE houses ADD COLUMN area_contract numeric(10, 2) CHECK (area_contract > 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE houses DROP COLUMN area_contract`.execute(db);
  await sql`ALTER TABLE houses DROP COLUMN area_surveyed`.execute(db);
}
