/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of strings or numbers, to pass as one text
 * parameter cast to an array type (`${pgArray(xs)}::text[]`). The pg driver builds the same text
 * by repeated concatenation; joining once makes a fraction of the garbage, which matters for the
 * registry import's 5,000-element columns.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const items = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    items[i] =
      v === null || v === undefined
        ? 'NULL'
        : typeof v === 'number'
          ? String(v)
          : `"${v.includes('\\') || v.includes('"') ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `{${items.join(',')}}`;
}
