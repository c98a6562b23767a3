import { allowed } from '../../core/authorize.js';
import { caseLevels, openStatuses, type CaseAction, type CaseStatus } from '../../../contracts/cases.js';
import { assignmentsOf, type Role, type Actor } from '../../core/access.js';
import type { CaseRow } from './case-row.js';
import { targetOf } from './case-row.js';
import { dispatchLevel, type CasesAction } from './permissions.js';

/**
 * One step of the loop: the states it starts from, the state it leads to (none: the state stays),
 * the permission it needs, whether a note is required, and any further condition on the case.
 */
export type Step = {
  from: readonly CaseStatus[];
  to?: CaseStatus;
  rule: CasesAction;
  note?: boolean;
  when?: (c: CaseRow, now: Date, reopenDays: number) => boolean;
};

const noPending = (c: CaseRow) => c.pending_request === null;
const pending = (kind: 'extension' | 'park') => (c: CaseRow) => c.pending_request === kind;
const active: readonly CaseStatus[] = ['registered', 'dispatched', 'handling', 'parked', 'handled'];

/** The state machine of docs/RULES.md "The case loop", as data: what may happen from where. */
export const STEPS: Record<CaseAction, Step> = {
  register: { from: ['reported'], to: 'registered', rule: 'cases.dispatch' },
  reject: { from: ['reported'], to: 'rejected', rule: 'cases.dispatch', note: true },
  merge: { from: ['reported', 'registered'], to: 'merged', rule: 'cases.dispatch' },
  dispatch: { from: ['registered'], to: 'dispatched', rule: 'cases.dispatch' },
  sign: { from: ['dispatched'], to: 'handling', rule: 'cases.handle' },
  return: { from: ['dispatched'], to: 'registered', rule: 'cases.handle', note: true },
  contact: { from: ['handling'], rule: 'cases.handle', when: (c) => c.contacted_at === null },
  handle: { from: ['handling'], to: 'handled', rule: 'cases.handle', note: true, when: noPending },
  request_extension: { from: ['handling'], rule: 'cases.handle', note: true, when: noPending },
  approve_extension: { from: ['handling'], rule: 'cases.dispatch', when: pending('extension') },
  deny_extension: { from: ['handling'], rule: 'cases.dispatch', note: true, when: pending('extension') },
  request_park: { from: ['handling'], rule: 'cases.handle', note: true, when: noPending },
  approve_park: { from: ['handling'], to: 'parked', rule: 'cases.dispatch', when: pending('park') },
  deny_park: { from: ['handling'], rule: 'cases.dispatch', note: true, when: pending('park') },
  unpark: { from: ['parked'], to: 'handling', rule: 'cases.dispatch' },
  verify_pass: { from: ['handled'], to: 'closed', rule: 'cases.verify' },
  verify_fail: { from: ['handled'], to: 'handling', rule: 'cases.verify', note: true },
  rate: { from: ['closed'], rule: 'cases.rate', when: (c) => c.rating === null },
  reopen: {
    from: ['closed'],
    to: 'registered',
    rule: 'cases.rate',
    note: true,
    when: (c, now, days) =>
      c.rating === 'dissatisfied' && c.rated_at !== null && now.getTime() - c.rated_at.getTime() <= days * 86_400_000,
  },
  supervise: { from: active, rule: 'cases.supervise' },
  escalate: {
    from: ['reported', 'registered'],
    rule: 'cases.dispatch',
    note: true,
    when: (c) => c.level !== 'district',
  },
  comment: { from: openStatuses, rule: 'cases.read', note: true },
};

/** True when one of the actor's dispatching roles covers the case at (or above) its level. */
function dispatcherReaches(actor: Actor, row: CaseRow): boolean {
  const need = caseLevels.indexOf(row.level);
  // the roles that dispatch, each at its level (permissions.ts, dispatchLevel)
  return assignmentsOf(actor, ...(Object.keys(dispatchLevel) as Role[])).some((a) => {
    const level = dispatchLevel[a.role];
    return (
      a.regionPath !== null &&
      row.region_path.startsWith(a.regionPath) &&
      level !== undefined &&
      caseLevels.indexOf(level) >= need
    );
  });
}

/** True when the step's permission allows the actor on this case (ignoring its state). */
export function mayTake(actor: Actor, row: CaseRow, action: CaseAction): boolean {
  const step = STEPS[action];
  if (!allowed(actor, step.rule, targetOf(row))) return false;
  if (step.rule === 'cases.dispatch' && !dispatcherReaches(actor, row)) return false;
  if (action === 'comment' && actor.kind !== 'staff') return false;
  return true;
}

/** True when the case's state (and the step's condition) lets the step happen now. */
export function stateAllows(row: CaseRow, action: CaseAction, now: Date, reopenDays: number): boolean {
  const step = STEPS[action];
  return step.from.includes(row.status) && (step.when?.(row, now, reopenDays) ?? true);
}

/** The steps this actor may take on this case now: what the console offers. */
export function allowedActions(actor: Actor, row: CaseRow, now: Date, reopenDays: number): CaseAction[] {
  return (Object.keys(STEPS) as CaseAction[]).filter(
    (a) => stateAllows(row, a, now, reopenDays) && mayTake(actor, row, a),
  );
}
