// The engine's answer for one document (front image, optional back). Stages add to it: the image facts,
// quality, orientation and the MRZ; the document stage (visual zone, barcode, classification) fills
// `document`, `fields`, `checks` and `recognition` without changing what the MRZ stage reports.
import type { DocumentRecognition } from './document-report.js';
import type { Quad } from './geometry/quad.js';
import type { ImageQuality } from './image/quality.js';
import type { MrzCheckResult, MrzFields, MrzRepair } from './mrz/types.js';

export interface ImageFacts {
  readonly format: string;
  readonly bytes: number;
  /** Pixel size after EXIF orientation, the frame every quad refers to. */
  readonly width: number;
  readonly height: number;
  readonly storedWidth: number;
  readonly storedHeight: number;
  readonly exifOrientation: number;
}

export interface MrzCharReport {
  readonly char: string;
  readonly confidence: number;
  readonly quad: Quad;
}

export interface MrzLineReport {
  /** As recognised, before parser repairs. */
  readonly text: string;
  readonly confidence: number;
  readonly quad: Quad;
  readonly chars: readonly MrzCharReport[];
}

export interface MrzReport {
  readonly format: string;
  /** Final lines (after the proven repairs listed in `repairs`). */
  readonly lines: readonly string[];
  readonly valid: boolean;
  readonly fields: MrzFields;
  readonly checks: readonly MrzCheckResult[];
  readonly repairs: readonly MrzRepair[];
  readonly problems: readonly string[];
  readonly confidence: number;
  readonly recognised: readonly MrzLineReport[];
  /** Which image the MRZ was read from. */
  readonly side: 'front' | 'back';
}

export type FieldSource = 'mrz' | 'viz' | 'barcode';

export interface FieldValue {
  readonly value: string;
  /** 0..1 */
  readonly confidence: number;
  readonly source: FieldSource;
  /** Its check passed (check digit, national checksum, plausible date); null where no check exists. */
  readonly accepted: boolean | null;
  /** The image the value was read from. */
  readonly side: 'front' | 'back';
  /** Where the value was read, in the original (EXIF-oriented) image of its side. */
  readonly quad?: Quad;
  /** Where the value was read, in the processed image of its side (cut to the document, upright). */
  readonly processedQuad?: Quad;
}

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  /** Stable identifier, e.g. "mrz.check_digit.birth_date". */
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** What the check looked at ("<field> <source> <side>" entries), where it compares readings. */
  readonly inputs?: readonly string[];
}

export interface DocumentReport {
  readonly image: ImageFacts;
  readonly quality: ImageQuality;
  /** Clockwise quarter turn that makes the document upright, when known (for a mirror image: after flipping it left-right). */
  readonly rotation: 0 | 90 | 180 | 270 | null;
  /** Reading direction of the document text in degrees (counter-clockwise), when known. */
  readonly angle: number | null;
  /** The image is a mirror image of the document (flipped scan or selfie camera). */
  readonly mirrored: boolean;
  readonly mrz: MrzReport | null;
  readonly document: { readonly type: string; readonly country: string } | null;
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly checks: readonly CheckResult[];
  /** The document stage: model, classification evidence, sides, barcode; null when it did not run. */
  readonly recognition: DocumentRecognition | null;
  /** Milliseconds per stage, and `total`. */
  readonly timings: Readonly<Record<string, number>>;
  /** Results of later stages (barcode, classification, ...) keyed by stage name. */
  readonly extensions: Readonly<Record<string, unknown>>;
}
