import { allowed } from '../../core/authorize.js';
import type { ResidentTag } from '../../../contracts/registry.js';
import { sensitiveTags } from '../../../contracts/registry.js';
import { coversRegion, type Actor, type Role, type Rule, type Target } from '../../core/access.js';
import { roleBinding, roles } from '../../../contracts/roles.js';

/** Every role bound to a place (not the platform's administrators, not a handling unit's staff). */
const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

export const registryActions = [
  'registry.read',
  'registry.read_sensitive_tags',
  'registry.reveal',
  'registry.edit',
  'registry.import',
  'registry.export',
  'registry.locate',
] as const;
export type RegistryAction = (typeof registryActions)[number];

/** Who may do what, each within the region node their role is bound to (and everything under it). */
export const registryRoles: Record<RegistryAction, Role[]> = {
  'registry.read': [
    'operator',
    'community_secretary',
    'community_worker',
    'grid_leader',
    'grid_worker',
    'grid_instructor',
  ],
  // 低保, 残疾, 优抚 and special groups: those who visit and care for these residents
  'registry.read_sensitive_tags': ['community_secretary', 'community_worker', 'grid_leader', 'grid_worker'],
  // the full ID number or phone: to reach or verify a resident, always with a reason
  'registry.reveal': ['community_secretary', 'community_worker', 'grid_leader', 'grid_worker'],
  'registry.edit': ['community_secretary', 'community_worker', 'grid_leader', 'grid_worker'],
  'registry.import': ['operator', 'community_secretary', 'community_worker'],
  'registry.export': ['operator', 'community_secretary', 'community_worker'],
  // a phone's GPS point named as a grid and the nearest building: whoever reports or works in the street
  'registry.locate': REGION_ROLES,
};

export const registryRules = Object.fromEntries(
  registryActions.map((action) => [
    action,
    ((actor: Actor, target?: Target) => coversRegion(actor, target, ...registryRoles[action])) satisfies Rule,
  ]),
) as Record<RegistryAction, Rule>;

/** The tags an actor may see of a resident at `regionPath`: sensitive ones only with the permission. */
export function visibleTags(actor: Actor | null, regionPath: string, tags: readonly ResidentTag[]): ResidentTag[] {
  const sensitiveOk = actor !== null && allowed(actor, 'registry.read_sensitive_tags', { regionPath });
  return sensitiveOk ? [...tags] : tags.filter((t) => !sensitiveTags.includes(t));
}
