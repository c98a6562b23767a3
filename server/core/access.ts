import type { Role } from '../../contracts/roles.js';
import { AppError } from './errors.js';

export type { Role };

/** One role a user holds, with what it is bound to. */
export type Assignment = {
  role: Role;
  /** Region node the role covers (and everything under it), with its path `/35/…/code/`. */
  regionCode: string | null;
  regionPath: string | null;
  streetId: string | null;
  agencyId: number | null;
};

/** The signed-in user a request acts for. */
export type Actor = {
  userId: number;
  name: string;
  kind: 'staff' | 'resident';
  assignments: Assignment[];
  sessionId: string;
  csrfToken: string;
  /** An initial or reset password: nothing but changing it is allowed. */
  mustChangePassword: boolean;
};

/** What a rule is asked about: the record's place in the tree, or its handling unit, or its owner. */
export type Target = {
  regionPath?: string | null;
  streetId?: string | null;
  agencyId?: number | null;
  ownerUserId?: number | null;
};

/** A permission rule: pure, given the actor and (for record-level actions) the target. */
export type Rule = (actor: Actor, target?: Target) => boolean;

/** The actor's assignments of these roles. */
export function assignmentsOf(actor: Actor, ...roles: Role[]): Assignment[] {
  return actor.assignments.filter((a) => roles.includes(a.role));
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return assignmentsOf(actor, ...roles).length > 0;
}

/** True when one of the actor's region-bound roles among `roles` covers the target's place. */
export function coversRegion(actor: Actor, target: Target | undefined, ...roles: Role[]): boolean {
  const path = target?.regionPath;
  if (!path) return false;
  return assignmentsOf(actor, ...roles).some((a) => a.regionPath !== null && path.startsWith(a.regionPath));
}

/** Region paths the actor's roles among `roles` cover: what list queries filter by, in SQL. */
export function regionScopes(actor: Actor, ...roles: Role[]): string[] {
  return assignmentsOf(actor, ...roles).flatMap((a) => (a.regionPath ? [a.regionPath] : []));
}

export function forbidden(): AppError {
  return new AppError('forbidden', { zh: '没有权限执行此操作', en: 'You may not do this' });
}

export function unauthenticated(): AppError {
  return new AppError('unauthenticated', { zh: '请先登录', en: 'Please sign in' });
}

/** The actor of a route that needs one (the HTTP layer already answered 401 without a session). */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw forbidden();
  return actor;
}

/** The streets an actor's roles lie in (region roles and units alike). */
export function streetsOfActor(actor: Actor | null): string[] {
  return [...new Set((actor?.assignments ?? []).flatMap((a) => (a.streetId ? [a.streetId] : [])))];
}

/**
 * The street a request acts in, among the streets the actor's roles lie in: the one asked for
 * (403 when it is not theirs), else the only one (403 with none; 400 asking for it with several).
 */
export function pickStreet(streets: readonly string[], requested?: string, issuePath?: string): string {
  if (requested) {
    if (!streets.includes(requested)) throw forbidden();
    return requested;
  }
  const [only] = streets;
  if (!only) throw forbidden();
  if (streets.length > 1) {
    const text = { zh: '请指明街道（street）', en: 'Say which street (street)' };
    throw new AppError('validation', text, issuePath ? { issues: [{ path: issuePath, message: text }] } : undefined);
  }
  return only;
}
