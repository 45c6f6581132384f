/**
 * Webhook signatures: `X-Tickwise-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with
 * `X-Tickwise-Timestamp: <ms since epoch>`. A receiver recomputes the HMAC with the shared secret, compares in
 * constant time, and refuses timestamps too far from its clock (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the tests): true when `header` is the signature of `body` at `timestamp`. */
export function verifySignature(secret: string, timestamp: number, body: string, header: string): boolean {
  const want = Buffer.from(signature(secret, timestamp, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}
