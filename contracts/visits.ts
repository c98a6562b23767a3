import { z } from 'zod';

/**
 * Visits and care (module `visits`, docs/DOMAIN.md "Visits and care"): how often each household
 * must be seen, from its residents' tags (docs/RULES.md "Visits").
 */
export const frequencies = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof frequencies)[number];
export const frequencyNames: Record<Frequency, { zh: string; en: string }> = {
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  yearly: { zh: '每年', en: 'Yearly' },
};

export const careLevels = ['high', 'key', 'general'] as const;
export type CareLevel = (typeof careLevels)[number];
export const careLevelNames: Record<CareLevel, { zh: string; en: string }> = {
  high: { zh: '高风险', en: 'High' },
  key: { zh: '重点', en: 'Key' },
  general: { zh: '一般', en: 'General' },
};

const frequency = z.enum(frequencies);

/**
 * The street's visit rules (configuration; defaults of docs/RULES.md): ordinary households yearly;
 * 低保, 流动 and empty-nest elderly monthly; care subjects by level — high weekly, key monthly,
 * general quarterly; a grid worker's monthly load.
 */
export const visitSettingsSchema = z.object({
  ordinary: frequency.default('yearly'),
  subsistence: frequency.default('monthly'),
  floating: frequency.default('monthly'),
  emptyNest: frequency.default('monthly'),
  care: z
    .object({
      high: frequency.default('weekly'),
      key: frequency.default('monthly'),
      general: frequency.default('quarterly'),
    })
    .prefault({}),
  /** Age from which an elderly resident living alone is high risk. */
  highRiskAge: z.number().int().min(60).max(100).default(80),
  /** Households a grid worker visits in a month (seeds/000: about 300). */
  monthlyLoad: z.number().int().min(10).max(2000).default(300),
});
export type VisitSettings = z.output<typeof visitSettingsSchema>;
