import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkDestinationAddress, OutboundError, type OutboundPolicy } from './outbound-policy.js';

export const ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface PostResult {
  readonly statusCode: number;
  readonly latencyMs: number;
}

/**
 * One POST, SSRF-safe: the host name is resolved once, every address checked against the policy, and the
 * socket connects to the checked address (so DNS cannot answer differently between check and connect).
 * No redirect is followed; at most 64 KiB of the response is read; connect + response within 5 s.
 */
export async function safePost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<PostResult> {
  const started = performance.now();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await dns.lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new OutboundError(`cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const chosen = addresses[0];
  if (!chosen) throw new OutboundError(`cannot resolve ${host}`);
  for (const candidate of addresses) checkDestinationAddress(policy, host, candidate.address);

  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      callback(null, [{ address: chosen.address, family: chosen.family }]);
    else callback(null, chosen.address, chosen.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
        lookup: pinnedLookup,
        timeout: timeoutMs,
        agent: false,
      },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const finish = () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            latencyMs: Math.round(performance.now() - started),
          });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    const deadline = setTimeout(
      () => request.destroy(new OutboundError(`no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new OutboundError(`no response within ${timeoutMs} ms`)));
    request.on('error', (error) =>
      reject(
        error instanceof OutboundError
          ? error
          : new OutboundError((error as NodeJS.ErrnoException).code ?? error.message),
      ),
    );
    request.end(body);
  });
}
