import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from './errors.js';

/** The built dashboard: `web/` beside this bundle (aegis-bridge ships it there), else `@aegis/web`'s dist; null when not built. */
export function defaultWebRoot(): string | null {
  const beside = fileURLToPath(new URL('./web/', import.meta.url));
  if (existsSync(join(beside, 'index.html'))) return beside;
  try {
    const pkg = createRequire(import.meta.url).resolve('@aegis/web/package.json');
    const dist = join(dirname(pkg), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : null;
  } catch {
    return null;
  }
}

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [relative(root, join(dir, e.name))],
  );
}

const NOT_BUILT =
  '<!doctype html><title>Aegis</title><p>The dashboard is not built: run <code>pnpm build</code>. The API is under <a href="/v1/openapi.json">/v1</a>.</p>';

/**
 * The dashboard under `/`: its files (only those present at start, hashed assets cached for good), and
 * `index.html` for every other page path (client-side routes). `/v1/…` never falls through to the page.
 */
export const webRoutes: FastifyPluginAsync<{ root: string | null }> = async (app, { root }) => {
  const files = new Set(root ? filesUnder(root) : []);
  if (root) await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  app.get('/*', { config: { role: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = pathOf(request.url);
    if (path === 'v1' || path.startsWith('v1/'))
      throw new HttpError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    if (!root) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    if (files.has(path) && path !== 'index.html') {
      reply.header('cache-control', path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(path);
    }
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
};

function pathOf(url: string): string {
  const raw = url.split('?')[0]!;
  try {
    return decodeURIComponent(raw).replace(/^\/+/, '');
  } catch {
    return raw.replace(/^\/+/, '');
  }
}
