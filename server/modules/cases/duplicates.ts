import type { CaseDetail } from '../../../contracts/cases.js';
import { caseNo } from './case-row.js';

/** The box around a case's point where duplicates are looked for, and since when (the street's settings). */
export function duplicateBox(
  at: { lat: number | null; created_at: Date },
  s: { duplicateRadiusM: number; duplicateHours: number },
): { dLat: number | null; dLng: number | null; since: Date } {
  const since = new Date(at.created_at.getTime() - s.duplicateHours * 3600_000);
  if (at.lat === null) return { dLat: null, dLng: null, since };
  return {
    dLat: s.duplicateRadiusM / 111_320,
    dLng: s.duplicateRadiusM / (111_320 * Math.cos((at.lat * Math.PI) / 180)),
    since,
  };
}

/** The candidates within the radius of the case, nearest first. */
export function duplicatesAmong(
  row: { lng: number | null; lat: number | null },
  near: readonly { id: number; title: string; lng: number | null; lat: number | null; created_at: Date }[],
  radiusM: number,
): CaseDetail['duplicates'] {
  return near
    .map((c) => ({ id: c.id, no: caseNo(c.created_at, c.id), title: c.title, distance: Math.round(metres(row, c)) }))
    .filter((c) => c.distance <= radiusM)
    .sort((a, b) => a.distance - b.distance);
}

function metres(a: { lng: number | null; lat: number | null }, b: { lng: number | null; lat: number | null }): number {
  const rad = Math.PI / 180;
  const [lat1, lat2] = [(a.lat ?? 0) * rad, (b.lat ?? 0) * rad];
  const dLat = lat2 - lat1;
  const dLng = ((b.lng ?? 0) - (a.lng ?? 0)) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
