// Image intake: bytes in, upright pixels out, or a typed refusal. The header is read first so that a
// decompression bomb is refused before a single pixel is decoded.
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { EngineError } from './errors.js';
import { defaultImageLimits, type ImageLimits } from './limits.js';
import { type GrayImage, type RgbImage, rgbToGray } from './raster.js';

const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff', 'gif']);

export interface DecodedImage {
  /** Upright (EXIF orientation applied) RGB pixels at full resolution. */
  readonly rgb: RgbImage;
  readonly gray: GrayImage;
  readonly format: string;
  /** EXIF orientation tag as stored (1 = none); already applied to the pixels. */
  readonly exifOrientation: number;
  /** Pixel size of the stored image before orientation. */
  readonly storedWidth: number;
  readonly storedHeight: number;
  readonly bytes: number;
}

export interface ImageHeader {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly exifOrientation: number;
}

export async function readImageHeader(
  bytes: Uint8Array,
  limits: ImageLimits = defaultImageLimits,
): Promise<ImageHeader> {
  if (bytes.length === 0) throw new EngineError('IMAGE_EMPTY', 'image is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new EngineError(
      'IMAGE_TOO_LARGE',
      `image has ${bytes.length} bytes; the limit is ${limits.maxBytes}`,
    );
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new EngineError('IMAGE_DECODE_FAILED', 'bytes are not a readable image', { cause: error });
  }
  const format = meta.format ?? 'unknown';
  if (!acceptedFormats.has(format)) {
    throw new EngineError('IMAGE_UNSUPPORTED_FORMAT', `image format "${format}" is not accepted`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > limits.maxPixels) {
    throw new EngineError(
      'IMAGE_TOO_LARGE',
      `image is ${width}x${height} pixels; the limit is ${limits.maxPixels} pixels`,
    );
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new EngineError(
      'IMAGE_TOO_SMALL',
      `image is ${width}x${height}; the smallest side must be >= ${limits.minSide}`,
    );
  }
  return { format, width, height, exifOrientation: meta.orientation ?? 1 };
}

export async function decodeImage(
  bytes: Uint8Array,
  limits: ImageLimits = defaultImageLimits,
): Promise<DecodedImage> {
  const header = await readImageHeader(bytes, limits);
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new EngineError('IMAGE_DECODE_FAILED', `image could not be decoded (${header.format})`, {
      cause: error,
    });
  }
  const { width, height, channels } = raw.info;
  if (channels !== 3) {
    throw new EngineError('IMAGE_DECODE_FAILED', `decoder returned ${channels} channels, expected 3`);
  }
  const rgb: RgbImage = {
    data: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length),
    width,
    height,
  };
  return {
    rgb,
    gray: rgbToGray(rgb),
    format: header.format,
    exifOrientation: header.exifOrientation,
    storedWidth: header.width,
    storedHeight: header.height,
    bytes: bytes.length,
  };
}
