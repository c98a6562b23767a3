import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * Characters no text field may carry: C0 control characters other than tab, line feed and
 * carriage return (NUL cannot be stored by PostgreSQL at all), DEL, and lone UTF-16 surrogates
 * (not encodable as UTF-8, so not storable either).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string is safe to store and show: no control characters, no lone surrogates. */
export function isCleanText(s: string): boolean {
  return !CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

export const cleanTextMessage = {
  zh: '含有无效字符（控制字符或无效编码）',
  en: 'contains invalid characters (control characters or broken encoding)',
};

/** A trimmed, non-empty line of text of at most `max` characters, with no invalid characters. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(isCleanText, { error: bilingual(cleanTextMessage) });

/** A database id: a positive 32-bit integer (no fractions, no exponents beyond the column). */
export const idNumber = z.number().int().positive().max(2_147_483_647);

const dateRange = { zh: '日期须在 1900-01-01 至 2100-12-31 之间', en: 'a date between 1900-01-01 and 2100-12-31' };

/** A calendar date (YYYY-MM-DD) in a sane range: no year 9999 reaches the database. */
export const saneDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2100-12-31', {
  error: bilingual(dateRange),
});

/**
 * The one pagination contract of every list: `page` from 1 (at most 10,000: deeper pages are
 * found by filtering, not by paging), `pageSize` from 1 to `max` (default `size`).
 */
export function pageQuery(size = 20, max = 200) {
  return {
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(max).default(size),
  };
}

/**
 * The cursor contract, for lists that can reach millions (the audit log, a city's residents):
 * newest first, `before` the `next` of the previous page, no total (counting millions is the
 * slow part), every page as fast as the first.
 */
export function cursorQuery(size = 50, max = 500) {
  return {
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(max).default(size),
  };
}

/** A page of a cursor list: its rows and the `before` of the next page (null at the end). */
export function cursorPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.number().int().nullable() });
}

/** `/:id` of a record: a positive integer. */
export const idParams = z.object({ id: z.coerce.number().int().positive() });
