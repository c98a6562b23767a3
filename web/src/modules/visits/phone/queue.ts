import type { VisitInput } from '../../../../../contracts/visits.js';

/**
 * Visits recorded with no network wait here (this browser's storage) until it returns; each keeps
 * its client id, so a resend after a lost answer is never a second visit (the server answers the
 * first record).
 */
const KEY = 'linli.visits.queue';

export type Queued = VisitInput & { clientId: string; label: string };

export function queued(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
  } catch {
    return [];
  }
}

export function enqueue(v: Queued): void {
  localStorage.setItem(KEY, JSON.stringify([...queued().filter((q) => q.clientId !== v.clientId), v]));
}

export function dequeue(clientId: string): void {
  localStorage.setItem(KEY, JSON.stringify(queued().filter((q) => q.clientId !== clientId)));
}

/** A fresh client id for a record (the server keeps it per visitor). */
export const newClientId = () => `v-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** True when a send failed for want of a network (not a refusal by the server). */
export const isNetworkError = (e: unknown) => e instanceof TypeError || !navigator.onLine;
