import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isAegisError } from '@aegis/core';
import { z } from 'zod';

/** Codes a tool error carries: core's `AegisErrorCode`s plus the MCP server's own. */
export type ToolErrorCode = string;

/** An expected failure of a tool that is not core's (e.g. `NOT_IMPLEMENTED`). */
export class McpToolError extends Error {
  override readonly name = 'McpToolError';
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The error part of a failed tool result (`structuredContent.error`). */
export interface ToolErrorBody {
  code: ToolErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Turns anything thrown into `{code, message, details}`: `AegisError`s keep their stable code. */
export function errorBody(e: unknown): ToolErrorBody {
  if (isAegisError(e)) return { code: e.code, message: e.message, details: { ...e.details } };
  if (e instanceof McpToolError) return { code: e.code, message: e.message, details: e.details };
  if (e instanceof z.ZodError)
    return { code: 'INVALID_INPUT', message: z.prettifyError(e), details: { issues: e.issues } };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** A successful result: the data as `structuredContent`, and as text (`text` or the JSON). */
export function ok(data: Record<string, unknown>, text?: string): CallToolResult {
  return { content: [{ type: 'text', text: text ?? JSON.stringify(data, null, 2) }], structuredContent: data };
}

/** A failed result (`isError`), with the stable code in the text and in `structuredContent.error`. */
export function fail(e: unknown): CallToolResult {
  const error = errorBody(e);
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
    structuredContent: { error },
  };
}

/** Runs a tool body; whatever it throws becomes an `isError` result. */
export async function guard(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (e) {
    return fail(e);
  }
}

export type Server = McpServer;
