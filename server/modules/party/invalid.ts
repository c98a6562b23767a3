import { AppError } from '../../core/errors.js';

/** A 400 naming the field that is wrong, in both languages. */
export const invalid = (path: string, zh: string, en: string) =>
  new AppError('validation', { zh, en }, { issues: [{ path, message: { zh, en } }] });
