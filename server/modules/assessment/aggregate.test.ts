import { describe, expect, it } from 'vitest';
import { aggregate, kindMean, type Sheet } from './aggregate.js';

const sheet = (subject: string, kind: Sheet['kind'], score: number, rater: string | null = null): Sheet => ({
  subject,
  kind,
  rater,
  scores: new Map([[1, score]]),
});
const items = [
  { no: 1, title: '党建责任落实', points: 60, source: null, target: null },
  { no: 2, title: '案件结案率', points: 40, source: 'cases.closure', target: null },
];
const subjects = [
  { code: 'A', name: '甲社区' },
  { code: 'B', name: '乙社区' },
  { code: 'C', name: '丙社区' },
];

describe('aggregating the raters’ scores', () => {
  it('drops each kind’s highest and lowest only when it has three or more', () => {
    expect(kindMean([50, 58, 60, 40], true).mean).toBe(54);
    expect(kindMean([50, 58, 60, 40], false).mean).toBe(52);
    expect(kindMean([10, 60], true).mean).toBe(35);
    expect(kindMean([], true).mean).toBeNull();
  });

  it('weights the kinds’ means, leaves out a kind with no sheets, adds auto items and ranks with ties', () => {
    const rows = aggregate({
      items,
      subjects,
      weights: { street_leader: 40, agency: 20, member_rep: 20, resident_rep: 20 },
      dropExtremes: true,
      sheets: [
        // 甲: leaders 60, 50, 30 → 50 after dropping; units 40; members 50; residents 30 (one sheet, kept)
        sheet('A', 'street_leader', 60),
        sheet('A', 'street_leader', 50),
        sheet('A', 'street_leader', 30),
        sheet('A', 'agency', 40),
        sheet('A', 'member_rep', 50),
        sheet('A', 'resident_rep', 30),
        // 乙: only leaders (45) and residents (60): weights 40 and 20 → (45×40 + 60×20) / 60 = 50
        sheet('B', 'street_leader', 45),
        sheet('B', 'resident_rep', 60),
        // 丙: the same rated score as 乙 and the same auto score: a tie
        sheet('C', 'street_leader', 50),
      ],
      auto: new Map([
        ['A', new Map([[2, { value: 0.9, share: 0.9, formula: '40 × 90%' }]])],
        ['B', new Map([[2, { value: 0.75, share: 0.75, formula: '40 × 75%' }]])],
        ['C', new Map([[2, { value: 0.75, share: 0.75, formula: '40 × 75%' }]])],
      ]),
    });
    // 甲: (50×40 + 40×20 + 50×20 + 30×20) / 100 = 44, + 36 = 80
    // 乙 and 丙: 50 + 40 × 75% = 80 — all three tie and share the first rank
    expect(rows.map((r) => [r.name, r.total, r.rank])).toEqual([
      ['甲社区', 80, 1],
      ['乙社区', 80, 1],
      ['丙社区', 80, 1],
    ]);
    const a = rows.find((r) => r.subject === 'A');
    expect(a?.items[0]?.score).toBe(44);
    expect(a?.items[0]?.kinds[0]?.scores.map((s) => s.dropped)).toEqual([true, false, true]);
    expect(rows.find((r) => r.subject === 'B')?.items[0]?.score).toBe(50);
    expect(a?.items[1]).toMatchObject({ score: 36, value: 0.9, formula: '40 × 90%' });
  });

  it('ranks 1, 2, 2, 4 when two share second place', () => {
    const rows = aggregate({
      items: [items[0]!],
      subjects: [...subjects, { code: 'D', name: '丁社区' }],
      weights: { street_leader: 100 },
      dropExtremes: false,
      sheets: [
        sheet('A', 'street_leader', 58),
        sheet('B', 'street_leader', 50),
        sheet('C', 'street_leader', 50),
        sheet('D', 'street_leader', 10),
      ],
      auto: new Map(),
    });
    expect(rows.map((r) => [r.subject, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
    ]);
  });
});
