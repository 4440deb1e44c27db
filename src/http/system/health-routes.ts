import type { FastifyInstance } from 'fastify';
import Type from 'typebox';

/** Liveness for load balancers and scripts: the server only listens once the database is migrated. */
export async function healthRoutes(server: FastifyInstance): Promise<void> {
  server.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness probe',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const }),
  );
}
