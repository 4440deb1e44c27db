import type { Caller } from '../kyc/projects.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The project and key that authenticated this request (set by the API-key hook). */
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** The route answers a suspended project itself (recognition's error 1001) instead of a 403. */
    allowSuspendedProject?: boolean;
  }
}

export type { Caller };
