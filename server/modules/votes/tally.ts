import {
  matterNames,
  strictMatters,
  type BallotFile,
  type Matter,
  type TallyResult,
} from '../../../contracts/votes.js';
import { invalid } from '../../core/errors.js';

/** Areas in ten-thousandths of a square metre, as BigInt: sums and comparisons exact, never a float. */
const SCALE = 10_000n;
export function toUnits(area: string): bigint {
  const [whole = '0', frac = ''] = area.split('.');
  return BigInt(whole) * SCALE + BigInt((frac + '0000').slice(0, 4));
}
export function fromUnits(n: bigint): string {
  const frac = (n % SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${n / SCALE}.${frac.padEnd(2, '0')}`;
}

const DEVELOPER = '#developer';

/**
 * The tally of one item under Civil Code art. 278 and art. 1259 (docs/RULES.md "Owners' votes"): four counters —
 * area and heads, participating and agreeing — over every exclusive unit. Heads: one per owner however many units
 * they hold; the developer's unsold units one owner together. Area: the sum of an owner's units. Abstentions take
 * part. Quorum: participating ≥ 2/3 of all area AND of all heads (以上 includes the number). Approval: matters 6–8
 * ≥ 3/4 of the participating area AND heads; the others more than half (过半数: strictly more) of both. Compared by
 * cross-multiplication in integers. The same function counts on the server and in `linli votes tally`.
 */
export function tally(file: BallotFile): TallyResult {
  const matter = file.matter as Matter;
  const voterOf = new Map<string, string>();
  const area = new Map<string, bigint>();
  for (const u of file.units) {
    const key = u.developerUnsold ? DEVELOPER : u.owner;
    const seen = voterOf.get(u.owner);
    if (seen !== undefined && seen !== key)
      throw invalid(
        'units',
        `业主 ${u.owner} 既有开发建设单位未售房屋又有已售房屋，请分开列示`,
        `Owner ${u.owner} holds both unsold and sold units`,
      );
    voterOf.set(u.owner, key);
    area.set(key, (area.get(key) ?? 0n) + toUnits(u.area));
  }
  const choice = new Map<string, 'agree' | 'oppose' | 'abstain'>();
  for (const b of file.ballots) {
    const key = voterOf.get(b.owner);
    if (key === undefined) throw invalid('ballots', `${b.owner} 不是本小区业主`, `${b.owner} owns no unit here`);
    if (choice.has(key)) throw invalid('ballots', `${b.owner} 重复投票`, `${b.owner} voted twice`);
    choice.set(key, b.choice);
  }
  const sum = (pick: (key: string) => boolean) => {
    let a = 0n;
    let h = 0;
    for (const [key, v] of area)
      if (pick(key)) {
        a += v;
        h++;
      }
    return { a, h };
  };
  const total = sum(() => true);
  const agree = sum((k) => choice.get(k) === 'agree');
  const oppose = sum((k) => choice.get(k) === 'oppose');
  const abstain = sum((k) => choice.get(k) === 'abstain');
  // the estate's rule (off by default): owners who did not vote go with the side ahead on both measures
  const rule = file.nonVotersWithMajority === true;
  const silent = sum((k) => !choice.has(k));
  const side =
    !rule || silent.h === 0
      ? ('none' as const)
      : agree.a > oppose.a && agree.h > oppose.h
        ? ('agree' as const)
        : oppose.a > agree.a && oppose.h > agree.h
          ? ('oppose' as const)
          : ('none' as const);
  const added = side === 'none' ? { a: 0n, h: 0 } : silent;
  const agreeing = side === 'agree' ? { a: agree.a + added.a, h: agree.h + added.h } : agree;
  const opposing = side === 'oppose' ? { a: oppose.a + added.a, h: oppose.h + added.h } : oppose;
  const participating = {
    a: agree.a + oppose.a + abstain.a + added.a,
    h: agree.h + oppose.h + abstain.h + added.h,
  };
  const quorumArea = participating.a * 3n >= total.a * 2n;
  const quorumHeads = participating.h * 3 >= total.h * 2;
  const strict = strictMatters.includes(matter);
  const approvalArea = strict ? agreeing.a * 4n >= participating.a * 3n : agreeing.a * 2n > participating.a;
  const approvalHeads = strict ? agreeing.h * 4 >= participating.h * 3 : agreeing.h * 2 > participating.h;
  const quorum = quorumArea && quorumHeads;
  const approval = approvalArea && approvalHeads;
  const out = (x: { a: bigint; h: number }) => ({ area: fromUnits(x.a), heads: x.h });
  return {
    matter,
    matterName: matterNames[matter].zh,
    rule: {
      quorum: '专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决',
      approval: strict
        ? '经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意'
        : '经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意',
      nonVotersWithMajority: rule,
    },
    totals: out(total),
    participating: out(participating),
    agreeing: out(agreeing),
    opposing: out(opposing),
    abstaining: out(abstain),
    countedWithMajority: { ...out(added), side },
    quorum,
    quorumBy: { area: quorumArea, heads: quorumHeads },
    approval,
    approvalBy: { area: approvalArea, heads: approvalHeads },
    passed: quorum && approval,
    area: { total: fromUnits(total.a), participating: fromUnits(participating.a), agree: fromUnits(agreeing.a) },
    heads: { total: total.h, participating: participating.h, agree: agreeing.h },
  };
}
