import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3.1 document is generated from the route schemas (never written by hand) and served at
 * /openapi.json; /docs renders it with Swagger UI from files in the npm package, no CDN.
 */
export async function registerOpenApi(server: FastifyInstance, version: string): Promise<void> {
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'openkyc',
        version,
        description:
          "Self-hosted identity verification. The ARGOS-compatible surface (/modules, /v3) and the LINK-compatible surface speak the vendors' wire formats; see spec/argos.md and spec/link.md.",
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          adminSession: { type: 'http', scheme: 'bearer', description: 'POST /admin/api/session' },
        },
      },
    },
  });
  await server.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI sets inline styles, so styles need 'unsafe-inline'; scripts stay same-origin only.
    staticCSP:
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
  });
  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());
}
