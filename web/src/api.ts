import type { ErrorBody } from '../../contracts/errors.js';
import type { RegionDetail, RegionMap, RegionSearchResult } from '../../contracts/regions.js';
import { currentLang } from './i18n.js';

/** An API error: the server's message (already in the user's language) and field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody['error'],
  ) {
    super(body.message);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': currentLang() } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as ErrorBody | null)?.error ?? { code: 'internal' as const, message: `HTTP ${res.status}` };
    throw new ApiError(res.status, err);
  }
  return body as T;
}

export const api = {
  region: (code: string) => getJson<RegionDetail>(`/api/regions/${encodeURIComponent(code)}`),
  regionMap: (code: string) => getJson<RegionMap>(`/api/regions/${encodeURIComponent(code)}/map`),
  searchRegions: (q?: string, limit = 20) =>
    getJson<RegionSearchResult>(`/api/regions?${new URLSearchParams({ ...(q ? { q } : {}), limit: String(limit) })}`),
};
