import type {
  AuditPage,
  Me,
  SecurityOverview,
  SecuritySettings,
  UserPage,
  createUserBody,
  updateUserBody,
} from '../../contracts/auth.js';
import type { z } from 'zod';

export type CreateUserBody = z.input<typeof createUserBody>;
export type UpdateUserBody = z.input<typeof updateUserBody>;
import type { ErrorBody } from '../../contracts/errors.js';
import type {
  BuildingDetail,
  BuildingList,
  GridStats,
  HouseholdDetail,
  ImportStatus,
  ResidentDetail,
  ResidentPage,
} from '../../contracts/registry.js';
import type { RegionDetail, RegionMap, RegionSearchResult } from '../../contracts/regions.js';
import type { CaseInput, caseDetail, caseSummary, categoryItem, indicatorRow } from '../../contracts/cases.js';
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

let csrfToken = '';
/** Set after sign-in (and from /api/auth/me): every write sends it back. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

async function request<T>(url: string, init?: { method: 'POST' | 'PATCH' | 'PUT'; body?: unknown }): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  if (init) {
    headers['X-CSRF-Token'] = csrfToken;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(url, {
    method: init?.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    ...(init?.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as ErrorBody | null)?.error ?? { code: 'internal' as const, message: `HTTP ${res.status}` };
    throw new ApiError(res.status, err);
  }
  return body as T;
}

const getJson = <T>(url: string) => request<T>(url);
const post = <T>(url: string, body?: unknown) => request<T>(url, { method: 'POST', body });
const patch = <T>(url: string, body: unknown) => request<T>(url, { method: 'PATCH', body });
const put = <T>(url: string, body: unknown) => request<T>(url, { method: 'PUT', body });

export const api = {
  region: (code: string) => getJson<RegionDetail>(`/api/regions/${encodeURIComponent(code)}`),
  regionMap: (code: string) => getJson<RegionMap>(`/api/regions/${encodeURIComponent(code)}/map`),
  searchRegions: (q?: string, limit = 20) =>
    getJson<RegionSearchResult>(`/api/regions?${new URLSearchParams({ ...(q ? { q } : {}), limit: String(limit) })}`),
  me: () => getJson<Me>('/api/auth/me'),
  login: (username: string, password: string) => post<Me>('/api/auth/login', { username, password }),
  logout: () => post<{ ok: true }>('/api/auth/logout'),
  logoutAll: () => post<{ ok: true }>('/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<{ ok: true }>('/api/auth/password', { currentPassword, newPassword }),
  users: (params: Record<string, string>) => getJson<UserPage>(`/api/users?${new URLSearchParams(params)}`),
  createUser: (body: CreateUserBody) => post<{ id: number }>('/api/users', body),
  unlockUser: (id: number) => post<{ ok: true }>(`/api/users/${id}/unlock`),
  decideUser: (id: number, verdict: 'approve' | 'reject') => post<{ ok: true }>(`/api/users/${id}/${verdict}`),
  updateUser: (id: number, body: UpdateUserBody) => patch<{ ok: true }>(`/api/users/${id}`, body),
  resetPassword: (id: number, password: string) => post<{ ok: true }>(`/api/users/${id}/reset-password`, { password }),
  audit: (params: Record<string, string>) => getJson<AuditPage>(`/api/audit?${new URLSearchParams(params)}`),
  /** A plain link: the browser downloads the file with the session cookie. */
  auditExportUrl: (params: Record<string, string>) => `/api/audit/export?${new URLSearchParams(params)}`,
  security: () => getJson<SecurityOverview>('/api/security/settings'),
  saveSecurity: (s: SecuritySettings) => put<SecurityOverview>('/api/security/settings', s),
  gridStats: (community: string) => getJson<GridStats>(`/api/registry/communities/${community}/grids`),
  buildings: (region: string) => getJson<BuildingList>(`/api/registry/buildings?region=${region}`),
  building: (id: number) => getJson<BuildingDetail>(`/api/registry/buildings/${id}`),
  household: (id: number) => getJson<HouseholdDetail>(`/api/registry/households/${id}`),
  residents: (params: Record<string, string>) =>
    getJson<ResidentPage>(`/api/registry/residents?${new URLSearchParams(params)}`),
  resident: (id: number) => getJson<ResidentDetail>(`/api/registry/residents/${id}`),
  revealResident: (id: number, field: 'idNumber' | 'phone', reason: string) =>
    post<{ value: string | null }>(`/api/registry/residents/${id}/reveal`, { field, reason }),
  residentStatus: (id: number, status: 'moved_out' | 'deceased' | 'active', note: string) =>
    post<{ ok: true }>(`/api/registry/residents/${id}/status`, { status, note }),
  estates: (community: string) =>
    getJson<
      {
        id: number;
        name: string;
        communityCode: string;
        propertyAgencyId: number | null;
        propertyCompany: string | null;
        ownersCommittee: string | null;
        partyBranch: string | null;
        buildings: number;
      }[]
    >(`/api/registry/estates?community=${community}`),
  saveEstate: (
    id: number,
    body: { propertyAgencyId: number | null; ownersCommittee: string | null; partyBranch: string | null },
  ) => put<{ ok: true }>(`/api/registry/estates/${id}`, body),
  saveGridLines: (grid: string, lines: { line: string; person: string; unit: string | null }[]) =>
    put<{ ok: true }>(`/api/registry/grids/${grid}/lines`, { lines }),
  moveHousehold: (id: number, toHouseId: number, note: string) =>
    post<{ number: string }>(`/api/registry/households/${id}/move`, { toHouseId, note }),
  changeOwners: (houseId: number, owners: { name: string }[], since: string) =>
    put<{ ok: true }>(`/api/registry/houses/${houseId}/owners`, { owners, since }),
  residentsExportUrl: (params: Record<string, string>) =>
    `/api/registry/residents/export?${new URLSearchParams(params)}`,
  importTemplateUrl: '/api/registry/import-template',
  importReportUrl: (id: number) => `/api/registry/imports/${id}/report`,
  imports: () =>
    getJson<{ items: { id: number; fileName: string; status: string; createdAt: string }[] }>('/api/registry/imports'),
  importStatus: (id: number) => getJson<ImportStatus>(`/api/registry/imports/${id}`),
  /** Sends the file as the raw body (streamed to disk by the server). */
  startImport: async (file: File, opts: { mode: 'all' | 'valid'; dryRun: boolean }) => {
    const res = await fetch(`/api/registry/imports?mode=${opts.mode}&dryRun=${opts.dryRun}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
        'X-CSRF-Token': csrfToken,
        'Accept-Language': currentLang(),
      },
      body: file,
      credentials: 'same-origin',
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, (body as ErrorBody).error);
    return body as { id: number };
  },
  requestOtp: (phone: string) => post<{ expiresInSeconds: number }>('/api/auth/otp', { phone }),
  loginOtp: (phone: string, code: string) => post<Me>('/api/auth/login-otp', { phone, code }),
};

export type CaseListItem = z.infer<typeof caseSummary>;
export type CaseFull = z.infer<typeof caseDetail>;
export type Category = z.infer<typeof categoryItem>;
export type IndicatorRowT = z.infer<typeof indicatorRow>;
export type Notice = {
  id: number;
  kind: string;
  caseId: number | null;
  title: string;
  body: string;
  count: number;
  updatedAt: string;
  read: boolean;
};

/** Case calls: intake, workbench, steps, settings, indicators, inbox. */
export const caseApi = {
  list: (params: Record<string, string>) =>
    getJson<{ total: number; items: CaseListItem[] }>(`/api/cases?${new URLSearchParams(params)}`),
  exportUrl: (params: Record<string, string>) => `/api/cases/export?${new URLSearchParams(params)}`,
  get: (id: number) => getJson<CaseFull>(`/api/cases/${id}`),
  create: (body: CaseInput) => post<CaseFull & { created: boolean }>('/api/cases', body),
  act: (id: number, action: string, body: Record<string, unknown> = {}) =>
    post<CaseFull>(`/api/cases/${id}/${action}`, body),
  rateAgency: (id: number, score: number, comment?: string) =>
    post<{ ok: true }>(`/api/cases/${id}/agency-rating`, { score, ...(comment ? { comment } : {}) }),
  agencies: () => getJson<{ id: number; name: string; kind: string }[]>('/api/agencies'),
  categories: () => getJson<Category[]>('/api/case-categories'),
  saveCategory: (id: number | null, body: Omit<Category, 'id'>) =>
    id === null ? post<Category>('/api/case-categories', body) : put<Category>(`/api/case-categories/${id}`, body),
  calendar: (year: number) =>
    getJson<{ year: number; days: { day: string; kind: 'holiday' | 'workday'; name: string }[] }>(
      `/api/case-calendar/${year}`,
    ),
  saveCalendar: (year: number, days: { day: string; kind: 'holiday' | 'workday'; name: string }[]) =>
    put<{ year: number }>(`/api/case-calendar/${year}`, { days }),
  settings: () => getJson<Record<string, unknown> & { composite: Record<string, number> }>('/api/case-settings'),
  saveSettings: (s: Record<string, unknown>) => put<Record<string, unknown>>('/api/case-settings', s),
  indicators: (params: Record<string, string>) =>
    getJson<{
      rows: IndicatorRowT[];
      ratings: { agencyId: number; name: string; raterKind: string; mean: number; count: number }[];
    }>(`/api/case-indicators?${new URLSearchParams(params)}`),
  indicatorsExportUrl: (params: Record<string, string>) => `/api/case-indicators/export?${new URLSearchParams(params)}`,
  notifications: () => getJson<{ unread: number; items: Notice[] }>('/api/notifications'),
  markRead: (ids?: number[]) => post<{ marked: number }>('/api/notifications/read', ids ? { ids } : {}),
  photoUrl: (id: string, thumb = false) => `/api/case-photos/${id}${thumb ? '?size=thumb' : ''}`,
  uploadPhoto: async (file: Blob) => {
    const res = await fetch('/api/case-photos', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-CSRF-Token': csrfToken,
        'Accept-Language': currentLang(),
      },
      body: file,
      credentials: 'same-origin',
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, (body as ErrorBody).error);
    return body as { id: string; lng: number | null; lat: number | null };
  },
};
