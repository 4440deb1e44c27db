import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.js';
import { apiKeyAuthHook } from '../api-key-auth.js';
import type { RateLimiter } from '../rate-limiter.js';
import { recognitionRoutes } from './recognition-routes.js';
import { submissionsRoutes } from './submissions-routes.js';
import { tokensRoutes } from './tokens-routes.js';

/** The ARGOS-compatible surface (argos.md): every route behind the x-api-key check. */
export function argosRoutes(app: App, limiter: RateLimiter) {
  return async function argos(scope: FastifyInstance): Promise<void> {
    scope.addHook('onRequest', apiKeyAuthHook(app.projects, limiter));
    // JSON bodies arrive raw: they may be encrypted tokens with any content type (§2.5), and each
    // endpoint answers a malformed body in its own error family.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, done) => done(null, text));
    await scope.register(tokensRoutes(app));
    await scope.register(submissionsRoutes(app));
    await scope.register(recognitionRoutes(app));
  };
}
