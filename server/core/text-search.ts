import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { sql, type RawBuilder } from 'kysely';

/**
 * Chinese full-text search that works the same on PGlite and PostgreSQL: the application segments
 * text with jieba (`@node-rs/jieba`) and stores the words in a `simple` tsvector, so no database
 * extension (zhparser, pg_jieba) is needed.
 */
let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const WORD = /[\p{L}\p{N}]+/gu;
const clean = (s: string) => (s.normalize('NFKC').toLowerCase().match(WORD) ?? []).join('');

/**
 * The words to index for some texts: jieba's search-mode words, each text whole, and for short
 * texts (names) every pair of adjacent characters, so that part of a name finds it.
 */
export function searchWords(texts: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw.normalize('NFKC').toLowerCase();
    for (const piece of text.match(WORD) ?? []) {
      words.add(piece);
      // jieba's words are parts of the piece: letters and digits already
      for (const w of segmenter().cutForSearch(piece, true)) words.add(w);
      if (piece.length <= 4) for (let i = 0; i + 2 <= piece.length; i++) words.add(piece.slice(i, i + 2));
    }
  }
  return [...words];
}

/** The tsvector of some texts (insert it with `to_tsvector('simple', …)`): space-separated words. */
export function searchDocument(texts: (string | null | undefined)[]): string {
  return searchWords(texts).join(' ');
}

/**
 * A tsquery that matches documents holding every word of the query (each as a prefix), or null
 * when the query has no word at all. Only letters and digits reach the query: no operator injection.
 */
export function searchQuery(q: string): RawBuilder<unknown> | null {
  const terms = new Set<string>();
  for (const piece of q.normalize('NFKC').toLowerCase().match(WORD) ?? []) {
    for (const w of segmenter().cut(piece, true)) {
      const c = clean(w);
      if (c) terms.add(`${c}:*`);
    }
  }
  if (terms.size === 0) return null;
  return sql`to_tsquery('simple', ${[...terms].join(' & ')})`;
}
