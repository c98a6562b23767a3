import { createHmac, timingSafeEqual } from 'node:crypto';

/** A check-in code lives 30 seconds; the one before it still counts (a scan taken as it turned). */
export const WINDOW_MS = 30_000;

const mac = (secret: string, activityId: number, window: number) =>
  createHmac('sha256', secret).update(`${activityId}:${window}`).digest('base64url').slice(0, 22);

/** The code the organiser's phone shows now, and when it turns. */
export function checkinToken(secret: string, activityId: number, now = Date.now()) {
  const window = Math.floor(now / WINDOW_MS);
  return { token: `${window}.${mac(secret, activityId, window)}`, turnsAt: new Date((window + 1) * WINDOW_MS) };
}

/** Whether a scanned code is this activity's, of this window or the one before (forged or old: false). */
export function tokenValid(secret: string, activityId: number, token: string, now = Date.now()): boolean {
  const [w, given] = token.split('.');
  const window = Number(w);
  const current = Math.floor(now / WINDOW_MS);
  if (!Number.isInteger(window) || !given || (window !== current && window !== current - 1)) return false;
  const want = Buffer.from(mac(secret, activityId, window));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Metres between two points (equirectangular: exact enough within a few kilometres). */
export function metres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const k = Math.PI / 180;
  const x = (b.lng - a.lng) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.round(Math.sqrt(x * x + y * y) * 6_371_000);
}

/** Hours between check-in and check-out, never more than the activity lasts, to the hundredth. */
export function hoursOf(checkin: Date, checkout: Date, starts: Date, ends: Date): number {
  const worked = Math.max(0, checkout.getTime() - checkin.getTime());
  const cap = ends.getTime() - starts.getTime();
  return Math.round((Math.min(worked, cap) / 3_600_000) * 100) / 100;
}

/** Stars (0–5) for confirmed hours, with the hours the next star needs. */
export function starsOf(hours: number, thresholds: readonly number[]) {
  const stars = thresholds.filter((t) => hours >= t).length;
  return { stars, next: thresholds[stars] ?? null };
}
