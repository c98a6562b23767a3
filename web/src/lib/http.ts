import type { z } from 'zod';
import { errorBody, type ErrorBody } from '../../../contracts/errors.js';
import { currentLang } from '../i18n.js';

/**
 * The one way the console talks to the server. Every call names the contract schema of its answer
 * (contracts/), and the answer is checked against it: its type comes from the contract, never from
 * a cast, and a server that drifted from its contract shows as an error rather than a wrong page.
 */

/** An API error: the server's message (already in the user's language) and its field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody['error'],
  ) {
    super(body.message);
  }
}

let csrfToken = '';
/** Set after sign-in (and from /api/auth/me): every write sends it back. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

async function send<S extends z.ZodType>(
  schema: S,
  url: string,
  method: Method,
  body?: { json: unknown } | { raw: Blob; headers: Record<string, string> },
): Promise<z.output<S>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    // the caller's content type (in whatever case it is written) replaces the default, never joins it
    const typed = Object.keys(body.headers).some((k) => k.toLowerCase() === 'content-type');
    Object.assign(headers, typed ? {} : { 'Content-Type': 'application/octet-stream' }, body.headers);
    payload = body.raw;
  }
  const res = await fetch(url, { method, headers, credentials: 'same-origin', ...(payload ? { body: payload } : {}) });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = errorBody.safeParse(json);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data.error : { code: 'internal', message: `HTTP ${res.status}` },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(res.status, {
      code: 'internal',
      message: currentLang() === 'zh' ? '服务器的回答格式不符' : 'The server answered in an unexpected shape',
    });
  }
  return parsed.data;
}

/** A URL with a query string of the given values (undefined and empty ones left out). */
export function withQuery(path: string, query?: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const http = {
  get: <S extends z.ZodType>(schema: S, url: string) => send(schema, url, 'GET'),
  post: <S extends z.ZodType>(schema: S, url: string, body?: unknown) =>
    send(schema, url, 'POST', body === undefined ? undefined : { json: body }),
  put: <S extends z.ZodType>(schema: S, url: string, body: unknown) => send(schema, url, 'PUT', { json: body }),
  patch: <S extends z.ZodType>(schema: S, url: string, body: unknown) => send(schema, url, 'PATCH', { json: body }),
  /** Sends a file as the raw body (the server streams it to disk). */
  upload: <S extends z.ZodType>(schema: S, url: string, file: Blob, headers: Record<string, string> = {}) =>
    send(schema, url, 'POST', { raw: file, headers }),
};
