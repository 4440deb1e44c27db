import { type Logger, pino } from 'pino';

// Personal data and credentials never reach the log. Fastify logs requests through these serializers, so the
// query string (which carries e-mails, user ids and encrypted parameters) is cut to its parameter names.

export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.secretKey',
  '*.email',
  '*.name',
  '*.fullName',
  '*.full_name',
  '*.birthDate',
  '*.date_of_birth',
  '*.idImage',
  '*.idBackImage',
  '*.faceImage',
  '*.selfieImage',
];

export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const names = new URLSearchParams(url.slice(question + 1)).keys();
  return `${url.slice(0, question)}?${[...new Set(names)].map((name) => `${name}=…`).join('&')}`;
}

interface RequestLike {
  method: string;
  url: string;
  id?: unknown;
  ip?: string;
  headers?: Record<string, unknown>;
}

export const serializers = {
  req(request: RequestLike) {
    return {
      id: request.id,
      method: request.method,
      url: redactUrl(request.url),
      userAgent: request.headers?.['user-agent'],
    };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};

export function createLogger(options: { level: string; destination?: 'stdout' | 'stderr' }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers,
      base: { service: 'openkyc' },
    },
    pino.destination(options.destination === 'stderr' ? 2 : 1),
  );
}

export type { Logger };
