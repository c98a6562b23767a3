import { z } from 'zod';
import { bilingual } from './i18n.js';
import { needCategoryCodes } from './needs.js';

/**
 * Project milestones, and the two libraries' purchased services (两库, 政府购买服务, seeds/002): a
 * purchase contracts a social organisation for deliverables with counts, accepted with evidence, paid in
 * instalments each due once a share of the deliverables is accepted; a yearly report of needs met.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const photos = z.array(z.uuid()).max(6).default([]);
/** Yuan with at most two decimals (stored as fen). */
const yuan = z
  .number()
  .positive()
  .max(100_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, {
    error: bilingual({ zh: '金额最多两位小数', en: 'At most two decimals' }),
  });

export const milestoneInput = z.object({
  title: z.string().trim().min(2).max(40),
  dueOn: day,
});
/** A milestone done: what was done, in words, with photos. */
export const evidenceInput = z.object({
  evidence: z.string().trim().min(2).max(500),
  photos,
});
export const milestoneRow = z.object({
  id: z.number(),
  title: z.string(),
  dueOn: z.string(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  evidence: z.string(),
  photos: z.array(z.string()),
  /** Not done and past its day. */
  overdue: z.boolean(),
});
export const projectDetail = z.object({
  id: z.number(),
  need: z.string(),
  resource: z.string(),
  provider: z.string(),
  owner: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  beneficiaries: z.number(),
  budgetYuan: z.number().nullable(),
  note: z.string(),
  state: z.enum(['active', 'done', 'cancelled']),
  rating: z.number().nullable(),
  ratingComment: z.string(),
  milestones: z.array(milestoneRow),
});

export const purchaseInput = z
  .object({
    street: z.string().regex(/^\d{9}$/),
    /** A community's own purchase, or the street's for all its communities. */
    community: z
      .string()
      .regex(/^\d{12}$/)
      .nullable()
      .default(null),
    title: z.string().trim().min(2).max(60),
    /** The social organisation contracted (an agency of the street of kind 社会组织). */
    agencyId: z.number().int().positive(),
    contractNo: z.string().trim().min(1).max(40),
    fundSource: z.string().trim().max(40).default(''),
    signedOn: day,
    startsOn: day,
    endsOn: day,
    budgetYuan: yuan,
    items: z
      .array(
        z.object({
          /** The need of the need library it answers, if one. */
          needId: z.number().int().positive().nullable().default(null),
          category: z.enum(needCategoryCodes),
          title: z.string().trim().min(2).max(60),
          unit: z.string().trim().min(1).max(6),
          target: z.number().int().min(1).max(100_000),
        }),
      )
      .min(1)
      .max(20),
    payments: z
      .array(
        z.object({
          milestone: z.string().trim().min(2).max(30),
          amountYuan: yuan,
          /** Share of the deliverables accepted, %, before it may be paid (0: on signing). */
          afterShare: z.number().int().min(0).max(100),
          dueOn: day,
        }),
      )
      .min(1)
      .max(10),
  })
  .refine((p) => p.endsOn >= p.startsOn, {
    path: ['endsOn'],
    error: bilingual({ zh: '服务期的结束日不能早于开始日', en: 'The term cannot end before it starts' }),
  })
  .refine(
    (p) => Math.round(p.payments.reduce((s, x) => s + x.amountYuan * 100, 0)) === Math.round(p.budgetYuan * 100),
    {
      path: ['payments'],
      error: bilingual({ zh: '各期付款之和须等于合同金额', en: 'The instalments must add up to the budget' }),
    },
  );

export const acceptInput = z.object({
  itemId: z.number().int().positive(),
  count: z.number().int().min(1).max(100_000),
  evidence: z.string().trim().min(2).max(500),
  photos,
});

export const purchaseRow = z.object({
  id: z.number(),
  title: z.string(),
  community: z.string().nullable(),
  communityName: z.string(),
  provider: z.string(),
  contractNo: z.string(),
  fundSource: z.string(),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  budgetYuan: z.number(),
  paidYuan: z.number(),
  /** Share of the deliverables accepted, % (each item counts by its share of its own target). */
  acceptedShare: z.number(),
  state: z.enum(['active', 'accepted', 'settled']),
});
export const purchaseStateNames = {
  active: { zh: '履约中', en: 'Running' },
  accepted: { zh: '已验收', en: 'Accepted' },
  settled: { zh: '已结清', en: 'Settled' },
};
export const purchaseDetail = purchaseRow.extend({
  items: z.array(
    z.object({
      id: z.number(),
      needId: z.number().nullable(),
      need: z.string().nullable(),
      category: z.string(),
      title: z.string(),
      unit: z.string(),
      target: z.number(),
      accepted: z.number(),
    }),
  ),
  acceptances: z.array(
    z.object({
      id: z.number(),
      item: z.string(),
      count: z.number(),
      unit: z.string(),
      evidence: z.string(),
      by: z.string().nullable(),
      at: z.string(),
      photos: z.array(z.string()),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.number(),
      milestone: z.string(),
      amountYuan: z.number(),
      afterShare: z.number(),
      dueOn: z.string(),
      paidAt: z.string().nullable(),
      /** Its share of the deliverables has been accepted and it is not paid yet. */
      payable: z.boolean(),
    }),
  ),
});

/** 两库: the need library (needs a purchase could answer) and the provider library (what social organisations offer). */
export const libraries = z.object({
  needs: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      category: z.string(),
      state: z.string(),
      purchase: z.string().nullable(),
    }),
  ),
  providers: z.array(
    z.object({
      resourceId: z.number(),
      title: z.string(),
      category: z.string(),
      provider: z.string(),
      agencyId: z.number().nullable(),
      capacityLeft: z.number(),
    }),
  ),
});

export const reportQuery = z.object({
  community: z.string().regex(/^\d{12}$/),
  year: z.coerce.number().int().min(2000).max(2100),
});
/** The year's report: needs raised and met by category, and who met them at what cost. */
export const yearReport = z.object({
  year: z.number(),
  byCategory: z.array(z.object({ category: z.string(), raised: z.number(), met: z.number() })),
  byProvider: z.array(
    z.object({
      provider: z.string(),
      kind: z.string(),
      needsMet: z.number(),
      projects: z.number(),
      delivered: z.number(),
      costYuan: z.number(),
    }),
  ),
  totals: z.object({ raised: z.number(), met: z.number(), costYuan: z.number() }),
});
