import type { TokenProblem } from '../../kyc/tokens.js';
import { VendorHttpError } from '../vendor-error.js';

// Family T of argos.md §1.4 / §13.4.
const messages = {
  invalid_payload: 'Invalid payload.',
  invalid_path: 'Invalid path.',
  invalid_project: 'Invalid project.',
  invalid_token_id: 'tokenId must be a non-empty array.',
  invalid_token_id_format: 'Invalid tokenId format.',
  request_token_limit_exceeded: 'Too many tokens in one request (500).',
  token_pool_limit_exceeded: 'Token pool limit exceeded (100000).',
  token_id_not_found: 'Token id not found.',
  token_not_found: 'Token not found.',
  internal_server_error: 'Internal server error.',
} as const;

export type TokenErrorCode = keyof typeof messages;

export function tokenError(code: TokenErrorCode, errorDetails?: Record<string, unknown>): VendorHttpError {
  return new VendorHttpError(code === 'internal_server_error' ? 500 : 400, {
    errorCode: code,
    errorMessage: messages[code],
    ...(errorDetails ? { errorDetails } : {}),
  });
}

/** A decryption failure answers with the shared text of argos.md §2.5. */
export function tokenDecryptionError(): VendorHttpError {
  return new VendorHttpError(400, {
    errorCode: 'invalid_payload',
    errorMessage: 'Decryption is Failed. Please check the api-key.',
  });
}

export function tokenProblemError(problem: TokenProblem): VendorHttpError {
  switch (problem.kind) {
    case 'emptyList':
      return tokenError('invalid_token_id');
    case 'badFormat':
      return tokenError('invalid_token_id_format', { invalid: problem.invalid });
    case 'tooManyInRequest':
      return tokenError('request_token_limit_exceeded');
    case 'poolFull':
      return tokenError('token_pool_limit_exceeded', { currentCount: problem.currentCount, limit: 100_000 });
    case 'noneFound':
      return tokenError('token_id_not_found');
    case 'notFound':
      return tokenError('token_not_found');
    case 'badDeleteCount':
      return tokenError('invalid_payload');
  }
}
