import type { Db } from '../server/core/db.js';
import { gridIndexOf } from '../server/modules/org/index.js';
import sharp from 'sharp';
import type { CaseDetail } from '../contracts/cases.js';
import type { Client } from './demo-app.js';

/** A JPEG with the camera's GPS position in its EXIF (inside 庆城社区 unless told otherwise). */
export async function photoWithGps(lat = 26.09, lng = 119.3): Promise<Buffer> {
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    const s = Math.round(((v - d) * 60 - m) * 60 * 100);
    return `${d}/1 ${m}/1 ${s}/100`;
  };
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#6a8' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'LinliTestCam', Artist: '张三' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(lat), GPSLongitudeRef: 'E', GPSLongitude: dms(lng) },
    })
    .toBuffer();
}

/** Uploads a photo as the client's user; returns the upload answer. */
export async function uploadPhoto(
  client: Client,
  body: Buffer,
  contentType = 'image/jpeg',
): Promise<{ status: number; json: { id: string; lng: number | null; lat: number | null } }> {
  const res = await client.raw({
    method: 'POST',
    url: '/api/case-photos',
    payload: body,
    headers: { 'content-type': contentType },
  });
  return { status: res.statusCode, json: res.json() };
}

/** Takes a step on a case and returns the answer. */
export async function step(client: Client, id: number, action: string, body: object = {}) {
  const res = await client.post(`/api/cases/${id}/${action}`, body);
  return { status: res.statusCode, json: res.json<CaseDetail & { error?: { code: string; message: string } }>() };
}

/** A point inside a grid (the centre of its bounding box, checked against the grid index). */
export async function pointIn(db: Db, gridCode: string): Promise<{ lng: number; lat: number }> {
  const b = await db
    .selectFrom('region_boundaries')
    .select(['street_id', 'min_lng', 'min_lat', 'max_lng', 'max_lat'])
    .where('region_code', '=', gridCode)
    .executeTakeFirstOrThrow();
  const index = await gridIndexOf(db, b.street_id);
  for (let i = 1; i < 50; i++) {
    const lng = b.min_lng + ((b.max_lng - b.min_lng) * ((i * 7) % 50)) / 50;
    const lat = b.min_lat + ((b.max_lat - b.min_lat) * ((i * 13) % 50)) / 50;
    if (index.locate(lng, lat) === gridCode)
      return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
  }
  throw new Error(`no point found in ${gridCode}`);
}
