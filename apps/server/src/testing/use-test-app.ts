// Test helper: a test app (stub sessions) per test, closed after it, and the request helpers the route tests share.
import type { Renderer } from '@aegis/browser';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, expect } from 'vitest';
import type { ConfigInput } from '../config-fields.js';
import { fakeRenderer, testApp, type StubManager } from './stub-manager.js';

/** A session id no test creates. */
export const UNKNOWN = '00000000-0000-4000-8000-999999999999';

/** Asserts the coded error body (`code`, `message`, `requestId`) and returns it. */
export function expectError(r: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(r.statusCode).toBe(status);
  const b = r.json() as Record<string, unknown>;
  expect(b.code).toBe(code);
  expect(typeof b.message).toBe('string');
  expect(typeof b.requestId).toBe('string');
  return b;
}

export interface TestAppRequests {
  /** Builds the app (config and renderer as given); later requests go to it. */
  setup(config?: Partial<ConfigInput>, renderer?: Renderer): Promise<{ app: FastifyInstance; m: StubManager }>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Creates a session (201) and returns its id. */
  created(body?: Record<string, unknown>): Promise<string>;
}

/** Registers an afterEach that closes the app of the last `setup()`; the requests go to that app. */
export function useTestApp(): TestAppRequests {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const current = () => {
    if (!app) throw new Error('call setup() first');
    return app;
  };
  const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    current().inject({
      method: 'POST',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers,
    });
  const get = (url: string, headers: Record<string, string> = {}) => current().inject({ method: 'GET', url, headers });
  return {
    async setup(config = {}, renderer = fakeRenderer()) {
      const t = await testApp(config, renderer);
      app = t.app;
      return t;
    },
    post,
    get,
    async created(body = { workDir: '/tmp/w1' }) {
      const r = await post('/v1/sessions', body);
      expect(r.statusCode).toBe(201);
      return (r.json() as { id: string }).id;
    },
  };
}
