/** The code of a failure that never reached the server (connection refused, DNS, TLS, …); `status` is 0. */
export const SERVER_UNREACHABLE = 'SERVER_UNREACHABLE';

/**
 * A failed call: the server's `{code, message, details}` and the HTTP status (see the server's error codes in the
 * OpenAPI document). A server that cannot be reached is `status: 0`, `code: 'SERVER_UNREACHABLE'`.
 */
export class AegisApiError extends Error {
  override readonly name = 'AegisApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  /** From a non-2xx answer: its parsed JSON body (or text) and status. */
  static fromBody(status: number, body: unknown, statusText = ''): AegisApiError {
    const b = (body && typeof body === 'object' ? body : {}) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
      requestId?: unknown;
    };
    const fallback = typeof body === 'string' && body ? body : statusText || `HTTP ${status}`;
    return new AegisApiError(
      status,
      typeof b.code === 'string' ? b.code : `HTTP_${status}`,
      typeof b.message === 'string' ? b.message : fallback,
      b.details && typeof b.details === 'object' ? (b.details as Record<string, unknown>) : {},
      typeof b.requestId === 'string' ? b.requestId : null,
    );
  }

  /** From a fetch that threw before any answer. */
  static unreachable(url: string, e: unknown): AegisApiError {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.message : String(e));
    return new AegisApiError(0, SERVER_UNREACHABLE, `cannot reach the Aegis server at ${url} (${cause})`, { url });
  }
}

/** Reads a failed response's body as JSON when it is JSON, else as text. */
export async function errorFromResponse(res: Response): Promise<AegisApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return AegisApiError.fromBody(res.status, body, res.statusText);
}
