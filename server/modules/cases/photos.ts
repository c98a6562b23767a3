import { inStreets } from '../../core/sql-scope.js';
import crypto from 'node:crypto';
import exifr from 'exifr';
import sharp from 'sharp';
import { streetsOfActor, type Actor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { AppError, notFound } from '../../core/errors.js';
import { loadCase, targetOf } from './case-row.js';
import type { Executor } from '../../core/db.js';

/** Largest photo accepted (phones take 3–8 MB pictures). */
export const MAX_PHOTO_BYTES = 12 * 1024 * 1024;
const MAX_SIDE = 2048;
const THUMB_SIDE = 320;

type Mime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type from the first bytes, never from the name or the header the client sent. */
export function sniffImage(b: Buffer): Mime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

export type ProcessedPhoto = {
  mime: Mime;
  data: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  lng: number | null;
  lat: number | null;
  takenAt: Date | null;
};

const notImage = () =>
  new AppError('validation', {
    zh: '只能上传 JPEG、PNG 或 WebP 格式的照片',
    en: 'Only JPEG, PNG or WebP photos are accepted',
  });

/**
 * Reads the location and time the camera wrote (EXIF), then re-encodes the picture without any
 * metadata — the stored file carries no GPS, device or owner data — turned upright and at most
 * 2048 px a side, with a 320 px thumbnail.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  const mime = sniffImage(input);
  if (!mime) throw notImage();
  if (input.length > MAX_PHOTO_BYTES)
    throw new AppError('payload_too_large', { zh: '照片不能超过 12 MB', en: 'A photo may be at most 12 MB' });
  let lng: number | null = null;
  let lat: number | null = null;
  let takenAt: Date | null = null;
  try {
    const gps = (await exifr.gps(input)) as { latitude?: number; longitude?: number } | undefined;
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
      lat = gps.latitude ?? null;
      lng = gps.longitude ?? null;
    }
    const exif = (await exifr.parse(input, ['DateTimeOriginal'])) as { DateTimeOriginal?: unknown } | undefined;
    if (exif?.DateTimeOriginal instanceof Date && !Number.isNaN(exif.DateTimeOriginal.getTime()))
      takenAt = exif.DateTimeOriginal;
  } catch {
    // no or broken EXIF: the photo is still good
  }
  try {
    const base = sharp(input, { failOn: 'error' }).rotate().resize({
      width: MAX_SIDE,
      height: MAX_SIDE,
      fit: 'inside',
      withoutEnlargement: true,
    });
    const encoded =
      mime === 'image/png'
        ? base.png()
        : mime === 'image/webp'
          ? base.webp({ quality: 85 })
          : base.jpeg({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data)
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { mime, data, thumb, width: info.width, height: info.height, lng, lat, takenAt };
  } catch {
    throw new AppError('validation', {
      zh: '照片文件已损坏，无法读取',
      en: 'The photo is damaged and cannot be read',
    });
  }
}

/** Stores a processed photo, not yet attached to a case; returns its id. */
export async function storePhoto(
  db: Executor,
  p: { streetId: string; uploader: string; photo: ProcessedPhoto },
): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .insertInto('case_photos')
    .values({
      street_id: p.streetId,
      id,
      case_id: null,
      uploaded_by: p.uploader,
      mime: p.photo.mime,
      data: p.photo.data,
      thumb: p.photo.thumb,
      width: p.photo.width,
      height: p.photo.height,
      lng: p.photo.lng,
      lat: p.photo.lat,
      taken_at: p.photo.takenAt,
    })
    .execute();
  return id;
}

/**
 * Removes photos uploaded but never attached to a case (the report was abandoned) once they are
 * a day old: they may show a person or a home, and nobody will ever look at them.
 */
export async function sweepUnattachedPhotos(db: Executor, olderThanMs = 86_400_000): Promise<number> {
  const r = await db
    .deleteFrom('case_photos')
    .where('case_id', 'is', null)
    .where('created_at', '<', new Date(Date.now() - olderThanMs))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * A photo the actor may see: one they uploaded, or one of a case they may read. Anything else is
 * "not found" (a photo's existence is not told).
 */
export async function readablePhoto(db: Executor, actor: Actor, id: string) {
  const photo = await db
    .selectFrom('case_photos')
    .selectAll()
    .where(inStreets('street_id', streetsOfActor(actor)))
    .where('id', '=', id)
    .executeTakeFirst();
  const missing = { zh: '照片', en: 'Photo' };
  if (!photo) throw notFound(missing);
  if (photo.uploaded_by === `user:${actor.userId}`) return photo;
  const row = photo.case_id !== null ? await loadCase(db, photo.case_id, photo.street_id) : undefined;
  if (!row) throw notFound(missing);
  authorize(actor, 'cases.read', targetOf(row), { hide: missing });
  return photo;
}
