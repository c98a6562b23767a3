import { z } from 'zod';
import { bilingual } from './i18n.js';

/** What a number is for (便民电话 of a community). */
export const hotlineKinds = ['property', 'health', 'repair', 'police', 'community', 'elderly', 'other'] as const;
export type HotlineKind = (typeof hotlineKinds)[number];
export const hotlineKindNames: Record<HotlineKind, { zh: string; en: string }> = {
  property: { zh: '物业服务', en: 'Property management' },
  health: { zh: '医疗卫生', en: 'Health' },
  repair: { zh: '水电燃气维修', en: 'Utilities and repairs' },
  police: { zh: '社区民警', en: 'Community police' },
  community: { zh: '社区服务', en: 'Community office' },
  elderly: { zh: '为老服务', en: 'Elderly care' },
  other: { zh: '其他', en: 'Other' },
};

/** A service number: a landline (0591-87654321), a mobile, or a short public number (12345, 110, 96xxx). */
const phone = z
  .string()
  .trim()
  .regex(/^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|\d{3,6}|400-?\d{3}-?\d{4})$/, {
    error: bilingual({
      zh: '电话号码格式不正确（如 0591-87654321、13800000000、12345）',
      en: 'Not a phone number (e.g. 0591-87654321, 13800000000, 12345)',
    }),
  });

export const hotlineInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(1).max(40),
  phone,
  kind: z.enum(hotlineKinds),
  /** When it answers, e.g. 工作日 8:30–17:30, or 24小时. */
  hours: z.string().trim().max(40).default(''),
  sort: z.number().int().min(0).max(999).default(100),
});
export type HotlineInput = z.input<typeof hotlineInput>;

export const hotlineItem = z.object({
  id: z.number(),
  community: z.string(),
  communityName: z.string(),
  name: z.string(),
  phone: z.string(),
  kind: z.enum(hotlineKinds),
  hours: z.string(),
  sort: z.number(),
});
export type HotlineItem = z.infer<typeof hotlineItem>;
export const hotlinesQuery = z.object({
  community: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
export const hotlineList = z.object({ items: z.array(hotlineItem), canManage: z.boolean() });
export const hotlineSaved = z.object({ id: z.number() });
