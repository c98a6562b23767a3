import { z } from 'zod';
import { createUserBody, resetPasswordBody, roleInput, updateUserBody } from '../../../../contracts/auth.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Keyring } from '../../../core/pii/index.js';
import { accountRoles, authorityOverAccount } from './account-authority.js';
import { approveAccount, awaitApproval } from './approve-user.js';
import { createUser, type RoleInput } from './create-user.js';
import { resetPassword, updateUser } from './update-user.js';

const userId = z.number().int().positive();

function roleInputOf(r: z.infer<typeof roleInput>): RoleInput {
  return {
    role: r.role,
    ...(r.regionCode ? { regionCode: r.regionCode } : {}),
    ...(r.agency ? { agency: r.agency } : {}),
  };
}

/**
 * The administrators' changes to accounts, each one command (core/command.ts): the change and the
 * wait for the second person (三权分立, two-person rule) commit together or not at all.
 */
export function accountCommands(keyring: Keyring) {
  /** A staff account with an initial password and its roles, waiting for the second person. */
  const createAccount = command({
    action: 'identity.create_user',
    input: createUserBody,
    conflicts: {
      users_username_key: { zh: '用户名已被使用', en: 'The username is taken' },
      users_phone_hash_key: { zh: '手机号已被使用', en: 'The phone number is in use' },
    },
    async run({ trx, actor, caller, input }) {
      authorize(actor, 'identity.create_user');
      const roles = input.roles.map(roleInputOf);
      const approval = authorityOverAccount({
        actor,
        action: 'identity.create_user',
        before: [],
        after: roles.map((r) => r.role),
      });
      const id = await createUser({
        db: trx,
        keyring,
        username: input.username,
        displayName: input.displayName,
        ...(input.phone ? { phone: input.phone } : {}),
        password: input.password,
        kind: 'staff',
        mustChangePassword: true,
        roles,
        audit: caller.audit,
      });
      await awaitApproval(trx, id, approval, actor.userId, 'created');
      return { id, approval };
    },
  });

  /** Renames, disables or re-enables an account, or replaces its roles (a grant waits for approval). */
  const changeAccount = command({
    action: 'identity.update_user',
    input: z.object({ userId, change: updateUserBody }),
    async run({ trx, actor, caller, input }) {
      authorize(actor, 'identity.update_user');
      const b = input.change;
      const before = await accountRoles(trx, input.userId);
      const roles = b.roles?.map(roleInputOf);
      const approval = authorityOverAccount({
        actor,
        action: 'identity.update_user',
        before,
        after: roles?.map((r) => r.role) ?? before,
        userId: input.userId,
      });
      await updateUser({
        db: trx,
        userId: input.userId,
        actorId: actor.userId,
        ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
        ...(b.disabled !== undefined ? { disabled: b.disabled } : {}),
        ...(roles ? { roles } : {}),
        audit: caller.audit,
      });
      // new roles are a grant: they wait for the second person; a name or disabling does not
      if (roles) await awaitApproval(trx, input.userId, approval, actor.userId, 'roles_changed');
      return { ok: true as const };
    },
  });

  /** A new initial password (changed at the next sign-in): sessions end, a lockout lifts, approval waits. */
  const resetAccountPassword = command({
    action: 'identity.reset_password',
    input: resetPasswordBody.extend({ userId }),
    async run({ trx, actor, caller, input }) {
      authorize(actor, 'identity.reset_password');
      const before = await accountRoles(trx, input.userId);
      const approval = authorityOverAccount({
        actor,
        action: 'identity.reset_password',
        before,
        after: before,
        userId: input.userId,
      });
      await resetPassword({ db: trx, userId: input.userId, password: input.password, audit: caller.audit });
      await awaitApproval(trx, input.userId, approval, actor.userId, 'password_reset');
      return { ok: true as const };
    },
  });

  return { createAccount, changeAccount, resetAccountPassword };
}

/** The second person's verdict on an account's waiting change. */
export const decideAccount = command({
  action: 'identity.approve_user',
  input: z.object({ userId, verdict: z.enum(['approve', 'reject']) }),
  async run({ trx, actor, caller, input }) {
    authorize(actor, 'identity.approve_user');
    await approveAccount({ db: trx, actor, userId: input.userId, verdict: input.verdict, audit: caller.audit });
    return { ok: true as const };
  },
});
