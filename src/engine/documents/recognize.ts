// One recognition of a document (front and optional back) from the uploaded bytes: decode, MRZ (front,
// then back), then the document stage. This is what the Recognition API runs on its worker threads.
import { type DocumentStage, readDocumentSides } from '../document-report.js';
import { loadOpenCv } from '../geometry/opencv.js';
import { type DecodedImage, decodeImage } from '../image/decode.js';
import type { ImageLimits } from '../image/limits.js';
import { type MrzReading, readMrz } from '../mrz/reader.js';
import { stateName } from '../mrz/states.js';
import { modelsFor } from './catalogue.js';
import type { IdType, Side } from './types.js';

export interface RecognizeOptions {
  readonly requested?: { readonly country: string; readonly idType: IdType };
  readonly today?: Date;
  readonly limits?: ImageLimits;
}

export interface Recognition extends DocumentStage {
  readonly image: { readonly front: ImageSize; readonly back: ImageSize | null };
  readonly ms: number;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
  readonly format: string;
}

export async function recognizeDocument(
  front: Uint8Array,
  back: Uint8Array | undefined,
  options: RecognizeOptions = {},
): Promise<Recognition> {
  const started = performance.now();
  await loadOpenCv();
  const frontImage = await decodeImage(front, options.limits);
  const backImage = back ? await decodeImage(back, options.limits) : undefined;
  const today = options.today ?? new Date();
  // The side the requested document carries its MRZ on is read first (the back of a TD1 card): a search
  // of a side without an MRZ is the slowest thing the MRZ reader does.
  const expected = options.requested
    ? modelsFor(options.requested.country, options.requested.idType)[0]
    : undefined;
  const order: Side[] = backImage && expected?.mrz?.side === 'back' ? ['back', 'front'] : ['front', 'back'];
  let mrz: MrzReading | null = null;
  let mrzSide: Side = 'front';
  for (const side of order) {
    const image = side === 'front' ? frontImage : backImage;
    if (!image) continue;
    const reading = plausible(await readMrz(image.gray, { today }));
    if (reading && (!mrz || reading.parsed.valid)) {
      mrz = reading;
      mrzSide = side;
    }
    if (mrz?.parsed.valid) break;
    // A model without an MRZ: one look at the front is enough.
    if (expected && !expected.mrz) break;
  }
  const stage = await readDocumentSides({
    front: frontImage,
    ...(backImage ? { back: backImage } : {}),
    mrz,
    mrzSide,
    ...(options.requested ? { requested: options.requested } : {}),
    today,
  });
  return {
    ...stage,
    image: { front: size(frontImage), back: backImage ? size(backImage) : null },
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The MRZ reader reports its best attempt even when nothing verifies; such a reading is kept only when it
 * looks like an MRZ: a known issuing state, an ICAO document code and most check digits right. Lines of
 * ordinary print (a card's field values) fail this.
 */
function plausible(reading: MrzReading | null): MrzReading | null {
  if (!reading) return null;
  const { parsed } = reading;
  if (parsed.valid) return reading;
  const passed = parsed.checks.filter((c) => c.valid).length;
  const known = stateName(parsed.fields.issuingState) !== null;
  const code = /^[PIACV]/.test(parsed.fields.documentCode);
  return known && code && passed >= Math.max(2, parsed.checks.length - 1) ? reading : null;
}

function size(image: DecodedImage): ImageSize {
  return { width: image.rgb.width, height: image.rgb.height, format: image.format };
}
