// Test helper: an MCP client linked in memory to a server over a fake backend, closed after each test, and readers
// for tool results.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach } from 'vitest';
import { connectInMemory, FakeBackend } from '../test-support.js';

/** Registers an afterEach that closes the last connection; `setup(backend)` connects a client to a server over it. */
export function useInMemoryClient(): (backend?: FakeBackend) => Promise<{ backend: FakeBackend; client: Client }> {
  let closeLast: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await closeLast?.();
    closeLast = null;
  });
  return async (backend = new FakeBackend()) => {
    const c = await connectInMemory(backend);
    closeLast = c.close;
    return { backend, client: c.client };
  };
}

export type Structured = { error?: { code: string; message: string } } & Record<string, unknown>;
export const structured = (r: object) => (r as { structuredContent?: unknown }).structuredContent as Structured;
export const text = (r: object) =>
  ((r as { content?: unknown }).content as { type: string; text: string }[])[0]?.text ?? '';
