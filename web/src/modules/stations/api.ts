import { z } from 'zod';
import {
  appointmentRow,
  coverageReport,
  loanRow,
  serviceItemRow,
  slotRow,
  stationRow,
  type bookInput,
  type FacilityKind,
  type serviceItemInput,
  type stationInput,
  type StationKind,
} from '../../../../contracts/stations.js';
import { http, withQuery } from '../../lib/http.js';

const ok = z.object({ ok: z.literal(true) });
const created = z.object({ id: z.number() });
const proxyRow = z.object({
  id: z.number(),
  item: z.string(),
  resident: z.string(),
  reason: z.string(),
  state: z.string(),
  materials: z.array(z.object({ name: z.string(), receivedAt: z.string(), returnedAt: z.string().nullable() })),
  receivedAt: z.string(),
  signedBy: z.string().nullable(),
  worker: z.string(),
});
export const stationDetail = z.object({
  station: stationRow,
  day: z.string(),
  slots: z.array(slotRow),
  appointments: z.array(appointmentRow),
  loans: z.array(loanRow),
  proxies: z.array(proxyRow),
  canManage: z.boolean(),
  canServe: z.boolean(),
});
export type Station = z.infer<typeof stationRow>;
export type StationDetail = z.infer<typeof stationDetail>;
export type ServiceItem = z.infer<typeof serviceItemRow>;
export type Appointment = z.infer<typeof appointmentRow>;
const catalogue = z.object({
  categories: z.array(z.object({ id: z.number(), name: z.string() })),
  items: z.array(serviceItemRow),
});

/** 党群服务阵地 (module `stations`). */
export const stationsApi = {
  list: (region: string, kind?: StationKind) =>
    http.get(
      z.object({ items: z.array(stationRow), canManage: z.boolean(), canServe: z.boolean() }),
      withQuery('/api/stations', { region, kind }),
    ),
  near: (q: {
    lng: number;
    lat: number;
    facility?: FacilityKind | undefined;
    open: boolean;
    kind?: StationKind | undefined;
  }) =>
    http.get(
      z.object({ items: z.array(stationRow) }),
      withQuery('/api/stations/near', {
        lng: q.lng,
        lat: q.lat,
        facility: q.facility,
        kind: q.kind,
        open: q.open ? '1' : '0',
        radius: 3000,
      }),
    ),
  detail: (street: string, id: number, day?: string) =>
    http.get(stationDetail, withQuery(`/api/stations/${street}/${id}`, { day })),
  slots: (street: string, id: number, day: string) =>
    http.get(
      z.object({ day: z.string(), slots: z.array(slotRow) }),
      withQuery(`/api/stations/${street}/${id}/slots`, { day }),
    ),
  create: (body: z.input<typeof stationInput>) => http.post(created, '/api/stations', body),
  update: (street: string, id: number, body: z.input<typeof stationInput>) =>
    http.put(ok, `/api/stations/${street}/${id}`, body),
  setFacility: (street: string, id: number, body: { kind: FacilityKind; name: string; stock: number }) =>
    http.put(created, `/api/stations/${street}/${id}/facilities`, body),
  lend: (street: string, body: { facilityId: number; borrower: string }) =>
    http.post(created, `/api/stations/${street}/loans`, body),
  giveBack: (street: string, loan: number) => http.post(ok, `/api/stations/${street}/loans/${loan}/return`),
  coverage: (q: { region: string; kind: StationKind; speed?: number; minutes?: number; detour?: number }) =>
    http.get(coverageReport, withQuery('/api/stations/coverage', q)),
  catalogue: (street: string, community?: string) =>
    http.get(catalogue, withQuery('/api/services', { street, community })),
  saveItem: (body: z.input<typeof serviceItemInput> & { street: string }) =>
    http.post(created, '/api/services/items', body),
  importCatalogue: (street: string, file: File) =>
    http.upload(
      z.object({ items: z.number(), categories: z.number() }),
      withQuery('/api/services/import', { street }),
      file,
      {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    ),
  book: (body: z.input<typeof bookInput>) => http.post(created, '/api/appointments', body),
  mine: () => http.get(z.object({ items: z.array(appointmentRow) }), '/api/appointments/mine'),
  cancel: (street: string, id: number) => http.post(ok, `/api/appointments/${street}/${id}/cancel`),
  attend: (street: string, id: number, state: 'checked_in' | 'no_show') =>
    http.post(ok, `/api/appointments/${street}/${id}/attend`, { state }),
  takeProxy: (
    street: string,
    id: number,
    body: { itemId: number; resident: string; reason: string; materials: string[] },
  ) => http.post(created, `/api/stations/${street}/${id}/proxies`, body),
  canteen: (street: string, id: number, day?: string) =>
    http.get(
      z.object({
        day: z.string(),
        meals: z.array(
          z.object({
            id: z.number(),
            meal: z.enum(['lunch', 'dinner']),
            diner: z.string(),
            care: z.boolean(),
            price: z.string(),
            subsidy: z.string(),
          }),
        ),
        month: z.object({ meals: z.number(), careMeals: z.number(), subsidy: z.string() }),
        careSubjects: z.array(z.object({ id: z.number(), name: z.string() })),
      }),
      withQuery(`/api/stations/${street}/${id}/canteen`, { day }),
    ),
  serveMeal: (
    street: string,
    id: number,
    body: {
      meal: 'lunch' | 'dinner';
      diner?: string | null;
      careSubjectId?: number | null;
      price: number;
      subsidy?: number;
    },
  ) => http.post(created, `/api/stations/${street}/${id}/meals`, body),
  advanceProxy: (street: string, id: number, body: { state: 'done' | 'returned'; signedBy?: string | null }) =>
    http.post(ok, `/api/proxies/${street}/${id}`, body),
};

/** Distance in words: 350米, 1.2公里. */
export const distanceText = (m: number | null) =>
  m === null ? '' : m < 1000 ? `${m}米` : `${(m / 1000).toFixed(1)}公里`;
/** A moment in China time, 今天 14:30 or 12月8日 08:30. */
export function whenText(iso: string) {
  const d = new Date(iso);
  const local = (x: Date) => x.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const time = d.toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  if (local(d) === local(new Date())) return `今天 ${time}`;
  if (local(d) === local(new Date(Date.now() + 86_400_000))) return `明天 ${time}`;
  return `${d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' })} ${time}`;
}
/** Open now and until when, or when it opens next, in words. */
export function openText(s: Station) {
  if (s.now.open) return s.now.until ? `营业中 · ${whenText(s.now.until)}关闭` : '营业中 · 24小时';
  return s.now.next ? `已关闭 · ${whenText(s.now.next)}开放` : '暂停开放';
}
/** Local days from today, YYYY-MM-DD. */
export const dayFromToday = (n: number) =>
  new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
