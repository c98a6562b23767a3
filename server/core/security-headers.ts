import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { BaseMap } from '../../contracts/regions.js';

/** The CSP source of a tile URL template: its scheme and host, a `{s}` subdomain as `*`. */
export function tileSource(template: string): string {
  const m = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (!m) return "'none'";
  const host = (m[2] ?? '').replace(/^[^.]*\{s\}[^.]*\./, '*.');
  return `${m[1]}://${host}`;
}

/**
 * helmet's headers on every response, its middleware built once (the Fastify plugin rebuilds it, CSP
 * parsing included, on every request). HSTS and CSP's upgrade-insecure-requests only when the request
 * really came over TLS (directly, or through a trusted proxy's X-Forwarded-Proto): on an office LAN
 * served over plain HTTP they would make the browser fetch every script over https and show a blank
 * page. Images may come from the base map's tile hosts ({s} subdomains as a wildcard), nothing else.
 */
export function securityHeaders(app: FastifyInstance, baseMap: BaseMap | undefined): void {
  const tileHosts = (baseMap?.layers ?? []).map((l) => tileSource(l.url));
  const directives = {
    'img-src': ["'self'", 'data:', 'blob:', ...new Set(tileHosts)],
    'style-src': ["'self'", "'unsafe-inline'"],
  };
  const overTls = helmet({ contentSecurityPolicy: { directives } });
  const overHttp = helmet({
    contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': null } },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    (request.protocol === 'https' ? overTls : overHttp)(request.raw, reply.raw, (err) =>
      done(err as Error | undefined),
    ),
  );
}
