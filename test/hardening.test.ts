import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from './demo-app.js';

/**
 * What an attacker or a careless client would try against every route: encoded paths that the
 * router decodes, and bad values of every kind in every operation of the OpenAPI document.
 */
let demo: DemoApp;
let operator: Client;

beforeAll(async () => {
  demo = await demoApp();
  operator = await signedIn(demo.app, 'operator');
});
afterAll(async () => demo?.close());

/** A concrete path for a route pattern: parameters filled with a plausible value. */
function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'code' ? '350102001002' : '1'));
}

/** Spellings of the same path that a router decodes to it: each letter of its first segment percent-encoded. */
function encodedVariants(path: string): string[] {
  const [, first = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const out = new Set<string>();
  for (let i = 0; i < first.length; i++) {
    const ch = first[i] ?? '';
    if (!/[a-z0-9]/i.test(ch)) continue;
    const hex = `%${ch.charCodeAt(0).toString(16)}`;
    out.add(`/${first.slice(0, i)}${hex}${first.slice(i + 1)}${rest}`);
    out.add(`/${first.slice(0, i)}${hex.toUpperCase()}${first.slice(i + 1)}${rest}`);
  }
  return [...out];
}

describe('a session is required by the matched route, not by the URL text', () => {
  it('every non-public route answers 401 without a session, however its path is spelled', async () => {
    const guarded = demo.app.routeTable.filter((r) => !r.public && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(guarded.length).toBeGreaterThan(40);
    let checked = 0;
    for (const route of guarded) {
      const path = concrete(route.url);
      for (const url of [path, ...encodedVariants(path)]) {
        const res = await demo.app.inject({ method: route.method as 'GET', url, ...(route.method === 'GET' ? {} : { payload: {} }) });
        expect(res.statusCode, `${route.method} ${url}: ${res.body}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('`/%61pi/registry/import-template` is `/api/registry/import-template`: 401', async () => {
    const res = await demo.app.inject({ url: '/%61pi/registry/import-template' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('a session that must change its password reaches nothing else through an encoded path', async () => {
    const admin = await signedIn(demo.app, 'admin');
    const created = await admin.post('/api/users', {
      username: 'mustchange1',
      displayName: '待改密',
      password: 'Init#2026xy',
      roles: [{ role: 'operator', regionCode: '350102001' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    const security = await signedIn(demo.app, 'security');
    await security.post(`/api/users/${created.json<{ id: number }>().id}/approve`);
    const fresh = await signedIn(demo.app, 'mustchange1', 'Init#2026xy');
    for (const url of ['/api/registry/residents', '/%61pi/registry/residents', '/ap%69/cases']) {
      const res = await fresh.get(url);
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('public routes stay public and an unknown path is a 404 in our shape', async () => {
    expect((await demo.app.inject({ url: '/%61pi/regions/350102001' })).statusCode).toBe(200);
    const res = await demo.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('malformed URLs answer in the project error shape', () => {
  it('bad percent-encoding in a path is a 400 with a Chinese message', async () => {
    for (const url of ['/api/regions/%', '/api/regions/%E4%B8', '/%ZZpi/regions']) {
      const res = await demo.app.inject({ url, headers: { 'accept-language': 'zh-CN' } });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code, url).toMatch(/validation|not_found/);
      expect(body.error.message, url).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('an over-long URL is a 4xx in our shape', async () => {
    const res = await demo.app.inject({ url: `/api/regions/${'1'.repeat(5000)}` });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.message).toBeTruthy();
  });

  it('a bad percent-encoding in a query string is a 400, not a 500', async () => {
    const res = await operator.get('/api/regions?q=%E4%B8');
    expect(res.statusCode).toBeLessThan(500);
  });
});

type OpenApiDoc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema?: { type?: string } }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
};
type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** Hostile values of a JSON-schema type. */
function hostile(schema: JsonSchema | undefined): unknown[] {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case 'integer':
    case 'number':
      return [1.5, 1e-9, 1e308, -1e308, -1];
    case 'array':
      return [['a\u0000b'], [1e308], Array.from({ length: 2000 }, () => 'x')];
    case 'object':
      return [{ x: 'a\u0000b' }];
    case 'boolean':
      return ['\u0000'];
    default:
      return ['a\u0000b', '\ud800', 'x'.repeat(100_000), '%', '1e308', '１２３'];
  }
}

/** A body with each property set in turn to each hostile value (the others left plausible). */
function bodies(schema: JsonSchema | undefined): unknown[] {
  const props = schema?.properties ?? {};
  const base: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(props)) {
    const t = Array.isArray(p.type) ? p.type[0] : p.type;
    base[name] = t === 'integer' || t === 'number' ? 1 : t === 'array' ? [] : t === 'boolean' ? true : t === 'object' ? {} : 'x';
  }
  const out: unknown[] = [];
  for (const [name, p] of Object.entries(props)) {
    for (const v of hostile(p)) out.push({ ...base, [name]: v });
  }
  out.push('a\u0000b', { ...base, extra: 'x'.repeat(1_000_000) });
  return out;
}

describe('no operation answers 5xx to hostile input', () => {
  it('every operation of /openapi.json, with NUL bytes, lone surrogates, huge and fractional numbers and oversized fields', async () => {
    const doc = (await demo.app.inject({ url: '/openapi.json' })).json<OpenApiDoc>();
    const admin = await signedIn(demo.app, 'admin');
    const community = await signedIn(demo.app, 'community');
    const failures: string[] = [];
    let sent = 0;
    for (const [pattern, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (pattern.includes('logout') || pattern.endsWith('/password')) continue; // would end the sessions
        const params = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const plainPath = pattern.replace(/\{(\w+)\}/g, (_m, n: string) => (n === 'code' ? '350102001002' : '1'));
        const urls: string[] = [plainPath];
        for (const p of pathParams) {
          for (const v of ['a%00b', '%ED%A0%80', '1.5', '1e308', '9'.repeat(400), '%']) {
            urls.push(pattern.replace(`{${p.name}}`, v).replace(/\{(\w+)\}/g, '1'));
          }
        }
        for (const q of queryParams) {
          for (const v of ['a%00b', '%ED%A0%80', '1.5', '1e308', '-1', 'x'.repeat(5000), '%E4%B8']) {
            urls.push(`${plainPath}?${q.name}=${v}`);
          }
        }
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const payloads = method === 'get' ? [undefined] : [{}, ...bodies(schema)];
        for (const client of [operator, admin, community]) {
          for (const url of urls) {
            for (const payload of method === 'get' ? [undefined] : payloads.slice(0, 1)) {
              const res = await client.raw({ method: method.toUpperCase() as 'GET', url, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });
              sent++;
              if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            }
          }
          if (method !== 'get') {
            for (const payload of payloads) {
              const res = await client.raw({
                method: method.toUpperCase() as 'POST',
                url: plainPath,
                payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
                headers: { 'content-type': 'application/json' },
              });
              sent++;
              if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${plainPath} ${JSON.stringify(payload).slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(2000);
    expect(failures.slice(0, 30)).toEqual([]);
  }, 600_000);
});

describe('the lockout does not reveal which accounts exist', () => {
  it('a locked account and an unknown name get the same words after the same work', async () => {
    await demo.database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 600_000) })
      .where('username', '=', 'volunteer')
      .execute();
    const login = async (username: string) => {
      const t0 = performance.now();
      const res = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'Demo@2026' },
        remoteAddress: '127.0.0.77', // a client of its own: the fuzz test above used up the sign-in limit
      });
      return { res, ms: performance.now() - t0 };
    };
    const unknown = await login('nobody-at-all');
    const locked = await login('volunteer');
    expect(locked.res.statusCode).toBe(401);
    expect(locked.res.json()).toEqual(unknown.res.json());
    // both verify a password (argon2id, tens of ms): a locked account no longer answers at once
    const lockedMs = Math.min(locked.ms, (await login('volunteer')).ms, (await login('volunteer')).ms);
    const unknownMs = Math.min(unknown.ms, (await login('nobody-at-all')).ms, (await login('nobody-at-all')).ms);
    expect(lockedMs).toBeGreaterThan(unknownMs * 0.5);
    expect(lockedMs).toBeLessThan(unknownMs * 2);
  });
});

describe('X-Forwarded-For is believed only from a configured proxy', () => {
  it('rotating the header does not escape the sign-in rate limit, nor forge the audit IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
        remoteAddress: '127.0.0.99',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(5);
    const ips = await demo.database.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'identity.login')
      .where('ip', 'like', '203.0.113.%')
      .execute();
    expect(ips).toEqual([]);
  });

  it('TRUST_PROXY takes a hop count or addresses; unset or 0 trusts none', async () => {
    const { parseTrustProxy } = await import('../server/core/config.js');
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8')).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});
