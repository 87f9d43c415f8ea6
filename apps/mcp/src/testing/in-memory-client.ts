// Test helper: an MCP client linked in memory to a server over a fake backend, closed after each test, and readers
// for tool results.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach } from 'vitest';
import type { Backend } from '../backend.js';
import { createAegisMcpServer, type AegisMcpServer } from '../server.js';
import { FakeBackend } from './fake-backend.js';

/** A real MCP client linked in memory to a server over `backend`. */
export async function connectInMemory(
  backend: Backend,
): Promise<{ client: Client; mcp: AegisMcpServer; close(): Promise<void> }> {
  const mcp = createAegisMcpServer(backend);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '0.0.0' });
  await mcp.server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    mcp,
    close: async () => {
      await client.close();
      await mcp.close();
    },
  };
}

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
