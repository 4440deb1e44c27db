import { parseAamva } from './aamva/parse.js';
import type { AamvaParseResult } from './aamva/types.js';
import { type BarcodeImageInput, decodePdf417 } from './decode.js';
import type { Pdf417Barcode, Pdf417DecodeOptions, Pdf417DecodeResult } from './types.js';

export interface LicenceBarcodeReading {
  decode: Pdf417DecodeResult;
  /** The barcode the AAMVA data was read from: the first that parses as AAMVA, else the first found. */
  barcode: Pdf417Barcode | null;
  /** null when no PDF417 symbol was found; a typed error when one was found but is not AAMVA. */
  aamva: AamvaParseResult | null;
}

/** Reads the PDF417 of a driver licence / ID card back and parses its AAMVA payload. */
export async function readLicenceBarcode(
  image: BarcodeImageInput,
  options: Pdf417DecodeOptions = {},
): Promise<LicenceBarcodeReading> {
  const decode = await decodePdf417(image, options);
  let first: { barcode: Pdf417Barcode; aamva: AamvaParseResult } | null = null;
  for (const barcode of decode.barcodes) {
    const aamva = parseAamva(barcode.bytes);
    if (aamva.ok) return { decode, barcode, aamva };
    first ??= { barcode, aamva };
  }
  return { decode, barcode: first?.barcode ?? null, aamva: first?.aamva ?? null };
}
