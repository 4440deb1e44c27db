/**
 * An error answered with a vendor's exact body and status. Each surface builds these from its own error
 * tables (argos.md §1.4 families, link.md), and the server's error handler sends them unchanged.
 */
export class VendorHttpError extends Error {
  override name = 'VendorHttpError';
  constructor(
    readonly statusCode: number,
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${statusCode}`);
  }
}
