import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, as a reader would copy it — enough to test what our certificates say. It reads the
 * font's ToUnicode map (pdfkit writes one per embedded font: `<from> <to> [<u1> <u2> …]` ranges) and maps every
 * hex string drawn by TJ/Tj in the content streams through it; runs are joined by newlines.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const start = /stream\r?\n/g;
  for (let m = start.exec(raw); m; m = start.exec(raw)) {
    const from = m.index + m[0].length;
    const to = raw.indexOf('endstream', from);
    try {
      streams.push(inflateSync(pdf.subarray(from, to)).toString('latin1'));
    } catch {
      streams.push(raw.slice(from, to));
    }
  }
  const map = new Map<number, string>();
  for (const s of streams.filter((x) => x.includes('beginbfrange')))
    for (const r of s.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4})>\s*\[([^\]]*)\]/gi)) {
      const first = parseInt(r[1] ?? '0', 16);
      [...(r[3] ?? '').matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) =>
        map.set(first + i, String.fromCodePoint(parseInt(u[1] ?? '0', 16))),
      );
    }
  const runs: string[] = [];
  for (const s of streams.filter((x) => /\bT[Jj]\b/.test(x)))
    for (const t of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-f]+)>\s*Tj/gi)) {
      const hex = t[1] ? [...t[1].matchAll(/<([0-9a-f]+)>/gi)].map((h) => h[1]).join('') : (t[2] ?? '');
      let text = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) text += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
      runs.push(text);
    }
  return runs.join('\n');
}
