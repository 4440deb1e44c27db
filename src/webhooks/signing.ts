import crypto from 'node:crypto';

// Every webhook and callback is signed: X-OpenKYC-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// with X-OpenKYC-Timestamp in Unix seconds (argos.md §15.1). Receivers recompute it over the raw body and
// reject old timestamps to stop replays; README shows the few lines it takes.

export function signatureOf(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Constant-time check of a signature header, with a freshness window against replays. */
export function verifySignature(
  secret: string,
  header: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const timestamp = Number(header.timestamp);
  if (!header.signature || !Number.isInteger(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody));
  const given = Buffer.from(header.signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
