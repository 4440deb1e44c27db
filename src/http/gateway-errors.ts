// Family G of argos.md §1.4: the bodies the vendor's API gateway answers with, before any endpoint runs.

export const gatewayErrors = {
  forbidden: { status: 403, message: 'Forbidden' },
  explicitDeny: {
    status: 403,
    message: 'User is not authorized to access this resource with an explicit deny',
  },
  notFound: { status: 404, message: 'Not Found' },
  tooLarge: { status: 413, message: 'Request Entity Too Large' },
  tooManyRequests: { status: 429, message: 'Too Many Requests' },
  badQuery: { status: 400, message: 'Invalid Query String parameters' },
  internal: { status: 500, message: 'Internal Server Error' },
  unsupportedMediaType: { status: 415, message: 'Unsupported Media Type' },
} as const;

export type GatewayError = keyof typeof gatewayErrors;

/** Thrown anywhere in a request to answer with a family-G body. */
export class GatewayHttpError extends Error {
  override name = 'GatewayHttpError';
  readonly statusCode: number;
  constructor(readonly kind: GatewayError) {
    super(gatewayErrors[kind].message);
    this.statusCode = gatewayErrors[kind].status;
  }
}
