import fs from 'node:fs';
import type { BaseMap } from '../../contracts/regions.js';
import { securityHeaders } from './security-headers.js';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Actor } from './access.js';
import { abilities, installRules, Refusal } from './authorize.js';
import type { AuthConfig } from './config.js';
import { logSmsSender, type SmsSender } from './sms.js';
import type { Database } from './db.js';
import { AppError } from './errors.js';
import { auditContextOf, refusalAudited, writeAudit } from './audit.js';
import type { Keyring } from './pii/index.js';
import { errorHandler } from './error-handler.js';
import { langOf } from './i18n.js';
import { UploadStore } from './uploads.js';
import { startDispatcher, subscribersOf } from './events.js';
import { startJobs } from './jobs.js';
import { statsRoutes } from './stats-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { cleanTextMessage, isCleanText } from '../../contracts/text.js';
import type { ModuleManifest } from './module.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (region data, health, sign-in, public notices, Open311 discovery). */
    public?: boolean;
    /** Allowed while the user must still change an initial or reset password. */
    passwordChange?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Fastify's form of `TRUST_PROXY`: a hop count becomes "trust the nearest n hops". */
function trustProxyOption(
  value: TrustProxy | undefined,
): boolean | string[] | ((addr: string, hop: number) => boolean) {
  if (value === undefined || value === false) return false;
  if (typeof value === 'number') return (_addr, hop) => hop < value;
  return value;
}

/** The path of the first string (or key) in a parsed request part that is not clean text. */
function findUncleanText(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return isCleanText(value) ? undefined : path;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  // parsed JSON, query strings and parameters only: an upload's stream or buffer is the file's business
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findUncleanText(value[i], `${path}.${i}`, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!isCleanText(key)) return path;
    const bad = findUncleanText(v, `${path}.${key}`, depth + 1);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

export type HttpOptions = {
  database: Database;
  auth: AuthConfig;
  keyring: Keyring;
  /** Text messages (one-time codes); by default written to the log. */
  sms?: SmsSender;
  /** Requests a minute per IP on public endpoints (sign-in has its own, stricter limit). */
  rateLimit?: number;
  modules: readonly ModuleManifest[];
  /** The built console (web/dist); served at `/` when present. */
  webDir?: string;
  logLevel?: string;
  version?: string;
  /** Run the modules' background work (timers); tests that drive the clock themselves turn it off. */
  background?: boolean;
  /** Demo mode (LINLI_DEMO=1): the log SMS adapter may show the codes it "sends". */
  demo?: boolean;
  /** Where uploads wait (default: a private temporary folder). */
  uploads?: UploadStore;
  /** Which proxies' X-Forwarded-* headers to believe (`TRUST_PROXY`); none by default. */
  trustProxy?: TrustProxy;
  /** The shared secret of device alarms (`LINLI_DEVICE_SECRET`); unset turns them off. */
  deviceSecret?: string | undefined;
  /** The base map for the web's maps (none: a plain drawing). */
  baseMap?: BaseMap;
};

/** Fastify's trustProxy: off, a hop count, or the proxies' addresses / CIDR ranges. */
export type TrustProxy = false | number | string[];

/** Every route as registered: method, URL pattern and whether it is public (for tests and docs). */
export type RouteEntry = { method: string; url: string; public: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes registered, in order. */
    routeTable: RouteEntry[];
    /** Where uploads wait while they are processed. */
    uploads: UploadStore;
  }
}

/**
 * The HTTP server: zod-validated routes from every module, OpenAPI generated from the same
 * schemas, one error shape, and the console's static files with an SPA fallback.
 */
export async function createHttpServer(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    // one line per request only when debugging (README); errors are logged whatever the level
    logController: new LogController({ disableRequestLogging: opts.logLevel !== 'debug' && opts.logLevel !== 'trace' }),
    // X-Forwarded-For is believed only from configured proxies: anyone can send the header.
    trustProxy: trustProxyOption(opts.trustProxy),
    // a path's percent-encoding that does not decode answers in our error shape (below), not Fastify's
    frameworkErrors: (error, request, reply) => {
      const zh = langOf(request.headers['accept-language']) === 'zh';
      void (reply as unknown as { code(n: number): { send(b: unknown): unknown } }).code(400).send({
        error: {
          code: 'validation',
          message: zh ? `请求地址无效：${error.message.includes('URL') ? '编码错误' : error.message}` : error.message,
        },
      });
    },
    clientErrorHandler: (_err, socket) => {
      // The HTTP parser refused the request (e.g. raw non-ASCII bytes in the URL): same error shape.
      const body = JSON.stringify({ error: { code: 'validation', message: '请求格式无效 / Malformed HTTP request' } });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Per-request log lines only when debugging; errors are logged whatever the level.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every refusal is in the audit log: those the modules did not record themselves are recorded here.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const refused = error instanceof Refusal || (error instanceof AppError && error.code === 'forbidden');
    if (refused && request.actor && !refusalAudited(request)) {
      const about = error instanceof Refusal ? error.about : undefined;
      await writeAudit(opts.database.db, auditContextOf(request), {
        action: error instanceof Refusal ? error.action : 'http.denied',
        result: 'denied',
        objectType: about?.type ?? 'route',
        ...(about
          ? about.id !== undefined
            ? { objectId: about.id }
            : {}
          : { objectId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}` }),
        streetId: about?.streetId ?? null,
        reason: error.text.zh,
        ...(about?.step || about?.detail
          ? { detail: { ...about.detail, ...(about.step ? { step: about.step } : {}) } }
          : {}),
      }).catch((err: unknown) => request.log.error({ err }, 'audit of a refusal failed'));
    }
    return errorHandler(error, request, reply);
  });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  let staticRoutes = false;
  app.addHook('onRoute', (route) => {
    if (staticRoutes) route.config = { ...route.config, public: true };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // read when asked: a scope's own onRoute hook (the static files) may still mark it public
      routeTable.push({
        method,
        url: route.url,
        get public() {
          return route.config?.public === true;
        },
      });
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Linli 邻里 API', version: opts.version ?? '0.0.0' },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(fastifyCookie);
  securityHeaders(app, opts.baseMap);
  await app.register(fastifyRateLimit, {
    global: false,
    max: opts.rateLimit ?? 600,
    timeWindow: '1 minute',
  });

  installRules(opts.modules);
  // a copy: the security administrator's settings (identity module) update it in place
  const ctx = {
    db: opts.database.db,
    databaseUrl: opts.database.url,
    auth: { ...opts.auth },
    keyring: opts.keyring,
    sms: opts.sms ?? logSmsSender(app.log, { demo: opts.demo ?? false }),
    uploads: opts.uploads ?? UploadStore.temporary(),
    log: app.log,
    abilities: (actor: Actor) => abilities(actor),
    deviceSecret: opts.deviceSecret,
    baseMap: opts.baseMap ?? { crs: 'wgs84' as const, layers: [] },
  };
  app.decorate('uploads', ctx.uploads);
  const authenticators = opts.modules.flatMap((m) => (m.authenticate ? [m.authenticate] : []));
  app.decorateRequest('actor', null);
  // Deny by default: every route needs a session unless its own config marks it public. The
  // decision is taken from the route the router matched (after decoding the path), never from
  // the URL's text: `/%61pi/…` is `/api/…`. A request that matched no route gets the 404 below.
  // A write made with the session cookie must carry the session's CSRF token in a header.
  app.addHook('onRequest', async (request) => {
    for (const authenticate of authenticators) {
      request.actor = await authenticate(request, ctx);
      if (request.actor) break;
    }
    const matched = request.routeOptions.url !== undefined && !request.is404;
    const isPublic = request.routeOptions.config?.public === true;
    const guarded = matched && !isPublic;
    if (guarded && !request.actor) {
      throw new AppError('unauthenticated', { zh: '请先登录', en: 'Please sign in' });
    }
    if (guarded && request.actor?.mustChangePassword && !request.routeOptions.config?.passwordChange) {
      throw new AppError('forbidden', { zh: '请先修改初始密码', en: 'Change your initial password first' });
    }
    if (request.actor && !SAFE_METHODS.has(request.method)) {
      if (request.headers['x-csrf-token'] !== request.actor.csrfToken) {
        throw new AppError('forbidden', {
          zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
          en: 'Missing or wrong CSRF token: reload the page and try again',
        });
      }
    }
  });

  // One check at the boundary for every route, present and future: no text anywhere in the
  // path, query or JSON body may carry control characters or lone surrogates (PostgreSQL
  // cannot store them, and they have no business in a resident's record).
  app.addHook('preValidation', async (request) => {
    const bad =
      findUncleanText(request.params, 'params') ??
      findUncleanText(request.query, 'query') ??
      findUncleanText(request.body, 'body');
    if (bad !== undefined) {
      throw new AppError(
        'validation',
        { zh: `请求参数有误：${bad} ${cleanTextMessage.zh}`, en: `Invalid request: ${bad} ${cleanTextMessage.en}` },
        {
          issues: [{ path: bad, message: cleanTextMessage }],
        },
      );
    }
  });

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database check',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      // On PGlite the engine is asked directly: a long transaction (an import) holds the pool's one
      // connection, and liveness must not wait for it (PGlite runs statements one at a time).
      if (opts.database.pglite) await opts.database.pglite.query('SELECT 1');
      else await opts.database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const, database: opts.database.kind };
    },
  );
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const m of opts.modules) {
    if (m.routes) await app.register(async (scope) => m.routes?.(scope, ctx));
  }
  await app.register(async (scope) =>
    settingsRoutes(
      scope,
      opts.database.db,
      Object.fromEntries(opts.modules.flatMap((m) => (m.config ? [[m.name, m.config]] : []))),
    ),
  );
  await app.register(async (scope) =>
    statsRoutes(
      scope,
      opts.database.db,
      opts.modules.flatMap((m) => m.stats ?? []),
    ),
  );
  if (opts.background !== false) {
    const jobs = opts.modules.flatMap((m) => m.jobs ?? []);
    const running: { stop(): Promise<void> }[] = [];
    app.addHook('onReady', async () => {
      running.push(startJobs(jobs, ctx, (job, err) => app.log.error({ err, job }, 'background job failed')));
      // domain events: delivered to the modules that subscribe, every second and after a restart
      running.push(
        startDispatcher(opts.database.db, subscribersOf(opts.modules), {
          onError: (subscriber, event, err) =>
            app.log.error({ err, subscriber, event: { id: event.id, kind: event.kind } }, 'event delivery failed'),
        }),
      );
    });
    app.addHook('onClose', async () => {
      await Promise.all(running.map((r) => r.stop()));
    });
  }

  const webDir = opts.webDir;
  const hasWeb = webDir !== undefined && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    // the console's files are public (they carry no data): the routes the plugin adds while it
    // registers are marked so (registered at the root, so that the 404 handler can send index.html)
    staticRoutes = true;
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      // the .br/.gz copies written at build time, chosen by Accept-Encoding
      preCompressed: true,
      cacheControl: false,
      // hashed assets never change: cache them for a year; the pages themselves are asked for every time
      setHeaders: (res, filePath) =>
        void res.header(
          'Cache-Control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
    await app.after();
    staticRoutes = false;
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    let path = url;
    try {
      path = decodeURIComponent(url);
    } catch {
      // left as sent: it matches nothing below
    }
    const isApi = /^\/(api|open311|healthz|openapi)/.test(path);
    // before sign-in an unknown /api path answers like a protected one: nothing about routes is revealed
    if (isApi && path.startsWith('/api/') && !request.actor) {
      return errorHandler(
        new AppError('unauthenticated', { zh: '请先登录', en: 'Please sign in' }) as unknown as FastifyError,
        request,
        reply,
      );
    }
    // the console's own paths get its page; a missing file (favicon.ico, an old asset) is a plain 404
    const isFile = /\.[a-z0-9]{1,5}$/i.test(path);
    if (!isApi && !isFile && hasWeb && request.method === 'GET') {
      // the phone pages are their own page (m.html); everything else is the console's
      const page = path === '/m' || path.startsWith('/m/') ? 'm.html' : 'index.html';
      return reply.header('Cache-Control', 'no-cache').sendFile(page);
    }
    const zh = langOf(request.headers['accept-language']) === 'zh';
    return reply.status(404).send({
      error: {
        code: 'not_found',
        message: zh ? `接口不存在：${request.method} ${url}` : `No route ${request.method} ${url}`,
      },
    });
  });
  return app;
}
