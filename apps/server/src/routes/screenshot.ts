import { BrowserUnavailableError } from '@aegis/browser';
import { UrlNotAllowedError, urlPolicy } from '@aegis/url-policy';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, HttpError } from '../errors.js';
import { IdParams } from '../schemas.js';
import type { RouteOptions } from '../service.js';

export const ScreenshotBodySchema = z.strictObject({
  // any scheme parses; the URL policy refuses all but http/https with 400 URL_NOT_ALLOWED and the reason
  url: z.url().max(4000),
  width: z.number().int().min(100).max(7680).default(1280),
  height: z.number().int().min(100).max(4320).default(800),
  fullPage: z.boolean().default(false),
});
export const ScreenshotSchema = z.object({
  mimeType: z.literal('image/png'),
  data: z.string().describe('base64 PNG'),
  url: z.string(),
});

/** Headless Chromium: a web page for a session, and the session's terminal screen as an image. */
export const screenshotRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;
  // checked here too, so a refusal never depends on which renderer (or whether a browser) is installed
  const policy = urlPolicy({ allowPrivate: ctx.config.screenshotAllowPrivate });
  const need = () => {
    if (!ctx.renderer.available())
      throw new HttpError('NOT_IMPLEMENTED', "screenshots need Chromium: install Debian's chromium package");
  };

  r.post(
    '/sessions/:id/screenshot',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['screenshot'],
        summary:
          'Render a page (http/https) in headless Chromium: base64 PNG in JSON, or image/png with `Accept: image/png`. Every request of the page goes through the outbound URL policy (400 URL_NOT_ALLOWED)',
        params: IdParams,
        body: ScreenshotBodySchema,
        response: { 200: ScreenshotSchema, ...errorResponses(400, 401, 404, 501, 502) },
      },
    },
    async (request, reply) => {
      m.get(request.params.id);
      const { url, width, height, fullPage } = request.body;
      const png = await rendering(
        async () => {
          await policy.check(url);
          need();
          return ctx.renderer.screenshot(url, { width, height, fullPage });
        },
        { url },
      );
      if (wantsPng(request.headers.accept)) return reply.type('image/png').send(png as never);
      return { mimeType: 'image/png' as const, data: png.toString('base64'), url };
    },
  );

  r.get(
    '/sessions/:id/pane.png',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['screenshot'],
        summary: 'The terminal screen as a PNG image',
        params: IdParams,
        response: {
          200: { description: 'PNG image', content: { 'image/png': { schema: z.string().describe('binary PNG') } } },
          ...errorResponses(400, 401, 404, 501, 502),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const s = m.get(id);
      need();
      const text = await m.pane(id);
      const png = await rendering(() => ctx.renderer.renderText(text, { title: `${s.name} (${s.status})` }), {
        sessionId: id,
      });
      return reply.type('image/png').send(png as never);
    },
  );
};

/**
 * Runs a render: a URL the policy refuses is a 400 URL_NOT_ALLOWED with the reason, no Chromium a 501, any other
 * browser failure a 502 RENDER_FAILED (with its first line), never a 500.
 */
async function rendering(fn: () => Promise<Buffer>, details: Record<string, unknown>): Promise<Buffer> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError) throw e;
    if (e instanceof UrlNotAllowedError)
      throw new HttpError('URL_NOT_ALLOWED', e.message, { url: e.url, reason: e.reason });
    if (e instanceof BrowserUnavailableError)
      throw new HttpError('NOT_IMPLEMENTED', e.message, { executablePath: e.executablePath });
    throw new HttpError(
      'RENDER_FAILED',
      `the page could not be rendered: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
      details,
    );
  }
}

function wantsPng(accept: string | undefined): boolean {
  if (!accept) return false;
  return /(^|,)\s*image\/png/i.test(accept) && !/(^|,)\s*application\/json/i.test(accept);
}
