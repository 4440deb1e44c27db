import crypto from 'node:crypto';
import fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { adminRoutes } from './admin/admin-routes.js';
import { amlAdminRoutes } from './admin/aml-routes.js';
import { argosRoutes } from './argos/argos-routes.js';
import { GatewayHttpError, gatewayErrors } from './gateway-errors.js';
import { type LiveformOptions, liveformRoutes } from './liveform/liveform-routes.js';
import { createRateLimiter } from './rate-limiter.js';
import { healthRoutes } from './system/health-routes.js';
import { registerOpenApi } from './system/openapi.js';
import { VendorHttpError } from './vendor-error.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface ServerOptions {
  readonly version: string;
  /** The Liveform's clock and liveness prompt, which tests control. */
  readonly liveform?: LiveformOptions;
}

/** A Fastify instance with the request ids, limits and family-G error answers every listener shares. */
function baseServer(app: App): FastifyInstance {
  const { config } = app;
  const server = fastify({
    loggerInstance: app.logger as FastifyBaseLogger,
    // A caller's own request id is kept (and echoed) when it is sane, so logs can be joined across systems.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: config.jsonBodyLimit,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });

  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  server.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ message: gatewayErrors.notFound.message });
  });

  // Family G for whatever a surface does not answer in its own family (argos.md §1.3-1.4).
  server.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof VendorHttpError) return reply.code(error.statusCode).send(error.body);
    if (error instanceof GatewayHttpError)
      return reply.code(error.statusCode).send({ message: error.message });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ message: gatewayErrors.tooLarge.message });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ message: gatewayErrors.unsupportedMediaType.message });
    }
    if (error.validation && error.validationContext === 'querystring') {
      return reply.code(400).send({ message: gatewayErrors.badQuery.message });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: gatewayErrors.internal.message });
  });

  return server;
}

/** The HTTP server with every surface registered; not yet listening. */
export async function buildServer(app: App, options: ServerOptions): Promise<FastifyInstance> {
  const { config } = app;
  const server = baseServer(app);
  await registerOpenApi(server, options.version);
  await server.register(healthRoutes);
  const limiter = createRateLimiter(
    app.db,
    { perSecond: config.rateLimitPerSecond, perDay: config.rateLimitPerDay },
    app.logger,
  );
  server.addHook('onClose', () => limiter.close());
  await server.register(argosRoutes(app, limiter));
  await server.register(adminRoutes(app));
  await server.register(amlAdminRoutes(app));
  await server.register(liveformRoutes(app, options.liveform));
  return server;
}

/**
 * The dedicated Liveform listener (argos.md §14.1, OPENKYC_LIVEFORM_PORT): only the capture page, its API and
 * assets, with the URL also at `/?pid=…`; everything else is 404. Not yet listening.
 */
export async function buildLiveformServer(
  app: App,
  options: { readonly liveform?: LiveformOptions } = {},
): Promise<FastifyInstance> {
  const server = baseServer(app);
  await server.register(healthRoutes);
  await server.register(liveformRoutes(app, { ...options.liveform, atRoot: true }));
  return server;
}
