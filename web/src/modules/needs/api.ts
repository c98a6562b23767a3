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
import {
  libraries,
  projectDetail,
  purchaseDetail,
  purchaseRow,
  yearReport,
  type purchaseInput,
} from '../../../../contracts/purchases.js';
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
  project: (id: number) => http.get(projectDetail, `/api/needs/projects/${id}`),
  addMilestone: (id: number, title: string, dueOn: string) =>
    http.post(created, `/api/needs/projects/${id}/milestones`, { title, dueOn }),
  milestoneDone: (id: number, evidence: string, photos: string[]) =>
    http.post(ok, `/api/needs/milestones/${id}/done`, { evidence, photos }),
  evidenceUrl: (photo: string) => `/api/needs/evidence/${photo}`,
  libraries: (community: string) => http.get(libraries, withQuery('/api/needs/libraries', { community })),
  purchases: (community: string) =>
    http.get(z.object({ items: z.array(purchaseRow) }), withQuery('/api/needs/purchases', { community })),
  purchase: (id: number, community: string) =>
    http.get(purchaseDetail, withQuery(`/api/needs/purchases/${id}`, { community })),
  addPurchase: (body: z.input<typeof purchaseInput>) => http.post(created, '/api/needs/purchases', body),
  accept: (id: number, body: { itemId: number; count: number; evidence: string; photos: string[] }) =>
    http.post(created, `/api/needs/purchases/${id}/acceptances`, body),
  pay: (id: number, paymentId: number) => http.post(ok, `/api/needs/purchases/${id}/payments/${paymentId}/pay`),
  report: (community: string, year: number) =>
    http.get(yearReport, withQuery('/api/needs/report', { community, year })),
  reportXlsx: (community: string, year: number) => withQuery('/api/needs/report.xlsx', { community, year }),
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
