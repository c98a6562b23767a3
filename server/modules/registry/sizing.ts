import { z } from 'zod';

/**
 * The registry's per-street settings (manifest `config`, read through core/settings.ts): the grid
 * sizing rule — 庆城社区's 300–500 households a grid, at most 2,500 residents (docs/RULES.md).
 */
export const registrySettingsSchema = z.object({
  minHouseholds: z.number().int().min(1).max(100_000).default(300),
  maxHouseholds: z.number().int().min(1).max(100_000).default(500),
  maxResidents: z.number().int().min(1).max(1_000_000).default(2500),
});
export type SizingRule = z.infer<typeof registrySettingsSchema>;

export function sizingOf(rule: SizingRule, households: number, residents: number): 'under' | 'ok' | 'over' {
  if (households > rule.maxHouseholds || residents > rule.maxResidents) return 'over';
  if (households < rule.minHouseholds) return 'under';
  return 'ok';
}
