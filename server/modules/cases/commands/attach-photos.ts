import type { Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';

/**
 * Attaches photos the same person uploaded (and not yet attached elsewhere) to a case; returns
 * their ids. An id that is unknown, someone else's or another case's is refused.
 */
export async function attachPhotos(
  db: Executor,
  o: { streetId: string; caseId: number; ids: readonly string[]; uploader: string },
): Promise<string[]> {
  const ids = [...new Set(o.ids)];
  if (ids.length === 0) return [];
  const attached = await db
    .updateTable('case_photos')
    .set({ case_id: o.caseId })
    .where('street_id', '=', o.streetId)
    .where('id', 'in', ids)
    .where('uploaded_by', '=', o.uploader)
    .where((eb) => eb.or([eb('case_id', 'is', null), eb('case_id', '=', o.caseId)]))
    .returning('id')
    .execute();
  if (attached.length !== ids.length) refuse(ids, attached);
  return ids;
}

/** Refuses photo ids that are unknown, someone else's or already on a case (checks only; attaches nothing). */
export async function attachablePhotos(
  db: Executor,
  o: { streetId: string; ids: readonly string[]; uploader: string },
): Promise<void> {
  if (o.ids.length === 0) return;
  const free = await db
    .selectFrom('case_photos')
    .select('id')
    .where('street_id', '=', o.streetId)
    .where('id', 'in', [...o.ids])
    .where('uploaded_by', '=', o.uploader)
    .where('case_id', 'is', null)
    .execute();
  if (free.length !== o.ids.length) refuse(o.ids, free);
}

function refuse(ids: readonly string[], usable: readonly { id: string }[]): never {
  const found = new Set(usable.map((a) => a.id));
  const missing = ids.filter((i) => !found.has(i));
  throw new AppError(
    'validation',
    {
      zh: `照片不存在或已被使用：${missing.join('、')}`,
      en: `Unknown or already used photos: ${missing.join(', ')}`,
    },
    { issues: [{ path: 'body.photos', message: { zh: '照片不存在或已被使用', en: 'Unknown or used photo' } }] },
  );
}

/** The location the camera recorded in the first of these photos that has one. */
export async function photoLocation(
  db: Executor,
  o: { streetId: string; ids: readonly string[]; uploader: string },
): Promise<{ lng: number; lat: number } | null> {
  if (o.ids.length === 0) return null;
  const rows = await db
    .selectFrom('case_photos')
    .select(['id', 'lng', 'lat'])
    .where('street_id', '=', o.streetId)
    .where('id', 'in', [...o.ids])
    .where('uploaded_by', '=', o.uploader)
    .execute();
  for (const id of o.ids) {
    const r = rows.find((x) => x.id === id);
    if (r && r.lng !== null && r.lat !== null) return { lng: r.lng, lat: r.lat };
  }
  return null;
}

/**
 * Hands photos a person uploaded (not attached to any case) to another module, all or none: their
 * bytes are returned and the upload rows removed, in the caller's transaction. Unknown, someone
 * else's or used ids are refused with the same words as for a case.
 */
export async function takePhotos(db: Executor, o: { streetId: string; ids: readonly string[]; uploader: string }) {
  const ids = [...new Set(o.ids)];
  if (ids.length === 0) return [];
  const taken = await db
    .deleteFrom('case_photos')
    .where('street_id', '=', o.streetId)
    .where('id', 'in', ids)
    .where('uploaded_by', '=', o.uploader)
    .where('case_id', 'is', null)
    .returning(['id', 'mime', 'data', 'thumb', 'width', 'height'])
    .execute();
  if (taken.length !== ids.length) refuse(ids, taken);
  return taken;
}
