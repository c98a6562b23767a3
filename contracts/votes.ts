import { z } from 'zod';

/**
 * 业主共同决定 (module `votes`, docs/RULES.md "Owners' votes"): the nine matters of Civil Code art. 278, and the
 * published ballot file anyone can recount with `linli votes tally FILE.json`.
 */
export const matters = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Matter = (typeof matters)[number];
export const matterNames: Record<Matter, { zh: string; en: string }> = {
  1: { zh: '制定和修改业主大会议事规则', en: 'Rules of procedure of the owners’ assembly' },
  2: { zh: '制定和修改管理规约', en: 'The management covenant' },
  3: { zh: '选举业主委员会或者更换业主委员会成员', en: 'Electing or replacing the owners’ committee' },
  4: { zh: '选聘和解聘物业服务企业或者其他管理人', en: 'Hiring or dismissing the property manager' },
  5: { zh: '使用建筑物及其附属设施的维修资金', en: 'Using the maintenance fund' },
  6: { zh: '筹集建筑物及其附属设施的维修资金', en: 'Raising the maintenance fund' },
  7: { zh: '改建、重建建筑物及其附属设施', en: 'Renovating or rebuilding' },
  8: { zh: '改变共有部分的用途或者利用共有部分从事经营活动', en: 'Changing the use of common parts' },
  9: { zh: '有关共有和共同管理权利的其他重大事项', en: 'Other major common matters' },
};
/** Matters 6–8 need three quarters of the participants (area and heads); the others more than half. */
export const strictMatters: readonly Matter[] = [6, 7, 8];

/** An area in square metres as exact decimal text (at most 4 decimals): never a float near a threshold. */
export const area = z.string().regex(/^\d{1,9}(\.\d{1,4})?$/);
export const choices = ['agree', 'oppose', 'abstain'] as const;
export type Choice = (typeof choices)[number];

/**
 * The published ballot file (README "Recounting a vote"): the matter, every exclusive unit with its (pseudonymous)
 * owner and area — the developer's unsold units marked — and every owner's ballot. Owners who did not vote have no
 * ballot. `nonVotersWithMajority` is the estate's rule of procedure (off when absent).
 */
export const ballotFile = z
  .object({
    matter: z.number().int().min(1).max(9),
    units: z
      .array(
        z.object({
          unit: z.string().min(1).max(40),
          owner: z.string().min(1).max(40),
          area,
          developerUnsold: z.boolean().optional(),
        }),
      )
      .min(1),
    ballots: z.array(z.object({ owner: z.string().min(1).max(40), choice: z.enum(choices) })),
    nonVotersWithMajority: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const units = new Set<string>();
    f.units.forEach((u, i) => {
      if (units.has(u.unit))
        ctx.addIssue({ code: 'custom', path: ['units', i, 'unit'], message: `duplicate unit ${u.unit}` });
      units.add(u.unit);
    });
    const owners = new Set(f.units.map((u) => u.owner));
    const voted = new Set<string>();
    f.ballots.forEach((b, i) => {
      if (!owners.has(b.owner))
        ctx.addIssue({ code: 'custom', path: ['ballots', i, 'owner'], message: `${b.owner} owns no unit here` });
      if (voted.has(b.owner))
        ctx.addIssue({ code: 'custom', path: ['ballots', i, 'owner'], message: `${b.owner} has two ballots` });
      voted.add(b.owner);
    });
  });
export type BallotFile = z.output<typeof ballotFile>;

/** A fraction a/b as exact decimal text and as its parts. */
export const measure = z.object({ value: z.string(), of: z.string(), share: z.string() });
export const tallyResult = z.object({
  matter: z.number(),
  matterName: z.string(),
  rule: z.object({
    quorum: z.string(),
    approval: z.string(),
    nonVotersWithMajority: z.boolean(),
  }),
  totals: z.object({ area: z.string(), heads: z.number() }),
  participating: z.object({ area: z.string(), heads: z.number() }),
  agreeing: z.object({ area: z.string(), heads: z.number() }),
  opposing: z.object({ area: z.string(), heads: z.number() }),
  abstaining: z.object({ area: z.string(), heads: z.number() }),
  /** Owners who did not vote, counted with the majority under the estate's rule (zero when the rule is off). */
  countedWithMajority: z.object({ area: z.string(), heads: z.number(), side: z.enum(['agree', 'oppose', 'none']) }),
  quorum: z.object({ area: z.boolean(), heads: z.boolean(), met: z.boolean() }),
  approval: z.object({ area: z.boolean(), heads: z.boolean(), met: z.boolean() }),
  passed: z.boolean(),
});
export type TallyResult = z.output<typeof tallyResult>;
