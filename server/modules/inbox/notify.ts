import { sql } from 'kysely';
import type { Role } from '../../core/access.js';
import type { Db, Executor } from '../../core/db.js';

/**
 * What a notice says. `kind` is the sending module's (e.g. `dispatched`); notices of one digest
 * key gather into one unread row per person, so that nobody gets a flood.
 */
export type Notice = {
  kind: string;
  streetId: string;
  title: string;
  body: string;
  /** The case it is about (the cases module's notices). */
  caseId?: number | null;
  /** The console path of what it is about, e.g. `/cases/12` (phone pages prefix `/m`). */
  link?: string | null;
  /** Rows gather per key while unread; the kind by default (staff kinds), or kind and object. */
  digestKey?: string;
};

/**
 * Adds a notice to each person's inbox in the caller's transaction. While a person has an unread
 * notice of the same digest key in the street, it is updated and counted rather than repeated.
 */
export async function notify(db: Executor, userIds: readonly number[], notice: Notice): Promise<void> {
  const users = [...new Set(userIds)];
  if (users.length === 0) return;
  const caseId = notice.caseId ?? null;
  const link = notice.link ?? (caseId !== null ? `/cases/${caseId}` : null);
  await db
    .insertInto('notifications')
    .values(
      users.map((userId) => ({
        user_id: userId,
        street_id: notice.streetId,
        kind: notice.kind,
        digest_key: notice.digestKey ?? notice.kind,
        case_id: caseId,
        link,
        title: notice.title,
        body: notice.body,
        read_at: null,
        pushed_at: null,
        updated_at: new Date(),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['street_id', 'user_id', 'digest_key'])
        .where('read_at', 'is', null)
        .doUpdateSet({
          count: sql`notifications.count + 1`,
          title: (eb) => eb.ref('excluded.title'),
          body: (eb) => eb.ref('excluded.body'),
          case_id: (eb) => eb.ref('excluded.case_id'),
          link: (eb) => eb.ref('excluded.link'),
          updated_at: (eb) => eb.ref('excluded.updated_at'), // Citus takes no now() in DO UPDATE
        }),
    )
    .execute();
}

/** Handlers of these units (lead and assisting). */
export async function unitUsers(db: Executor, streetId: string, agencyIds: readonly number[]): Promise<number[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select('role_assignments.user_id')
    .where('role_assignments.role', '=', 'agency_handler')
    .where('role_assignments.street_id', '=', streetId)
    .where('role_assignments.agency_id', 'in', [...agencyIds])
    .where('users.disabled', '=', false)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Holders of these roles bound to the node at `regionPath` or above it. */
export async function usersCovering(db: Executor, regionPath: string, roles: readonly Role[]): Promise<number[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('regions as r', 'r.code', 'ra.region_code')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('ra.user_id')
    .where('ra.role', 'in', [...roles])
    .where(sql<boolean>`left(${regionPath}, length(r.path)) = r.path`)
    .where('u.disabled', '=', false)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Sends a notice outside the app (SMS, WeChat): the default adapter writes it to the log. */
export type PushChannel = { readonly name: string; push(userId: number, title: string, body: string): Promise<void> };

export function logPushChannel(log: { info(obj: object, msg: string): void }, name = 'sms'): PushChannel {
  return {
    name,
    push(userId, title, body) {
      log.info({ push: { channel: name, userId, title } }, `${name} to user ${userId}: ${title} — ${body}`);
      return Promise.resolve();
    },
  };
}

/**
 * Pushes notices not pushed yet, once each: a digest row is pushed when it is created, not again
 * when later events are counted into it (an outbox: a crash before marking repeats at most a batch).
 */
export async function pushPending(db: Db, channels: readonly PushChannel[], limit = 200): Promise<number> {
  const rows = await db
    .selectFrom('notifications')
    .select(['street_id', 'id', 'user_id', 'title', 'body'])
    .where('pushed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  for (const r of rows) for (const c of channels) await c.push(r.user_id, r.title, r.body);
  await db
    .updateTable('notifications')
    .set({ pushed_at: new Date() })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}
