import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every response (helmet). The CSP suits the JSON API and the dashboard: scripts, images and
 * connections only from the server itself (styles also inline, for xterm.js) (CSP3 `'self'` also covers `ws:`/`wss:` to the same
 * host), no inline scripts, no plugins, no framing. HSTS is left to a TLS-terminating proxy (on plain http it is
 * ignored, and a blanket `includeSubDomains` there could break neighbours).
 */
export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // xterm.js (the dashboard's terminal) injects <style> elements; scripts stay 'self' only
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    });
  },
  { name: 'aegis-security-headers', fastify: '5.x' },
);
