import { z } from 'zod';

/** The grid sizing rule (Qingcheng: 300–500 households a grid; at most 2,500 residents), configurable. */
export type SizingRule = { minHouseholds: number; maxHouseholds: number; maxResidents: number };

const env = z.object({
  LINLI_GRID_MIN_HOUSEHOLDS: z.coerce.number().int().min(1).default(300),
  LINLI_GRID_MAX_HOUSEHOLDS: z.coerce.number().int().min(1).default(500),
  LINLI_GRID_MAX_RESIDENTS: z.coerce.number().int().min(1).default(2500),
});

export function sizingRule(source: NodeJS.ProcessEnv = process.env): SizingRule {
  const e = env.parse(source);
  return {
    minHouseholds: e.LINLI_GRID_MIN_HOUSEHOLDS,
    maxHouseholds: e.LINLI_GRID_MAX_HOUSEHOLDS,
    maxResidents: e.LINLI_GRID_MAX_RESIDENTS,
  };
}

export function sizingOf(rule: SizingRule, households: number, residents: number): 'under' | 'ok' | 'over' {
  if (households > rule.maxHouseholds || residents > rule.maxResidents) return 'over';
  if (households < rule.minHouseholds) return 'under';
  return 'ok';
}
