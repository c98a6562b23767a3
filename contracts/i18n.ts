/** A text in both languages of the product: Chinese first, English second. */
export type Text = { zh: string; en: string };

const MARK = 'i18n:';

/**
 * A bilingual custom message for a zod schema (`{ error: bilingual({...}) }`). zod holds one
 * string per issue; the server's error handler unpacks it into the caller's language.
 */
export function bilingual(text: Text): string {
  return MARK + JSON.stringify(text);
}

/** The Text packed by `bilingual`, or undefined for an ordinary message. */
export function unpackBilingual(message: string): Text | undefined {
  if (!message.startsWith(MARK)) return undefined;
  try {
    const t = JSON.parse(message.slice(MARK.length)) as Text;
    return typeof t.zh === 'string' && typeof t.en === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}
