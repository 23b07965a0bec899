import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problemDetails } from '../problem-details/problem-details.filter';

/**
 * Where the build puts the officials' web app (`vite build` in `npm run build`, run by `npm ci`
 * through `prepare`). The same path from `src/api/web` and from `dist/api/web`.
 */
export const WEB_ROOT = resolve(__dirname, '..', '..', '..', 'dist', 'web');

/** Paths of the web app: its page and its built files (hashed names under /assets). */
export const WEB_PATHS = /^\/(|index\.html|favicon\.svg|assets\/[^?]*)(\?|$)/;

/**
 * The page's policy: scripts, styles and connections to this origin only (no inline script or
 * style, no eval), plus the OIDC issuer the page redeems codes and refreshes tokens at.
 */
export function webContentSecurityPolicy(oidcIssuer: string | undefined): string {
  const issuer = oidcIssuer ? ` ${new URL(oidcIssuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${issuer}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built web app at `/` with Fastify's static plugin, one route per built file (no
 * wildcard, so no API path can be shadowed). File names under /assets carry their content hash and
 * are cached for a year; the page itself is revalidated on every load. Without a build, `/` says how
 * to make one instead of failing silently.
 */
export async function serveWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app
      .getHttpAdapter()
      .getInstance()
      .get('/', (_request, reply) => {
        void reply
          .status(503)
          .header('content-type', 'application/problem+json; charset=utf-8')
          .send(problemDetails(503, 'The web app is not built: run `npm run build` (npm ci runs it).'));
      });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Our own cache policy instead of the plugin's max-age.
    cacheControl: false,
    setHeaders: (reply: { header(name: string, value: string): unknown }, path: string) => {
      reply.header('cache-control', path.includes(join('web', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
