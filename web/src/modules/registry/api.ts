import { z } from 'zod';
import {
  buildingDetail,
  buildingList,
  estateItem,
  gridStats,
  householdDetail,
  householdMoved,
  importList,
  importStarted,
  importStatus,
  okResult,
  residentDetail,
  residentPage,
  revealResult,
  placeAt,
  myHome,
} from '../../../../contracts/registry.js';
import { http, withQuery } from '../../lib/http.js';

type Query = Record<string, string>;

/** Grids, buildings, households and residents; imports (module `registry`). */
export const registryApi = {
  /** A GPS point (WGS-84) as its grid and the nearest registered building. */
  place: (lng: number, lat: number) =>
    http.get(placeAt, withQuery('/api/registry/place', { lng: String(lng), lat: String(lat) })),
  /** Where the signed-in resident lives, by the registry (null when it does not know them). */
  home: () => http.get(myHome, '/api/registry/home'),
  gridStats: (community: string) => http.get(gridStats, `/api/registry/communities/${community}/grids`),
  buildings: (region: string) => http.get(buildingList, withQuery('/api/registry/buildings', { region })),
  building: (id: number) => http.get(buildingDetail, `/api/registry/buildings/${id}`),
  household: (id: number) => http.get(householdDetail, `/api/registry/households/${id}`),
  residents: (params: Query) => http.get(residentPage, withQuery('/api/registry/residents', params)),
  resident: (id: number) => http.get(residentDetail, `/api/registry/residents/${id}`),
  revealResident: (id: number, field: 'idNumber' | 'phone', reason: string) =>
    http.post(revealResult, `/api/registry/residents/${id}/reveal`, { field, reason }),
  residentStatus: (id: number, status: 'moved_out' | 'deceased' | 'active', note: string) =>
    http.post(okResult, `/api/registry/residents/${id}/status`, { status, note }),
  estates: (community: string) => http.get(z.array(estateItem), withQuery('/api/registry/estates', { community })),
  saveEstate: (
    id: number,
    body: { propertyAgencyId: number | null; ownersCommittee: string | null; partyBranch: string | null },
  ) => http.put(okResult, `/api/registry/estates/${id}`, body),
  saveGridLines: (grid: string, lines: { line: string; person: string; unit: string | null }[]) =>
    http.put(okResult, `/api/registry/grids/${grid}/lines`, { lines }),
  moveHousehold: (id: number, toHouseId: number, note: string) =>
    http.post(householdMoved, `/api/registry/households/${id}/move`, { toHouseId, note }),
  changeOwners: (houseId: number, owners: { name: string }[], since: string) =>
    http.put(okResult, `/api/registry/houses/${houseId}/owners`, { owners, since }),
  residentsExportUrl: (params: Query) => withQuery('/api/registry/residents/export', params),
  importTemplateUrl: '/api/registry/import-template',
  importReportUrl: (id: number) => `/api/registry/imports/${id}/report`,
  imports: () => http.get(importList, '/api/registry/imports'),
  importStatus: (id: number) => http.get(importStatus, `/api/registry/imports/${id}`),
  startImport: (file: File, opts: { mode: 'all' | 'valid'; dryRun: boolean }) =>
    http.upload(importStarted, withQuery('/api/registry/imports', { mode: opts.mode, dryRun: opts.dryRun }), file, {
      'X-File-Name': encodeURIComponent(file.name),
    }),
};
