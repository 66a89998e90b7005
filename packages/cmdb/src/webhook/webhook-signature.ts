import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `v1=<hex HMAC-SHA-256>`. */
export const SIGNATURE_HEADER = 'x-decomkit-signature';
/** The header carrying the signing time, in Unix seconds. */
export const TIMESTAMP_HEADER = 'x-decomkit-timestamp';
/** The header carrying the action's idempotency key on writes. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The signature of `body` sent at `timestamp` (Unix seconds): `v1=` and the
 * hex HMAC-SHA-256, keyed by `secret`, of `${timestamp}.${body}`.
 *
 * @example
 * ```ts
 * const signature = signWebhookBody(secret, '1764927000', '{"type":"cmdb.getItem","ciId":"CI0042"}');
 * ```
 */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What {@link verifyWebhookSignature} checks: the raw body and the two headers as received. */
export interface WebhookSignatureInput {
  readonly secret: string;
  /** The raw request body, exactly as received (before any JSON parsing). */
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** Now, in Unix seconds; default the system clock. */
  readonly now?: number;
  /** How old (or how far ahead) a timestamp may be; default 300 s. Older requests are replays. */
  readonly toleranceSeconds?: number;
}

/**
 * The receiver's reference check: true only when `signature` is the
 * HMAC-SHA-256 of `${timestamp}.${body}` under `secret` (compared in
 * constant time) and `timestamp` is within `toleranceSeconds` of now. A
 * tampered body, a wrong secret or a replayed old request is false.
 *
 * @example
 * ```ts
 * const ok = verifyWebhookSignature({
 *   secret,
 *   body: rawBody,
 *   timestamp: request.headers['x-decomkit-timestamp'],
 *   signature: request.headers['x-decomkit-signature'],
 * });
 * if (!ok) return response.writeHead(401).end();
 * ```
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): boolean {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
