import { sql } from 'kysely';
import type { InboxPage } from '../../../contracts/inbox.js';
import type { Executor } from '../../core/db.js';

/** A person's inbox, unread first, newest first (in every street: a person may work in several). */
export async function inboxOf(db: Executor, userId: number, limit: number): Promise<InboxPage> {
  const [rows, unread] = await Promise.all([
    db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy(sql`read_at IS NULL`, 'desc')
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
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
export async function markRead(db: Executor, userId: number, ids: readonly number[] | undefined): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [0]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
