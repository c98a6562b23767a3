import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Assignment } from '../../core/access.js';
import type { AuthConfig } from '../../core/config.js';
import { sql } from 'kysely';
import { runsOnThisThread, type Executor } from '../../core/db.js';
import { executePrepared } from '../../core/prepared.js';
import { Batcher, batcherPer } from '../../core/batcher.js';

export const SESSION_COOKIE = 'linli_session';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('base64url');

/** Starts a session: a random token in the cookie, only its hash in the database. */
export async function createSession(
  db: Executor,
  auth: AuthConfig,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + auth.sessionMaxHours * 3_600_000),
      revoked_at: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, auth: AuthConfig) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: auth.sessionMaxHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The roles a user holds, with the paths of the region nodes they are bound to. */
export async function loadAssignments(db: Executor, userId: number): Promise<Assignment[]> {
  const rows = await db
    .selectFrom('role_assignments as a')
    .leftJoin('regions as r', 'r.code', 'a.region_code')
    .select(['a.role', 'a.region_code', 'r.path', 'a.street_id', 'a.agency_id'])
    .where('a.user_id', '=', userId)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    role: r.role,
    regionCode: r.region_code,
    regionPath: r.path,
    streetId: r.street_id,
    agencyId: r.agency_id,
  }));
}

/** The statement behind `loadSessions`, built once per database handle (only its one parameter varies). */
function sessionsQuery(db: Executor) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'u.display_name',
      'u.kind',
      'u.disabled',
      'u.must_change_password',
      // the roles in the same round trip: every request resolves its session
      sql<Assignment[]>`(SELECT coalesce(json_agg(json_build_object('role', a.role, 'regionCode', a.region_code,
        'regionPath', r.path, 'streetId', a.street_id, 'agencyId', a.agency_id) ORDER BY a.id), '[]'::json)
        FROM role_assignments a LEFT JOIN regions r ON r.code = a.region_code WHERE a.user_id = s.user_id)`.as(
        'assignments',
      ),
    ])
    .where('s.id', '=', sql<string>`ANY(${[]}::text[])`)
    .compile();
}
const compiledSessions = new WeakMap<Executor, ReturnType<typeof sessionsQuery>>();

/** Sessions with their users and roles, by id: one prepared statement for any number of ids. */
async function loadSessions(db: Executor, ids: string[]) {
  let query = compiledSessions.get(db);
  if (!query) compiledSessions.set(db, (query = sessionsQuery(db)));
  const rows = (await executePrepared(db, { ...query, parameters: [ids] } as typeof query)).rows;
  return ids.map((id) => rows.find((r) => r.id === id));
}

/** Every request looks up its session: those arriving together share one query (nothing is cached). */
const sessionLoaderOf = batcherPer(
  (db: Executor) =>
    new Batcher<string, Awaited<ReturnType<typeof loadSessions>>[number]>({
      run: (ids) => loadSessions(db, ids),
      gather: runsOnThisThread(db),
    }),
);

/**
 * The actor behind a session token, or null when the session is unknown, revoked, past its
 * absolute limit or idle too long, or the user is disabled. A live session's idle clock restarts.
 */
export async function resolveSession(db: Executor, auth: AuthConfig, token: string | undefined): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const row = db.isTransaction ? (await loadSessions(db, [id]))[0] : await sessionLoaderOf(db).add(id);
  const now = Date.now();
  if (!row || row.revoked_at || row.disabled) return null;
  if (row.expires_at.getTime() <= now) return null;
  if (row.last_seen_at.getTime() + auth.sessionIdleMinutes * 60_000 <= now) return null;
  // refresh the idle clock at most once a minute, not on every request
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('id', '=', id)
      .execute();
  }
  return {
    userId: row.user_id,
    name: row.display_name,
    kind: row.kind,
    assignments: row.assignments,
    sessionId: id,
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
  };
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeAllSessions(db: Executor, userId: number): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
