import type { SecurityOverview, SecuritySettings } from '../../../contracts/auth.js';
import { writeAudit, type AuditContext } from '../../core/audit.js';
import type { AuthConfig } from '../../core/config.js';
import type { Executor } from '../../core/db.js';
import type { Keyring } from '../../core/pii/index.js';

/**
 * Applies the stored security settings to the live `auth` object every request reads; with no
 * stored row, the environment's defaults (`defaults`) apply.
 */
export async function applySecuritySettings(db: Executor, auth: AuthConfig, defaults: AuthConfig): Promise<void> {
  const row = await db.selectFrom('security_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  Object.assign(
    auth,
    row
      ? {
          sessionIdleMinutes: row.session_idle_minutes,
          sessionMaxHours: row.session_max_hours,
          lockoutThreshold: row.lockout_threshold,
          lockoutMinutes: row.lockout_minutes,
        }
      : defaults,
  );
}

/** Stores new settings (pass a transaction), with the old and new values in the audit log. */
export async function saveSecuritySettings(
  db: Executor,
  current: AuthConfig,
  next: SecuritySettings,
  actorId: number,
  audit: AuditContext,
): Promise<void> {
  const values = {
    session_idle_minutes: next.sessionIdleMinutes,
    session_max_hours: next.sessionMaxHours,
    lockout_threshold: next.lockoutThreshold,
    lockout_minutes: next.lockoutMinutes,
    updated_at: new Date(),
    updated_by: actorId,
  };
  await db
    .insertInto('security_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await writeAudit(db, audit, {
    action: 'identity.update_security_settings',
    result: 'ok',
    objectType: 'security_settings',
    objectId: 1,
    detail: { before: { ...current }, after: next },
  });
}

/** What the security administrator's page shows: settings, key ids (never keys), lockouts, sessions. */
export async function securityOverview(db: Executor, auth: AuthConfig, keyring: Keyring): Promise<SecurityOverview> {
  const [row, locked, sessions] = await Promise.all([
    db
      .selectFrom('security_settings as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .select(['s.updated_at', 'u.display_name'])
      .executeTakeFirst(),
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('locked_until', '>', new Date())
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .where('last_seen_at', '>', new Date(Date.now() - auth.sessionIdleMinutes * 60_000))
      .executeTakeFirstOrThrow(),
  ]);
  const id = keyring.currentId;
  return {
    settings: {
      sessionIdleMinutes: auth.sessionIdleMinutes,
      sessionMaxHours: auth.sessionMaxHours,
      lockoutThreshold: auth.lockoutThreshold,
      lockoutMinutes: auth.lockoutMinutes,
    },
    updatedAt: row ? row.updated_at.toISOString() : null,
    updatedBy: row?.display_name ?? null,
    keys: {
      active: id,
      ids: [...keyring.keys.keys()],
      source: id.startsWith('env') ? 'env' : /^t\d/.test(id) ? 'ephemeral' : 'file',
    },
    lockedAccounts: Number(locked.n),
    activeSessions: Number(sessions.n),
  };
}
