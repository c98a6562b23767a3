import { Refusal, scopesFor } from '../../core/authorize.js';
import type { z } from 'zod';
import type { residentQuery } from '../../../contracts/registry.js';
import type { Actor } from '../../core/access.js';
import type { RegistryAction } from './permissions.js';

export type ResidentFilter = Omit<z.infer<typeof residentQuery>, 'page' | 'pageSize'>;

/** The actor's read scopes, or 403 when the actor reads no registry at all. */
export function readScopes(actor: Actor | null, action: RegistryAction = 'registry.read'): string[] {
  const scopes = scopesFor(actor, action);
  if (scopes.length === 0) throw new Refusal(action);
  return scopes;
}
