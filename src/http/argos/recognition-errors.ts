import { VendorHttpError } from '../vendor-error.js';

// Family R of argos.md §1.4 / §3. Codes 1002, 1004 and 1007-1009 are undocumented and never emitted.
export const recognitionMessages = {
  '1001': 'Workspace is unavailable',
  '1003': 'Fail to process data',
  '1005': 'idImage is required',
  '1006': 'issuingCountry is required',
  '1010': 'callbackUrl is required',
  '1011': 'Fail to recognize idCard',
  '1012': 'Fail to recognize back of an idCard',
  '1013': 'Invalid image format',
  '1014': 'idType is required',
  '1015': 'invalid inputs : missing fields',
} as const;

export type RecognitionErrorCode = keyof typeof recognitionMessages;

export function recognitionErrorBody(code: RecognitionErrorCode, transactionId: string) {
  return {
    statusCode: 400,
    apiType: 'id_recognition',
    transactionId,
    errorCode: code,
    message: recognitionMessages[code],
  };
}

/** A request refused before (or instead of) processing, with the code that says why. */
export class RecognitionRefusal extends Error {
  override name = 'RecognitionRefusal';
  constructor(
    readonly code: RecognitionErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function recognitionHttpError(code: RecognitionErrorCode, transactionId: string): VendorHttpError {
  return new VendorHttpError(400, recognitionErrorBody(code, transactionId));
}
