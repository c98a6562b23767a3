import type { Action } from '../../contracts/actions.js';
import { pickStreet, type Actor, type Rule, type Target } from './access.js';
import { AppError } from './errors.js';
import type { Text } from './i18n.js';

export type { Action };

/**
 * One authorize for every module. The rules come from the manifests (`installRules`, called where
 * the module list is assembled); an action without a rule is refused (deny by default). A refusal
 * is an `AppError` that names the action: the HTTP error handler writes it to the audit log, once,
 * after the request's transaction has rolled back (so the entry is never lost with it).
 */
const rules = new Map<string, Rule>();

/** Registers every module's rules (idempotent; the module list calls it when it is built). */
export function installRules(modules: readonly { rules?: Readonly<Record<string, Rule>> }[]): void {
  for (const m of modules) for (const [action, rule] of Object.entries(m.rules ?? {})) rules.set(action, rule);
}

/** True when the actor may take the action (on the target, for record-level actions). No audit. */
export function allowed(actor: Actor | null, action: Action, target?: Target): boolean {
  if (!actor) return false;
  const rule = rules.get(action);
  return rule ? rule(actor, target) : false;
}

/** The record a refusal was about (its audit entry names it). */
export type RefusedObject = {
  type: string;
  id?: string | number;
  streetId?: string | null;
  step?: string;
  /** Why, for the audit entry (e.g. the roles before and after a refused change). */
  detail?: Record<string, unknown>;
};

/** A refusal: 403, or 404 for a record the actor may not even know exists. Audited by the error handler. */
export class Refusal extends AppError {
  constructor(
    readonly action: Action,
    options?: { hide?: Text | undefined; say?: Text | undefined; about?: RefusedObject | undefined },
  ) {
    const hidden = options?.hide;
    super(
      hidden ? 'not_found' : 'forbidden',
      hidden
        ? { zh: `${hidden.zh}不存在`, en: `${hidden.en} not found` }
        : (options?.say ?? { zh: '没有权限执行此操作', en: 'You may not do this' }),
    );
    this.about = options?.about;
  }

  /** What was refused, for the audit entry. */
  readonly about: RefusedObject | undefined;
}

/**
 * Refuses unless the actor may take the action. With `hide` (what the record is, e.g. 住户), a
 * refusal answers 404 as if the record did not exist: used for reads, so that scopes do not leak.
 * With `say`, a 403 says what was refused (e.g. 没有权限修改该居民).
 */
export function authorize(
  actor: Actor | null,
  action: Action,
  target?: Target,
  options?: { hide?: Text; say?: Text; about?: RefusedObject },
): asserts actor is Actor {
  if (!allowed(actor, action, target)) throw new Refusal(action, options);
}

/**
 * The region paths an actor may take an action in — what list queries filter by, in SQL. Derived
 * from the rule itself: a role's place counts when the rule allows the action there.
 */
export function scopesFor(actor: Actor | null, action: Action): string[] {
  if (!actor) return [];
  const paths = actor.assignments.flatMap((a) =>
    a.regionPath !== null && allowed(actor, action, { regionPath: a.regionPath, streetId: a.streetId })
      ? [a.regionPath]
      : [],
  );
  // a place inside another scope adds nothing
  return [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** The streets an actor may take an action in (a region path's fifth segment is its street). */
export function streetsFor(actor: Actor | null, action: Action): string[] {
  const streets = new Set<string>();
  if (!actor) return [];
  for (const a of actor.assignments) {
    if (a.regionPath === null || !allowed(actor, action, { regionPath: a.regionPath, streetId: a.streetId })) continue;
    const street = a.streetId ?? a.regionPath.split('/')[4];
    if (street?.length === 9) streets.add(street);
  }
  return [...streets];
}

/** The one street a request acts in for an action (403 when none, 400 asking which when several). */
export function streetFor(actor: Actor | null, action: Action, requested?: string, issuePath?: string): string {
  return pickStreet(streetsFor(actor, action), requested, issuePath);
}

/**
 * The actions an actor may take somewhere: unbound, or on the place or unit one of their roles is
 * bound to. Sent to the console, which hides what the user may not do.
 */
export function abilities(actor: Actor): Action[] {
  return [...rules.keys()].filter(
    (action) =>
      allowed(actor, action as Action) ||
      actor.assignments.some((a) =>
        allowed(actor, action as Action, { regionPath: a.regionPath, streetId: a.streetId, agencyId: a.agencyId }),
      ),
  ) as Action[];
}
