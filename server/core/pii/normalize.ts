/**
 * Full-width ASCII (０-９, Ｘ, full-width space) to half-width, spaces removed: what people type
 * into spreadsheets on Chinese keyboards.
 */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}
