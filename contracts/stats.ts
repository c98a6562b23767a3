import { z } from 'zod';

const text = z.object({ zh: z.string(), en: z.string() });

/** One figure of one place, with what it counts (the command centre's building block). */
export const statValue = z.object({
  key: z.string(),
  name: text,
  definition: text,
  unit: text,
  value: z.number(),
});
export type StatValue = z.infer<typeof statValue>;

export const statsQuery = z.object({ region: z.string().regex(/^\d{2,15}$/) });
export const statsResult = z.object({ region: z.string(), regionName: z.string(), stats: z.array(statValue) });
export type StatsResult = z.infer<typeof statsResult>;
