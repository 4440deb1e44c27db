// Types of the PDF417 decoding side of the barcode engine.

export interface Point {
  x: number;
  y: number;
}

/** Corners of a symbol in the pixel coordinates of the input image (after its EXIF orientation). */
export interface Quad {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

export interface StructuredAppend {
  /** 0-based position of this symbol in its sequence. */
  index: number;
  /** Number of symbols in the sequence. */
  size: number;
  /** File id shared by the symbols of one sequence. */
  id: string;
}

/** One PDF417 symbol as read from the image. */
export interface Pdf417Symbol {
  /** Decoded payload bytes, without ECI designators. */
  bytes: Uint8Array;
  /** Text as zxing-cpp interprets the bytes (ECI-aware, with a character-set guess where there is none). */
  text: string;
  /** Payload in ECI protocol form ('\\dddddd' designators, '\\' doubled), without the symbology identifier. */
  eciStream: Uint8Array;
  hasEci: boolean;
  quad: Quad;
  /** Error-correction share reported by the decoder, e.g. '26%'. */
  ecLevel: string;
  sequence: StructuredAppend | null;
}

/** A barcode's content: one symbol, or a structured-append sequence merged in order. */
export interface Pdf417Barcode {
  bytes: Uint8Array;
  text: string;
  /** Corners of the first symbol that contributed. */
  quad: Quad;
  symbolCount: number;
  sequenceId: string | null;
  /** False for a structured-append sequence with symbols missing. */
  complete: boolean;
}

export type DecodeStrategy = 'direct' | 'deskew' | 'enhance' | 'upscale' | 'angle-sweep';

export interface Pdf417DecodeResult {
  barcodes: Pdf417Barcode[];
  /** Every symbol found, in reading order, before structured-append merging. */
  symbols: Pdf417Symbol[];
  /** The strategy that found the symbols; null when none did. */
  strategy: DecodeStrategy | null;
  /** Rotation applied to the image before the successful attempt (degrees, clockwise), 0 if none. */
  rotationDegrees: number;
  /** Skew the image analysis estimated (degrees), null when the image had no dominant direction. */
  estimatedSkewDegrees: number | null;
  /** Number of decoder passes made. */
  attempts: number;
  width: number;
  height: number;
  ms: number;
}

export interface Pdf417DecodeOptions {
  /** Stop trying after this many milliseconds (default 4000). The attempt running then completes. */
  budgetMs?: number;
  /** Skip the retries: one pass on the image as given (default false). */
  fast?: boolean;
}
