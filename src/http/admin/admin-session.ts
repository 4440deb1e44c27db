import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// Dashboard sessions are stateless bearer tokens: base64url(JSON{sub, email, exp}).base64url(HMAC-SHA256).
// The key is derived from the master key, so a restart keeps sessions valid and a new master key ends them.

export const SESSION_LIFETIME_SECONDS = 12 * 3600;

export interface AdminSession {
  readonly adminId: string;
  readonly email: string;
  readonly expiresAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    admin?: AdminSession;
  }
}

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function issueSessionToken(key: Buffer, adminId: string, email: string, now = Date.now()): string {
  const payload = encode(
    JSON.stringify({ sub: adminId, email, exp: Math.floor(now / 1000) + SESSION_LIFETIME_SECONDS }),
  );
  return `${payload}.${encode(crypto.createHmac('sha256', key).update(payload).digest())}`;
}

export function readSessionToken(key: Buffer, token: string, now = Date.now()): AdminSession | undefined {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return undefined;
  const expected = crypto.createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub: string;
      email: string;
      exp: number;
    };
    if (claims.exp * 1000 <= now) return undefined;
    return { adminId: claims.sub, email: claims.email, expiresAt: claims.exp };
  } catch {
    return undefined;
  }
}

export function adminAuthHook(key: Buffer) {
  return async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const session = token ? readSessionToken(key, token) : undefined;
    if (!session) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Sign in first.' });
    }
    request.admin = session;
  };
}
