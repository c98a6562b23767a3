import { sql } from 'kysely';
import type { InboxPage } from '../../../contracts/inbox.js';
import type { Executor } from '../../core/db.js';

/**
 * The streets a person's notices are looked for in: the streets of their roles (on Citus, those
 * streets' shards alone), or every street for a person with none there (a resident's reports may
 * lie in any street).
 */
const inStreets = (streets: readonly string[]) => (streets.length ? [...streets] : null);

/** A person's inbox, unread first, newest first (in every street of their roles: a person may work in several). */
export async function inboxOf(
  db: Executor,
  userId: number,
  limit: number,
  streetsOfRoles: readonly string[] = [],
): Promise<InboxPage> {
  const streets = inStreets(streetsOfRoles);
  const [rows, unread] = await Promise.all([
    db
      .selectFrom('notifications')
      .selectAll()
      .$if(streets !== null, (q) => q.where('street_id', 'in', streets ?? []))
      .where('user_id', '=', userId)
      .orderBy(sql`read_at IS NULL`, 'desc')
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(streets !== null, (q) => q.where('street_id', 'in', streets ?? []))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    unread: Number(unread.n),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      caseId: r.case_id,
      link: r.link,
      title: r.count > 1 ? `${r.title}（${r.count} 条）` : r.title,
      body: r.body,
      count: r.count,
      updatedAt: r.updated_at.toISOString(),
      read: r.read_at !== null,
    })),
  };
}

/** Marks a person's notices read (these ids, or all); returns how many. */
export async function markRead(
  db: Executor,
  userId: number,
  ids: readonly number[] | undefined,
  streetsOfRoles: readonly string[] = [],
): Promise<number> {
  const streets = inStreets(streetsOfRoles);
  let q = db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .$if(streets !== null, (u) => u.where('street_id', 'in', streets ?? []))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [0]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
