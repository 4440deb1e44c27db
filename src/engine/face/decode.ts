import sharp from 'sharp';
import type { RgbImage } from './types.js';

/** Decoded pixels beyond this are refused (a decompression bomb guard), ~40 MP. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Larger images are scaled down first: faces on ID pages and selfies stay well above the embedding's 150 px. */
export const MAX_WORKING_SIDE = 1600;

export class FaceImageError extends Error {
  override readonly name = 'FaceImageError';
}

/** Decodes JPEG/PNG/WebP/... bytes to upright RGB (EXIF orientation applied), scaled to MAX_WORKING_SIDE. */
export async function decodeRgb(
  bytes: Uint8Array,
  maxSide = MAX_WORKING_SIDE,
): Promise<{ image: RgbImage; scale: number }> {
  if (bytes.byteLength === 0) throw new FaceImageError('empty image');
  try {
    const pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    const meta = await pipeline.metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const w = (rotated ? meta.height : meta.width) ?? 0;
    const h = (rotated ? meta.width : meta.height) ?? 0;
    if (w < 16 || h < 16) throw new FaceImageError(`image too small (${w}x${h})`);
    const scale = Math.min(1, maxSide / Math.max(w, h));
    const { data, info } = await pipeline
      .resize(scale < 1 ? { width: Math.round(w * scale), height: Math.round(h * scale) } : undefined)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new FaceImageError(`unexpected channel count ${info.channels}`);
    return {
      image: {
        width: info.width,
        height: info.height,
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      },
      scale: info.width / w,
    };
  } catch (error) {
    if (error instanceof FaceImageError) throw error;
    throw new FaceImageError(`cannot decode image: ${(error as Error).message}`);
  }
}
