import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ErrorBody } from '../../contracts/errors.js';
import { unpackBilingual } from '../../contracts/i18n.js';
import { AppError, STATUS, type ErrorCode } from './errors.js';
import { langOf, type Lang, type Text } from './i18n.js';

const zhErrors = z.locales.zhCN().localeError;
const enErrors = z.locales.en().localeError;

const CONTEXT: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };

/**
 * A pattern's meaning in words (nobody should read a regular expression): codes of n digits are the
 * common case (a 9-digit street, a 12-digit community, a 15-digit grid); anything else "wrong format".
 */
function patternText(pattern: string): Text {
  const exact = /^\/?\^\\d\{(\d+)\}\$\/?$/.exec(pattern);
  if (exact) return { zh: `格式不正确：应为 ${exact[1]} 位数字`, en: `Wrong format: ${exact[1]} digits expected` };
  const range = /^\/?\^\\d\{(\d+),(\d+)\}\$\/?$/.exec(pattern);
  if (range)
    return {
      zh: `格式不正确：应为 ${range[1]}–${range[2]} 位数字`,
      en: `Wrong format: ${range[1]}–${range[2]} digits expected`,
    };
  return { zh: '格式不正确', en: 'Wrong format' };
}

/** A zod issue's text in both languages: a bilingual custom message, else zod's own locales. */
function issueText(issue: Record<string, unknown>, fallback: string): Text {
  const custom = unpackBilingual(fallback);
  if (custom) return custom;
  if (issue.code === 'invalid_type') {
    // The input is not kept on the issue, so zod's "received …" part would be wrong.
    const expected = String(issue.expected);
    return { zh: `类型无效：应为 ${expected}`, en: `Invalid input: expected ${expected}` };
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') return patternText(String(issue.pattern ?? ''));
  const asText = (r: unknown): string =>
    typeof r === 'string' ? r : ((r as { message?: string } | undefined)?.message ?? fallback);
  try {
    return { zh: asText(zhErrors(issue as never)), en: asText(enErrors(issue as never)) };
  } catch {
    return { zh: fallback, en: fallback };
  }
}

function send(reply: FastifyReply, code: ErrorCode, message: string, extra?: Partial<ErrorBody['error']>) {
  return reply.status(STATUS[code]).send({ error: { code, message, ...extra } });
}

const BODY_ERRORS: Record<string, { code: ErrorCode; text: Text }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    text: {
      zh: '上传的内容过大（导入文件不超过 256 MB，照片不超过 12 MB）',
      en: 'Request body too large (imports up to 256 MB, photos up to 12 MB)',
    },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'validation',
    text: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'validation', text: { zh: '请求体为空', en: 'Empty JSON body' } },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'validation', text: { zh: 'JSON 格式错误', en: 'Malformed JSON body' } },
};

/**
 * A PostgreSQL error the caller's data caused (SQLSTATE class 22 "data exception", constraint
 * violations, a value too large for an index): a 4xx, never a 500, whichever query met it.
 */
function databaseError(error: unknown): { code: ErrorCode; text: Text } | undefined {
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState !== 'string' || !/^[0-9A-Z]{5}$/.test(sqlState)) return undefined;
  if (sqlState.startsWith('22')) {
    return { code: 'validation', text: { zh: '数据格式无效或超出范围', en: 'A value is malformed or out of range' } };
  }
  if (sqlState === '23505') {
    return { code: 'conflict', text: { zh: '记录已存在（重复）', en: 'The record already exists' } };
  }
  if (sqlState === '23503' || sqlState === '23502' || sqlState === '23514' || sqlState === '54000') {
    return {
      code: 'validation',
      text: {
        zh: '数据无效：引用的记录不存在或值不符合要求',
        en: 'Invalid data: a referenced record is missing or a value is not allowed',
      },
    };
  }
  return undefined;
}

/**
 * One error shape everywhere. Bad input answers 4xx with what was wrong (field paths, in the
 * caller's language); anything unexpected answers 500 with nothing internal, and is logged.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const lang: Lang = langOf(request.headers['accept-language']);
  if (error instanceof AppError) {
    const issues = error.issues?.map((i) => ({ path: i.path, message: i.message[lang] }));
    return send(reply, error.code, error.text[lang], { ...(issues ? { issues } : {}), ...error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = CONTEXT[error.validationContext ?? ''] ?? error.validationContext ?? 'request';
    const issues = error.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      const issue = { ...v.params, code: v.keyword, path, message: v.message };
      return { path: [context, ...path].join('.'), message: issueText(issue, v.message ?? '')[lang] };
    });
    const summary = lang === 'zh' ? '请求参数有误' : 'Invalid request';
    const first = issues[0];
    const sep = lang === 'zh' ? '：' : ': ';
    return send(reply, 'validation', first ? `${summary}${sep}${first.path} ${first.message}` : summary, { issues });
  }
  if (error instanceof z.ZodError) {
    // a schema checked inside a command: the same answer as at the route's boundary
    const issues = error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].join('.'),
      message: issueText(i as unknown as Record<string, unknown>, i.message)[lang],
    }));
    const summary = lang === 'zh' ? '请求参数有误' : 'Invalid request';
    const first = issues[0];
    return send(
      reply,
      'validation',
      first ? `${summary}${lang === 'zh' ? '：' : ': '}${first.path} ${first.message}` : summary,
      {
        issues,
      },
    );
  }
  const database = databaseError(error);
  if (database) return send(reply, database.code, database.text[lang]);
  const known = error.code ? BODY_ERRORS[error.code] : undefined;
  if (known) return send(reply, known.code, known.text[lang]);
  if (error.statusCode === 429) {
    return send(reply, 'rate_limited', lang === 'zh' ? '请求过于频繁，请稍后再试' : 'Too many requests');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, 'validation', lang === 'zh' ? '请求无效' : `Bad request: ${error.message}`);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 'internal', lang === 'zh' ? '服务器内部错误' : 'Internal server error');
}
