import { z } from 'zod';
import { boardStates, day } from './party.js';

/**
 * 双报到 of a whole unit (seeds/001: 机关企事业单位党组织到社区报到): a co-building unit's party
 * branch reports to a community, the community secretary approves it with a post (设岗定责), and
 * the unit records what its branch did there (how many members, hours each). Module `party`.
 */
const code12 = z.string().regex(/^\d{12}$/);

export const unitReportInput = z.object({
  community: code12,
  /** How many of the branch's members will serve in the community. */
  members: z.number().int().min(1).max(1000),
  note: z.string().trim().max(200).default(''),
});

export const unitServiceInput = z.object({
  servedOn: day,
  people: z.number().int().min(1).max(1000),
  hours: z.number().positive().max(24),
  what: z.string().trim().min(2).max(200),
});

/** A unit's report as the community's board shows it. */
export const unitReportItem = z.object({
  id: z.number(),
  agencyId: z.number(),
  unit: z.string(),
  branch: z.string().nullable(),
  members: z.number(),
  state: z.enum(boardStates),
  stateName: z.string(),
  post: z.string().nullable(),
  note: z.string(),
  requestedAt: z.string(),
  servicesThisYear: z.number(),
  /** Person-hours: people × hours summed over the year's services. */
  personHoursThisYear: z.number(),
});
export const unitReportBoard = z.object({
  items: z.array(unitReportItem),
  counts: z.record(z.string(), z.number()),
  yearlyMinimum: z.number(),
  canDecide: z.boolean(),
});

/** A unit's own reports, with the communities it may report to and the services it recorded. */
export const myUnitReports = z.object({
  communities: z.array(z.object({ code: z.string(), name: z.string() })),
  items: z.array(
    unitReportItem.extend({
      community: z.string(),
      communityName: z.string(),
      services: z.array(
        z.object({ id: z.number(), servedOn: z.string(), people: z.number(), hours: z.number(), what: z.string() }),
      ),
    }),
  ),
});
