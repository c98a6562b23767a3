import { raterKindNames, raterKinds, type RaterKind, type ResultRow } from '../../../contracts/assessment.js';

export type Item = { no: number; title: string; points: number; source: string | null; target: number | null };
export type Sheet = { subject: string; kind: RaterKind; rater: string | null; scores: ReadonlyMap<number, number> };
export type Auto = { value: number; formula: string; /** 0–1: a rate, or a count against its target */ share: number };

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * One kind's scores of one item: each kind's highest and lowest dropped when the table says so and the kind has at
 * least three (with fewer, dropping would leave nothing fair), then the mean of the rest.
 */
export function kindMean(scores: readonly number[], dropExtremes: boolean) {
  const sorted = scores.map((score, i) => ({ score, i })).sort((a, b) => a.score - b.score);
  const dropped = new Set<number>();
  if (dropExtremes && sorted.length >= 3) {
    dropped.add(sorted[0]?.i ?? -1);
    dropped.add(sorted[sorted.length - 1]?.i ?? -1);
  }
  const kept = scores.filter((_, i) => !dropped.has(i));
  return { mean: kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : null, dropped };
}

/**
 * 考核结果 (docs/RULES.md "Assessment"): for each subject and rated item, the weighted mean of the kinds' means
 * (weights in percent; a kind with no sheet for the subject is left out and the others' weights scaled up to 100);
 * for each auto item, points × its share; the total the sum; ranks by total, equal totals sharing a rank (1, 2, 2, 4).
 */
export function aggregate(o: {
  items: readonly Item[];
  subjects: readonly { code: string; name: string }[];
  weights: Readonly<Partial<Record<RaterKind, number>>>;
  dropExtremes: boolean;
  sheets: readonly Sheet[];
  auto: ReadonlyMap<string, ReadonlyMap<number, Auto>>;
}): ResultRow[] {
  const rows = o.subjects.map((s) => {
    const mine = o.sheets.filter((x) => x.subject === s.code);
    const items = o.items.map((item) => {
      if (item.source) {
        const a = o.auto.get(s.code)?.get(item.no);
        return {
          no: item.no,
          title: item.title,
          points: item.points,
          score: a ? round2(item.points * Math.min(1, Math.max(0, a.share))) : null,
          value: a?.value ?? null,
          formula: a?.formula ?? null,
          kinds: [],
        };
      }
      const kinds = raterKinds
        .filter((k) => (o.weights[k] ?? 0) > 0)
        .map((kind) => {
          const list = mine.filter((x) => x.kind === kind && x.scores.has(item.no));
          const values = list.map((x) => x.scores.get(item.no) ?? 0);
          const { mean, dropped } = kindMean(values, o.dropExtremes);
          return {
            kind,
            kindName: raterKindNames[kind].zh,
            weight: o.weights[kind] ?? 0,
            mean: mean === null ? null : round2(mean),
            exact: mean,
            scores: list.map((x, i) => ({ score: values[i] ?? 0, dropped: dropped.has(i), rater: x.rater })),
          };
        });
      const counted = kinds.filter((k) => k.exact !== null);
      const weight = counted.reduce((n, k) => n + k.weight, 0);
      const score = weight > 0 ? counted.reduce((n, k) => n + (k.exact ?? 0) * k.weight, 0) / weight : null;
      return {
        no: item.no,
        title: item.title,
        points: item.points,
        score: score === null ? null : round2(score),
        value: null,
        formula: null,
        kinds: kinds.map(({ exact: _exact, ...k }) => k),
      };
    });
    const total = round2(items.reduce((n, i) => n + (i.score ?? 0), 0));
    return { subject: s.code, name: s.name, total, rank: 0, sheets: mine.length, items };
  });
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.subject.localeCompare(b.subject));
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = prev && prev.total === r.total ? prev.rank : i + 1;
  });
  return sorted;
}
