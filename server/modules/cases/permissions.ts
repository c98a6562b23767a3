import { scopesFor } from '../../core/authorize.js';
import type { CaseLevel } from '../../../contracts/cases.js';
import { assignmentsOf, coversRegion, type Actor, type Role, type Rule, type Target } from '../../core/access.js';

export const casesActions = [
  'cases.read',
  'cases.report',
  'cases.dispatch',
  'cases.handle',
  'cases.verify',
  'cases.rate',
  'cases.supervise',
  'cases.configure',
  'cases.indicators',
  'cases.export',
  'cases.rate_agency',
  'cases.reveal_phone',
] as const;
export type CasesAction = (typeof casesActions)[number];

/** Region roles per action, each within the node its role is bound to. */
export const casesRoles = {
  read: ['operator', 'community_secretary', 'community_worker', 'grid_leader', 'grid_worker', 'grid_instructor'],
  // 立案, 派遣 (吹哨), approvals, escalation: the street's command centre, the community and the grid leader
  dispatch: ['operator', 'community_secretary', 'community_worker', 'grid_leader'],
  // a case dispatched to "the grid itself" (家事) is handled by the grid's own staff
  gridHandle: ['grid_worker', 'grid_leader'],
  verify: ['grid_worker', 'grid_leader', 'community_worker', 'community_secretary'],
  // a 回访 (follow-up call) records the requester's rating on their behalf
  callback: ['operator', 'community_secretary', 'community_worker'],
  supervise: ['operator', 'community_secretary'],
  configure: ['operator'],
  indicators: ['operator', 'community_secretary', 'community_worker', 'grid_leader', 'grid_worker'],
  export: ['operator', 'community_secretary', 'community_worker'],
  rateAgency: ['community_secretary', 'community_worker'],
} satisfies Record<string, Role[]>;

/** The level a dispatcher's role acts at: a case escalated above it is out of their hands. */
export const dispatchLevel: Partial<Record<Role, CaseLevel>> = {
  grid_leader: 'grid',
  community_worker: 'community',
  community_secretary: 'community',
  operator: 'street',
};

/** A case target: its place, its lead unit and assisting units, and its reporter. */
export type CaseTarget = Target & {
  assistAgencyIds?: readonly number[];
  /** Reporters of the case and of cases merged into it: they follow (read) its progress. */
  reporterIds?: readonly number[];
};

function ofUnit(actor: Actor, target: CaseTarget | undefined): boolean {
  if (!target) return false;
  const units = [target.agencyId, ...(target.assistAgencyIds ?? [])].filter((u) => u != null);
  return assignmentsOf(actor, 'agency_handler').some((a) => a.agencyId !== null && units.includes(a.agencyId));
}

function isLeadUnit(actor: Actor, target: CaseTarget | undefined): boolean {
  const lead = target?.agencyId;
  return lead != null && assignmentsOf(actor, 'agency_handler').some((a) => a.agencyId === lead);
}

const isReporter = (actor: Actor, target?: Target) =>
  target?.ownerUserId != null && target.ownerUserId === actor.userId;

/** Any region-bound role in the case's street: residents and staff may report anywhere in it. */
function inStreet(actor: Actor, target?: Target): boolean {
  return (
    target?.streetId != null && actor.assignments.some((a) => a.regionPath !== null && a.streetId === target.streetId)
  );
}

export const casesRules: Record<CasesAction, Rule> = {
  'cases.read': (actor, t?: CaseTarget) =>
    coversRegion(actor, t, ...casesRoles.read) ||
    ofUnit(actor, t) ||
    isReporter(actor, t) ||
    (t?.reporterIds ?? []).includes(actor.userId),
  'cases.report': (actor, t) => inStreet(actor, t),
  'cases.dispatch': (actor, t) => coversRegion(actor, t, ...casesRoles.dispatch),
  'cases.handle': (actor, t) =>
    t?.agencyId != null ? isLeadUnit(actor, t) : coversRegion(actor, t, ...casesRoles.gridHandle),
  'cases.verify': (actor, t) => coversRegion(actor, t, ...casesRoles.verify),
  'cases.rate': (actor, t) => isReporter(actor, t) || coversRegion(actor, t, ...casesRoles.callback),
  'cases.supervise': (actor, t) => coversRegion(actor, t, ...casesRoles.supervise),
  'cases.configure': (actor, t) => coversRegion(actor, t, ...casesRoles.configure),
  'cases.indicators': (actor, t) => coversRegion(actor, t, ...casesRoles.indicators),
  'cases.export': (actor, t) => coversRegion(actor, t, ...casesRoles.export),
  'cases.rate_agency': (actor, t) => coversRegion(actor, t, ...casesRoles.rateAgency),
  // the reporter's full phone, to call them (联系): whoever handles, dispatches or verifies the case
  'cases.reveal_phone': (actor, t?: CaseTarget) =>
    (t?.agencyId != null ? isLeadUnit(actor, t) : coversRegion(actor, t, ...casesRoles.gridHandle)) ||
    coversRegion(actor, t, ...casesRoles.dispatch) ||
    coversRegion(actor, t, ...casesRoles.verify),
};

/** What list queries filter by, in SQL: region paths, units, and the actor's own reports. */
export type CaseScope = { paths: string[]; agencyIds: number[]; userId: number | null };

export function caseScope(actor: Actor | null): CaseScope {
  if (!actor) return { paths: [], agencyIds: [], userId: null };
  return {
    paths: scopesFor(actor, 'cases.read'),
    agencyIds: assignmentsOf(actor, 'agency_handler').flatMap((a) => (a.agencyId !== null ? [a.agencyId] : [])),
    userId: actor.userId,
  };
}
