import { z } from 'zod';
import {
  buildingCoverage,
  coverage,
  visitEdits,
  visitLog,
  visitPlan,
  visitRecorded,
  type VisitInput,
} from '../../../../contracts/visits.js';
import { http, withQuery } from '../../lib/http.js';

/** Visits (module `visits`). */
export const visitsApi = {
  coverage: (region: string) => http.get(coverage, withQuery('/api/visits/coverage', { region })),
  buildings: (region: string) => http.get(buildingCoverage, withQuery('/api/visits/buildings', { region })),
  plan: (grid: string, month?: string) => http.get(visitPlan, withQuery('/api/visits/plan', { grid, month })),
  generate: (region: string, month: string) =>
    http.post(z.object({ plans: z.number(), households: z.number() }), '/api/visits/plans', { region, month }),
  log: (q: Record<string, string | number | undefined>) => http.get(visitLog, withQuery('/api/visits', q)),
  record: (body: VisitInput) => http.post(visitRecorded, '/api/visits', body),
  edits: (id: number) => http.get(visitEdits, `/api/visits/${id}/edits`),
};
