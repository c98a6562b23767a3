import { z } from 'zod';
import { ACTIONS } from './actions.js';
import { cursorPage, cursorQuery, pageQuery } from './text.js';
import { roles } from './roles.js';

export const loginBody = z.object({
  /** Username, or the mobile number of the account. */
  username: z.string().trim().min(1).max(60),
  password: z.string().min(1).max(128),
});

export const me = z
  .object({
    user: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(['staff', 'resident']),
      roles: z.array(
        z.object({ role: z.enum(roles), regionCode: z.string().nullable(), agencyId: z.number().nullable() }),
      ),
    }),
    /** Send it back in the `X-CSRF-Token` header with every write. */
    csrfToken: z.string(),
    /** An initial or reset password must be changed before anything else. */
    mustChangePassword: z.boolean(),
    /** The actions this user may take, e.g. `identity.read_audit`. */
    // every action the user may take somewhere: typed, so a misspelt action name does not compile
    abilities: z.array(z.enum(ACTIONS)),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof me>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const auditQuery = z.object({
  action: z.string().trim().max(60).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  result: z.enum(['ok', 'denied', 'error']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery(50),
});

export const auditPage = z
  .object({
    total: z.number().int(),
    items: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        actorId: z.number().int().nullable(),
        actorName: z.string().nullable(),
        role: z.string().nullable(),
        action: z.string(),
        objectType: z.string().nullable(),
        objectId: z.string().nullable(),
        result: z.enum(['ok', 'denied', 'error']),
        reason: z.string().nullable(),
        ip: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPage>;

/** The audit log by cursor (for integrators reading all of it, page after page, as fast as the first). */
export const auditFeedQuery = auditQuery.omit({ page: true, pageSize: true }).extend(cursorQuery(100, 1000));
export const auditFeed = cursorPage(auditPage.shape.items.element);
export type AuditFeed = z.infer<typeof auditFeed>;

export const roleInput = z.object({
  role: z.enum(roles),
  /** For region-bound roles: the node the role covers (and everything under it). */
  regionCode: z
    .string()
    .regex(/^\d{2,18}$/)
    .optional(),
  /** For agency handlers: the handling unit. */
  agency: z.object({ streetId: z.string().regex(/^\d{9}$/), id: z.number().int().positive() }).optional(),
});

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().min(1).max(50),
  phone: z.string().trim().max(20).optional(),
  /** Initial password: the user must change it at first sign-in. */
  password: z.string().min(1).max(128),
  roles: z.array(roleInput).min(1).max(20),
});

/** A reveal of a masked value always states why; the reason goes to the audit log. */
export const revealBody = z.object({
  reason: z.string().trim().min(2).max(200),
});

export const userListQuery = z.object({
  q: z.string().trim().max(40).optional(),
  ...pageQuery(20),
});

export const userPage = z
  .object({
    total: z.number().int(),
    items: z.array(
      z.object({
        id: z.number().int(),
        username: z.string().nullable(),
        name: z.string(),
        kind: z.enum(['staff', 'resident']),
        /** Masked: 138****5678. */
        phone: z.string().nullable(),
        locked: z.boolean(),
        disabled: z.boolean(),
        mustChangePassword: z.boolean(),
        /** Whose approval a change of this account waits for (two-person rule), or null. */
        approval: z.enum(['security_admin', 'audit_admin']).nullable(),
        roles: z.array(
          z.object({
            role: z.enum(roles),
            regionCode: z.string().nullable(),
            /** Where the role applies: its place, or for a unit's handler the unit. */
            regionName: z.string().nullable(),
            agencyId: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'UserPage' });
export type UserPage = z.infer<typeof userPage>;

export const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    /** A disabled account cannot sign in and its sessions end at once. */
    disabled: z.boolean().optional(),
    /** Replaces every role of the account. */
    roles: z.array(roleInput).min(1).max(20).optional(),
  })
  .refine((b) => b.displayName !== undefined || b.disabled !== undefined || b.roles !== undefined, {
    message: 'Nothing to change',
  });

export const resetPasswordBody = z.object({
  /** A new initial password: the user must change it at the next sign-in. */
  password: z.string().min(1).max(128),
});

/** Security settings the security administrator may change (defaults come from the environment). */
export const securitySettings = z
  .object({
    sessionIdleMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    sessionMaxHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    lockoutThreshold: z.number().int().min(3).max(20),
    lockoutMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
  })
  .meta({ id: 'SecuritySettings' });
export type SecuritySettings = z.infer<typeof securitySettings>;

export const securityOverview = z
  .object({
    settings: securitySettings,
    /** When and by whom the settings were last changed; null while the defaults apply. */
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    /** The encryption keys of personal data: only their ids, never the keys. */
    keys: z.object({ active: z.string(), ids: z.array(z.string()), source: z.enum(['env', 'file', 'ephemeral']) }),
    lockedAccounts: z.number().int(),
    activeSessions: z.number().int(),
  })
  .meta({ id: 'SecurityOverview' });
export type SecurityOverview = z.infer<typeof securityOverview>;

export const otpRequestBody = z.object({ phone: z.string().trim().min(1).max(20) });
export const otpLoginBody = z.object({
  phone: z.string().trim().min(1).max(20),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

export const okResult = z.object({ ok: z.literal(true) });
export const otpSent = z.object({ expiresInSeconds: z.number().int() });
export const userCreated = z.object({ id: z.number().int(), approval: z.enum(['security_admin', 'audit_admin']) });
export const phoneRevealed = z.object({ phone: z.string().nullable() });
export const signedOutEverywhere = z.object({ ok: z.literal(true), sessions: z.number() });

/** What an audit entry is about, in words (the log stores the code: `user`, `case`, …). */
export const auditObjectNames: Record<string, { zh: string; en: string }> = {
  user: { zh: '账号', en: 'Account' },
  audit_log: { zh: '审计日志', en: 'Audit log' },
  security_settings: { zh: '安全设置', en: 'Security settings' },
  settings: { zh: '模块设置', en: 'Module settings' },
  case: { zh: '案件', en: 'Case' },
  cases: { zh: '案件', en: 'Cases' },
  case_category: { zh: '问题类型', en: 'Category' },
  case_settings: { zh: '案件设置', en: 'Case settings' },
  work_calendar: { zh: '工作日历', en: 'Work calendar' },
  estate: { zh: '小区', en: 'Estate' },
  grid_lines: { zh: '网格管线', en: 'Grid business lines' },
  house: { zh: '房屋', en: 'House' },
  household: { zh: '户', en: 'Household' },
  resident: { zh: '居民', en: 'Resident' },
  residents: { zh: '居民', en: 'Residents' },
  registry_import: { zh: '居民导入', en: 'Registry import' },
  hotline: { zh: '便民电话', en: 'Service number' },
  route: { zh: '接口', en: 'API route' },
};
