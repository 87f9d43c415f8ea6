import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = 'X-Aegis-Signature';

/** HMAC-SHA256 over `"<timestamp>.<body>"`, hex. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The `X-Aegis-Signature` value for a body sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export interface VerifyOptions {
  /** The endpoint's secret. */
  secret: string;
  /** The `X-Aegis-Signature` header as received. */
  header: string | null | undefined;
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: string | Buffer;
  /** Oldest accepted signature, in seconds (replay window). Default 300. */
  toleranceSeconds?: number;
  /** Now, in ms. Default `Date.now()`. */
  now?: number;
}

/**
 * For receivers: true when the header carries a valid signature of `body` with `secret`, made within the
 * tolerance. Constant-time comparison; several `v1=` values (secret rotation) are accepted.
 */
export function verifySignature(o: VerifyOptions): boolean {
  if (!o.header) return false;
  const parts = o.header.split(',').map((p) => p.trim());
  const t = Number(parts.find((p) => p.startsWith('t='))?.slice(2));
  if (!Number.isInteger(t)) return false;
  const nowSec = Math.floor((o.now ?? Date.now()) / 1000);
  if (Math.abs(nowSec - t) > (o.toleranceSeconds ?? 300)) return false;
  const body = typeof o.body === 'string' ? o.body : o.body.toString('utf8');
  const expected = Buffer.from(computeSignature(o.secret, t, body), 'hex');
  return parts
    .filter((p) => p.startsWith('v1='))
    .some((p) => {
      const got = Buffer.from(p.slice(3), 'hex');
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}
