import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Projects } from '../kyc/projects.js';
import { gatewayErrors } from './gateway-errors.js';
import { isAllowed, parseAllowlist } from './ip-allowlist.js';
import type { RateLimiter } from './rate-limiter.js';
import './request-context.js';

/**
 * The `x-api-key` check of argos.md §1.1-1.2: the key names the project; a missing, unknown or revoked key
 * is 403 Forbidden; then the project's IP allowlist applies to the client address (socket peer, or
 * X-Forwarded-For from a trusted proxy, which Fastify's trustProxy resolves into request.ip); then the
 * project's request limits (§1.3).
 */
export function apiKeyAuthHook(projects: Projects, limiter: RateLimiter) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const caller = key ? await projects.authenticate(key) : undefined;
    if (!caller) {
      return reply.code(403).send({ message: gatewayErrors.forbidden.message });
    }
    if (caller.project.status === 'suspended' && !request.routeOptions.config.allowSuspendedProject) {
      return reply.code(403).send({ message: gatewayErrors.forbidden.message });
    }
    if (!isAllowed(request.ip, parseAllowlist(caller.project.settings.ipAllowlist))) {
      return reply.code(403).send({ message: gatewayErrors.explicitDeny.message });
    }
    if ((await limiter.take(caller.project.id)) !== 'ok') {
      return reply.code(429).send({ message: gatewayErrors.tooManyRequests.message });
    }
    request.caller = caller;
  };
}
