import { z } from 'zod';
import {
  candidates,
  needRow,
  page,
  projectRow,
  resourceRow,
  wishList,
  menuList,
  orderList,
  type orderStep,
  type matchInput,
  type needInput,
  type resourceInput,
  type wishInput,
} from '../../../../contracts/needs.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });
const ok = z.object({ ok: z.literal(true) });
type Q = Record<string, string | number | undefined>;

/** 需求对接 (module `needs`). */
export const needsApi = {
  resources: (q: Q) => http.get(page(resourceRow), withQuery('/api/needs/resources', q)),
  addResource: (body: z.input<typeof resourceInput> & { street: string }) =>
    http.post(created, '/api/needs/resources', body),
  needs: (q: Q) => http.get(page(needRow), withQuery('/api/needs/needs', q)),
  addNeed: (body: z.input<typeof needInput>) => http.post(created, '/api/needs/needs', body),
  candidates: (id: number) => http.get(candidates, `/api/needs/needs/${id}/candidates`),
  match: (id: number, body: z.input<typeof matchInput>) => http.post(created, `/api/needs/needs/${id}/match`, body),
  projects: (q: Q) => http.get(page(projectRow), withQuery('/api/needs/projects', q)),
  rate: (id: number, rating: number, comment = '') =>
    http.post(ok, `/api/needs/projects/${id}/rate`, { rating, comment }),
  wishes: (q: { community?: string; view: 'wall' | 'board' | 'mine' }) =>
    http.get(wishList, withQuery('/api/needs/wishes', q)),
  postWish: (body: z.input<typeof wishInput>) => http.post(created, '/api/needs/wishes', body),
  decideWish: (id: number, approve: boolean, reason = '') =>
    http.post(ok, `/api/needs/wishes/${id}/decide`, { approve, reason }),
  claim: (id: number) => http.post(ok, `/api/needs/wishes/${id}/claim`),
  deliver: (id: number, photos: string[]) => http.post(ok, `/api/needs/wishes/${id}/deliver`, { photos }),
  confirm: (id: number) => http.post(ok, `/api/needs/wishes/${id}/confirm`),
  photoUrl: (wish: number, photo: string) => `/api/needs/wishes/${wish}/photos/${photo}`,
  menu: () => http.get(menuList, '/api/needs/menu'),
  order: (resourceId: number, note = '') => http.post(created, '/api/needs/orders', { resourceId, note }),
  orders: (view: 'community' | 'unit' | 'mine', community?: string) =>
    http.get(orderList, withQuery('/api/needs/orders', { view, community })),
  step: (id: number, body: z.input<typeof orderStep>) => http.post(ok, `/api/needs/orders/${id}/step`, body),
  raiseNeed: (body: { category: string; title: string; detail: string; urgency: 'normal' | 'urgent' }) =>
    http.post(created, '/api/needs/mine', body),
  myNeeds: () =>
    http.get(
      z.object({
        items: z.array(
          z.object({
            id: z.number(),
            title: z.string(),
            categoryName: z.string(),
            state: z.string(),
            stateName: z.string(),
            createdAt: z.string(),
          }),
        ),
      }),
      '/api/needs/mine',
    ),
  fromCase: (caseId: number, category: string) => http.post(created, '/api/needs/from-case', { caseId, category }),
  helpers: () =>
    http.get(
      z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), role: z.string() })) }),
      '/api/needs/helpers',
    ),
};
