// Public face of the barcode engine: PDF417 decoding of photos and scans, and AAMVA DL/ID parsing.
export { encodeAamva } from './aamva/encode.js';
export { parseAamva } from './aamva/parse.js';
export type * from './aamva/types.js';
export { type BarcodeImageInput, decodePdf417 } from './decode.js';
export { BarcodeImageError, type BarcodeImageErrorCode } from './errors.js';
export { type LicenceBarcodeReading, readLicenceBarcode } from './read-licence.js';
export { mergeStructuredAppend } from './structured-append.js';
export type * from './types.js';
