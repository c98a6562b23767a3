import type { ErrorCode } from '../../contracts/errors.js';
import type { Text } from './i18n.js';

export type { ErrorCode };

export const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export type Issue = { path: string; message: Text };

/** An error the caller caused or may see: it says exactly what was wrong, in both languages. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text: Text;
  readonly issues: Issue[] | undefined;
  /** Extra fields for the body (e.g. the current state with a 409). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, text: Text, options?: { issues?: Issue[]; details?: Record<string, unknown> }) {
    super(text.en);
    this.name = 'AppError';
    this.code = code;
    this.text = text;
    this.issues = options?.issues;
    this.details = options?.details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function notFound(what: Text): AppError {
  return new AppError('not_found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
}

/** A 400 naming the field that is wrong, in both languages. */
export function invalid(path: string, zh: string, en: string): AppError {
  return new AppError('validation', { zh, en }, { issues: [{ path, message: { zh, en } }] });
}
