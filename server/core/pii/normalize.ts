/** Full-width ASCII (０-９, Ｘ, Ａ …) to half-width, nothing else changed. */
export function halfWidthChars(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Full-width ASCII (０-９, Ｘ, full-width space) to half-width, spaces removed: what people type
 * into spreadsheets on Chinese keyboards.
 */
export function toHalfWidth(s: string): string {
  return halfWidthChars(s).replace(/[\s\u3000]+/g, '');
}
