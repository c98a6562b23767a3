import type { Role } from '../../../../contracts/roles.js';
import { roleBinding } from '../../../../contracts/roles.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { encrypt, lookupHash, normalizeMobile, type Keyring } from '../../../core/pii/index.js';
import { hashPassword, passwordProblem } from '../password.js';

export type RoleInput = { role: Role; regionCode?: string; agency?: { streetId: string; id: number } };

export type CreateUserOptions = {
  db: Executor;
  keyring: Keyring;
  username?: string;
  displayName: string;
  phone?: string;
  password: string;
  kind: 'staff' | 'resident';
  /** An initial password must be changed at first sign-in. */
  mustChangePassword: boolean;
  roles: RoleInput[];
  audit: AuditContext;
  /** The demo's accounts: their configured demo password skips the policy (demo mode only). */
  demoPassword?: boolean;
};

/** Creates an account with its roles; the phone is stored sealed, with a keyed hash for sign-in. */
export async function createUser(opts: CreateUserOptions): Promise<number> {
  const problem = opts.demoPassword
    ? null
    : passwordProblem(opts.password, { kind: opts.kind, own: [opts.username, opts.displayName, opts.phone] });
  if (problem) throw new AppError('validation', problem, { issues: [{ path: 'body.password', message: problem }] });
  const phone = opts.phone === undefined ? null : normalizeMobile(opts.phone);
  if (opts.phone !== undefined && !phone) {
    const msg = { zh: '手机号格式不正确', en: 'Not a valid mobile number' };
    throw new AppError('validation', msg, { issues: [{ path: 'body.phone', message: msg }] });
  }
  // a username or phone in use is the unique index's to say (no check-then-insert: two at once would both pass)
  const passwordHash = await hashPassword(opts.password);
  const user = await opts.db
    .insertInto('users')
    .values({
      username: opts.username ?? null,
      display_name: opts.displayName,
      phone_cipher: phone ? encrypt(opts.keyring, phone) : null,
      phone_hash: phone ? lookupHash(opts.keyring, phone) : null,
      password_hash: passwordHash,
      must_change_password: opts.mustChangePassword,
      kind: opts.kind,
      locked_until: null,
      password_changed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await assignRoles(opts.db, user.id, opts.roles);
  await writeAudit(opts.db, opts.audit, {
    action: 'identity.create_user',
    result: 'ok',
    objectType: 'user',
    objectId: user.id,
    detail: { roles: opts.roles.map((r) => r.role) },
  });
  return user.id;
}

/**
 * Binds roles to an account: region-bound roles to an existing region node, agency roles to an
 * existing handling unit, platform roles to nothing. Errors name the offending `body.roles.N`.
 */
export async function assignRoles(db: Executor, userId: number, roles: RoleInput[]): Promise<void> {
  for (const [i, r] of roles.entries()) {
    const binding = roleBinding[r.role];
    const bad = (zh: string, en: string) =>
      new AppError('validation', { zh, en }, { issues: [{ path: `body.roles.${i}`, message: { zh, en } }] });
    if (binding === 'platform' && (r.regionCode || r.agency))
      throw bad('平台角色不绑定区划或单位', 'A platform role is bound to nothing');
    if (binding === 'region' && (!r.regionCode || r.agency))
      throw bad('该角色须绑定一个区划', 'This role is bound to a region');
    if (binding === 'agency') {
      const agency = r.agency
        ? await db
            .selectFrom('agencies')
            .select('id')
            .where('street_id', '=', r.agency.streetId)
            .where('id', '=', r.agency.id)
            .executeTakeFirst()
        : undefined;
      if (!agency || r.regionCode)
        throw bad('该角色须绑定一个存在的处置单位', 'This role is bound to an existing agency');
    }
    let streetId: string | null = null;
    if (binding === 'region') {
      const region = await db
        .selectFrom('regions')
        .select('street_id')
        .where('code', '=', r.regionCode ?? '')
        .executeTakeFirst();
      if (!region) throw bad(`区划 ${r.regionCode ?? ''} 不存在`, `No region ${r.regionCode ?? ''}`);
      streetId = region.street_id;
    }
    await db
      .insertInto('role_assignments')
      .values({
        user_id: userId,
        role: r.role,
        region_code: binding === 'region' ? (r.regionCode ?? null) : null,
        street_id: binding === 'agency' ? (r.agency?.streetId ?? null) : streetId,
        agency_id: binding === 'agency' ? (r.agency?.id ?? null) : null,
      })
      .execute();
  }
}
