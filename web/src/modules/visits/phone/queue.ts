import { createStore, del, entries, set } from 'idb-keyval';
import type { VisitInput } from '../../../../../contracts/visits.js';
import { casesApi } from '../../cases/api.js';
import { visitsApi } from '../api.js';

/**
 * Visits recorded with no network wait in this phone's IndexedDB (idb-keyval) until it returns,
 * photos and all; each keeps its client id, so a resend after a lost answer is never a second
 * visit (the server answers the first record). A photo is uploaded once: its id replaces its bytes
 * in the queued record as soon as the upload succeeds.
 */
const store = () => createStore('linli-visits', 'queue');

export type Queued = VisitInput & { clientId: string; label: string; files?: Blob[]; queuedAt: number };

export async function queued(): Promise<Queued[]> {
  try {
    return (await entries<string, Queued>(store())).map(([, v]) => v).sort((a, b) => a.queuedAt - b.queuedAt);
  } catch {
    return [];
  }
}

export const enqueue = (v: Queued) => set(v.clientId, v, store());
export const dequeue = (clientId: string) => del(clientId, store());

/** A fresh client id for a record (the server keeps it per visitor). */
export const newClientId = () => `v-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** True when a send failed for want of a network (not a refusal by the server). */
export const isNetworkError = (e: unknown) => e instanceof TypeError || !navigator.onLine;

/** Sends one record: its photos first (each once), then the visit. Throws what the send threw. */
export async function send(v: Queued): Promise<void> {
  let item = v;
  for (const file of v.files ?? []) {
    const up = await casesApi.uploadPhoto(file);
    item = { ...item, photos: [...(item.photos ?? []), up.id], files: (item.files ?? []).slice(1) };
    await enqueue(item).catch(() => undefined); // remember the upload if the visit itself fails
  }
  const { label: _label, files: _files, queuedAt: _at, ...body } = item;
  await visitsApi.record(body);
}
