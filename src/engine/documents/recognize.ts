// One recognition of a document (front and optional back) from the uploaded bytes: decode, MRZ (front,
// then back), then the document stage. This is what the Recognition API runs on its worker threads.
import { type DocumentStage, readDocumentSides } from '../document-report.js';
import { loadOpenCv } from '../geometry/opencv.js';
import { type DecodedImage, decodeImage } from '../image/decode.js';
import type { ImageLimits } from '../image/limits.js';
import { readMrz } from '../mrz/reader.js';
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
  let mrz = await readMrz(frontImage.gray, { today });
  let mrzSide: Side = 'front';
  if (!mrz && backImage) {
    mrz = await readMrz(backImage.gray, { today });
    mrzSide = 'back';
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

function size(image: DecodedImage): ImageSize {
  return { width: image.rgb.width, height: image.rgb.height, format: image.format };
}
