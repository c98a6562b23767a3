import { z } from 'zod';
import { agencyItem, regionDetail, regionMap, regionSearchResult } from '../../../../contracts/regions.js';
import { statsResult } from '../../../../contracts/stats.js';
import { http, withQuery } from '../../lib/http.js';

/** The region tree and the street's units (module `org`). */
export const regionsApi = {
  region: (code: string) => http.get(regionDetail, `/api/regions/${encodeURIComponent(code)}`),
  regionMap: (code: string) => http.get(regionMap, `/api/regions/${encodeURIComponent(code)}/map`),
  searchRegions: (q?: string, limit = 20) => http.get(regionSearchResult, withQuery('/api/regions', { q, limit })),
  agencies: () => http.get(z.array(agencyItem), '/api/agencies'),
  /** Every module's figures for one place (the command centre's source). */
  stats: (region: string) => http.get(statsResult, withQuery('/api/stats', { region })),
};
