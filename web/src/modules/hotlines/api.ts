import { hotlineList, hotlineSaved, type HotlineInput } from '../../../../contracts/hotlines.js';
import { okResult } from '../../../../contracts/registry.js';
import { http, withQuery } from '../../lib/http.js';

/** A community's service numbers (module `hotlines`). */
export const hotlinesApi = {
  list: (community?: string) => http.get(hotlineList, withQuery('/api/hotlines', { community })),
  add: (h: HotlineInput) => http.post(hotlineSaved, '/api/hotlines', h),
  change: (id: number, h: HotlineInput) => http.put(hotlineSaved, `/api/hotlines/${id}`, h),
  remove: (id: number) => http.post(okResult, `/api/hotlines/${id}/remove`),
};
