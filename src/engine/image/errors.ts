// Every way the engine refuses an input has a stable code, so that callers (CLI, HTTP layer) can map it to
// their own error shapes without parsing messages.

export type EngineErrorCode =
  | 'IMAGE_EMPTY'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_TOO_SMALL'
  | 'IMAGE_UNSUPPORTED_FORMAT'
  | 'IMAGE_DECODE_FAILED'
  | 'MODEL_LOAD_FAILED'
  | 'ENGINE_FAILED';

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
