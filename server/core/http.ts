import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import fastifyCookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { abilitiesOf, type Actor, type Rule } from './access.js';
import type { AuthConfig } from './config.js';
import { logSmsSender, type SmsSender } from './sms.js';
import type { Database } from './db.js';
import { AppError } from './errors.js';
import type { Keyring } from './pii/index.js';
import { errorHandler } from './error-handler.js';
import { langOf } from './i18n.js';
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
};

/**
 * The HTTP server: zod-validated routes from every module, OpenAPI generated from the same
 * schemas, one error shape, and the console's static files with an SPA fallback.
 */
export async function createHttpServer(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    trustProxy: true,
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
  const quiet = opts.logLevel !== 'debug' && opts.logLevel !== 'trace';
  // Per-request log lines only when debugging; errors are logged whatever the level.
  if (quiet) app.addHook('onRoute', (route) => void (route.logLevel = 'warn'));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Linli 邻里 API', version: opts.version ?? '0.0.0' },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(fastifyCookie);
  // helmet's middleware built once (the Fastify plugin rebuilds it, CSP parsing included, on every request)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'style-src': ["'self'", "'unsafe-inline'"] },
    },
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
  await app.register(fastifyRateLimit, {
    global: false,
    max: opts.rateLimit ?? 600,
    timeWindow: '1 minute',
  });

  const allRules = Object.assign({}, ...opts.modules.map((m) => m.rules ?? {})) as Record<string, Rule>;
  // a copy: the security administrator's settings (identity module) update it in place
  const ctx = {
    db: opts.database.db,
    databaseUrl: opts.database.url,
    auth: { ...opts.auth },
    keyring: opts.keyring,
    sms: opts.sms ?? logSmsSender(app.log),
    log: app.log,
    abilities: (actor: Actor) => abilitiesOf(actor, allRules),
  };
  const authenticators = opts.modules.flatMap((m) => (m.authenticate ? [m.authenticate] : []));
  app.decorateRequest('actor', null);
  // Deny by default: every /api route needs a session unless it is marked public; a write made
  // with the session cookie must carry the session's CSRF token in a header.
  app.addHook('onRequest', async (request) => {
    for (const authenticate of authenticators) {
      request.actor = await authenticate(request, ctx);
      if (request.actor) break;
    }
    const isApi = request.url.startsWith('/api/');
    const isPublic = request.routeOptions.config?.public === true;
    if (isApi && !isPublic && !request.actor) {
      throw new AppError('unauthenticated', { zh: '请先登录', en: 'Please sign in' });
    }
    if (isApi && !isPublic && request.actor?.mustChangePassword && !request.routeOptions.config?.passwordChange) {
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
      await opts.database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const, database: opts.database.kind };
    },
  );
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const m of opts.modules) {
    if (m.routes) await app.register(async (scope) => m.routes?.(scope, ctx));
  }
  if (opts.background !== false) {
    const jobs = opts.modules.flatMap((m) => (m.start ? [m.start] : []));
    const running: { stop(): Promise<void> }[] = [];
    app.addHook('onReady', async () => {
      for (const start of jobs) running.push(start(ctx));
    });
    app.addHook('onClose', async () => {
      await Promise.all(running.map((r) => r.stop()));
    });
  }

  const webDir = opts.webDir;
  const hasWeb = webDir !== undefined && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = /^\/(api|open311|healthz|openapi)/.test(url);
    if (!isApi && hasWeb && request.method === 'GET') return reply.sendFile('index.html');
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
