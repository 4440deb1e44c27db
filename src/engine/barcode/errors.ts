export type BarcodeImageErrorCode = 'IMAGE_EMPTY' | 'IMAGE_UNREADABLE' | 'IMAGE_TOO_LARGE';

/** The input could not be turned into pixels. Anything past that is a result, not an error. */
export class BarcodeImageError extends Error {
  readonly code: BarcodeImageErrorCode;

  constructor(code: BarcodeImageErrorCode, message: string) {
    super(message);
    this.name = 'BarcodeImageError';
    this.code = code;
  }
}
